import { ReportDefinition } from '../report-table';
import { MARKETPLACE_REPORT, MarketplaceReportResolver } from './marketplace.report';
import { NETWORK_REPORT, NetworkReportResolver } from './network.report';
import { PASUNG_REPORT, PasungReportResolver } from './pasung.report';
import { REFERRALS_REPORT, ReferralsReportResolver } from './referrals.report';
import { SURVEYS_REPORT, SurveysReportResolver } from './surveys.report';
import { TRAININGS_REPORT, TrainingsReportResolver } from './trainings.report';

/** Every analytics report: the GraphQL `analytics` fields and the CSV/XLSX exports both come from this list. */
export const ANALYTICS_REPORTS: readonly ReportDefinition[] = [
  NETWORK_REPORT,
  REFERRALS_REPORT,
  SURVEYS_REPORT,
  MARKETPLACE_REPORT,
  TRAININGS_REPORT,
  PASUNG_REPORT,
];

export const REPORT_RESOLVERS = [
  NetworkReportResolver,
  ReferralsReportResolver,
  SurveysReportResolver,
  MarketplaceReportResolver,
  TrainingsReportResolver,
  PasungReportResolver,
];
