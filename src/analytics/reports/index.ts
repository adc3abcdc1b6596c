import { ReportDefinition } from '../report-table';
import { FUNNEL_REPORT, FunnelReportResolver } from './funnel.report';
import { GRANTS_REPORT, GrantsReportResolver } from './grants.report';
import { MARKETPLACE_REPORT, MarketplaceReportResolver } from './marketplace.report';
import { NETWORK_REPORT, NetworkReportResolver } from './network.report';
import { PASUNG_REPORT, PasungReportResolver } from './pasung.report';
import { REFERRALS_REPORT, ReferralsReportResolver } from './referrals.report';
import { SURVEYS_REPORT, SurveysReportResolver } from './surveys.report';
import { TRAININGS_REPORT, TrainingsReportResolver } from './trainings.report';

/** Every analytics report: the GraphQL `analytics` fields and the CSV/XLSX exports both come from this list. */
export const ANALYTICS_REPORTS: readonly ReportDefinition[] = [
  NETWORK_REPORT,
  FUNNEL_REPORT,
  GRANTS_REPORT,
  TRAININGS_REPORT,
  REFERRALS_REPORT,
  PASUNG_REPORT,
  MARKETPLACE_REPORT,
  SURVEYS_REPORT,
];

export const REPORT_RESOLVERS = [
  NetworkReportResolver,
  FunnelReportResolver,
  GrantsReportResolver,
  TrainingsReportResolver,
  ReferralsReportResolver,
  PasungReportResolver,
  MarketplaceReportResolver,
  SurveysReportResolver,
];
