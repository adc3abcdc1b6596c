import { ExtensionsAndIdempotency1795300000001 } from './1795300000001-extensions-and-idempotency';
import { RegionsAndReferenceData1795300000002 } from './1795300000002-regions-and-reference-data';
import { Organizations1795300000003 } from './1795300000003-organizations';
import { Identity1795300000004 } from './1795300000004-identity';
import { Audit1795300000010 } from './1795300000010-audit';
import { Persons1795300000020 } from './1795300000020-persons';
import { Cases1795300000030 } from './1795300000030-cases';
import { Pasung1795300000031 } from './1795300000031-pasung';
import { ServicesAndPartnerships1795300000040 } from './1795300000040-services-and-partnerships';
import { Referrals1795300000041 } from './1795300000041-referrals';
import { Webhooks1795300000045 } from './1795300000045-webhooks';
import { Businesses1795300000052 } from './1795300000052-businesses';
import { Trainings1795300000050 } from './1795300000050-trainings';
import { Marketplace1795300000053 } from './1795300000053-marketplace';
import { Grants1795300000051 } from './1795300000051-grants';
import { Surveys1795300000060 } from './1795300000060-surveys';
import { IdempotencyJsonBody1795300000070 } from './1795300000070-idempotency-json-body';
import { AnalyticsBusinessStatus1795300000080 } from './1795300000080-analytics-business-status';

/**
 * Every migration, in order. Listed explicitly (not globbed) so that the app, the CLI and the tests load the same
 * set whether they run from TypeScript or from `dist/`. A new migration is added at the end.
 */
export const MIGRATIONS = [
  ExtensionsAndIdempotency1795300000001,
  RegionsAndReferenceData1795300000002,
  Organizations1795300000003,
  Identity1795300000004,
  Audit1795300000010,
  Persons1795300000020,
  Cases1795300000030,
  Pasung1795300000031,
  ServicesAndPartnerships1795300000040,
  Referrals1795300000041,
  Webhooks1795300000045,
  Trainings1795300000050,
  Grants1795300000051,
  Businesses1795300000052,
  Marketplace1795300000053,
  Surveys1795300000060,
  IdempotencyJsonBody1795300000070,
  AnalyticsBusinessStatus1795300000080,
];
