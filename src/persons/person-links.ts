/**
 * Every table whose rows belong to a person through a `person_id` column. A merge moves these rows from the
 * duplicate to the survivor (and an unmerge moves exactly those rows back), so a module that adds such a table
 * adds it here; the persons e2e test fails if a table with a person_id column is missing.
 */
export const PERSON_LINK_TABLES: readonly string[] = [
  'person_kk_numbers',
  'person_domiciles',
  'person_ppks_categories',
  'consents',
  'data_subject_requests',
  'cases',
  'pasung_cases',
  'referrals',
  'training_enrolments',
  'businesses',
  'product_makers',
  'market_event_makers',
  'maker_revenue',
  'grants',
];
