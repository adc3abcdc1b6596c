import { ReportDefinition } from '../report-table';
import { NETWORK_REPORT, NetworkReportResolver } from './network.report';

/** Every analytics report: the GraphQL `analytics` fields and the CSV/XLSX exports both come from this list. */
export const ANALYTICS_REPORTS: readonly ReportDefinition[] = [NETWORK_REPORT];

export const REPORT_RESOLVERS = [NetworkReportResolver];
