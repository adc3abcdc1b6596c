import { ReportDefinition } from '../report-table';
import { FUNNEL_REPORT, FunnelReportResolver } from './funnel.report';
import { GRANTS_REPORT, GrantsReportResolver } from './grants.report';
import { NETWORK_REPORT, NetworkReportResolver } from './network.report';

/** Every analytics report: the GraphQL `analytics` fields and the CSV/XLSX exports both come from this list. */
export const ANALYTICS_REPORTS: readonly ReportDefinition[] = [NETWORK_REPORT, FUNNEL_REPORT, GRANTS_REPORT];

export const REPORT_RESOLVERS = [NetworkReportResolver, FunnelReportResolver, GrantsReportResolver];
