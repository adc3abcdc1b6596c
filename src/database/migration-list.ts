import { MIGRATIONS as FIRST_MIGRATIONS } from '../../migrations';
import { AnalyticsIndexes1795300000081 } from '../../migrations/1795300000081-analytics-indexes';
import { Imports1795300000090 } from '../../migrations/1795300000090-imports';
import { ListOrderIndexes1795300000095 } from '../../migrations/1795300000095-list-order-indexes';
import { AnalyticsPersonIndex1795300000100 } from '../../migrations/1795300000100-analytics-person-index';
import { PersonReferenceIndexes1795300000101 } from '../../migrations/1795300000101-person-reference-indexes';
import { AnalyticsIncomeToDate1795300000102 } from '../../migrations/1795300000102-analytics-income-to-date';

/**
 * Every migration, in order: those `migrations/index.ts` listed when it landed (up to 080), then the later ones.
 * Files under `migrations/` are never edited once landed, that list included, so a new migration is added at the
 * end of this one. Listed explicitly (not globbed) so that the app, the CLI and the tests load the same set
 * whether they run from TypeScript or from `dist/`.
 */
export const MIGRATIONS = [
  ...FIRST_MIGRATIONS,
  AnalyticsIndexes1795300000081,
  Imports1795300000090,
  ListOrderIndexes1795300000095,
  AnalyticsPersonIndex1795300000100,
  PersonReferenceIndexes1795300000101,
  AnalyticsIncomeToDate1795300000102,
];
