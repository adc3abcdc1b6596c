import { Client, ClientBase } from 'pg';
import { insertParams, INSERT_EVENT_SQL, toEventRow } from '../audit/audit-entry';
import { RequestContext } from '../common/context/request-context';
import { validateNik } from '../persons/nik';
import { PiiCipher } from '../persons/pii/pii-cipher';
import { PII_CONTEXTS } from '../persons/pii/pii-columns';
import * as businesses from './businesses';
import { addDays, dayNumber, fromDayNumber } from './calendar';
import * as cases from './cases';
import { SeedContext } from './context';
import { copyInto, CopyValue } from './copy';
import * as grants from './grants';
import { IdentityNumbers } from './identity-numbers';
import * as marketplace from './marketplace';
import * as organizations from './organizations';
import * as pasung from './pasung';
import * as people from './people';
import { loadReference } from './reference';
import * as referrals from './referrals';
import { DEFAULT_AS_OF, SCALE_CONFIGS, ScaleName } from './scale';
import * as surveys from './surveys';
import * as trainings from './trainings';

export interface SeedOptions {
  scale: ScaleName;
  seed: number;
  /** The data set's "today" (YYYY-MM-DD); DEFAULT_AS_OF when absent. */
  asOf?: string;
  /** Seed on top of existing data instead of refusing. */
  force?: boolean;
  /** The service's cipher (PII_ENCRYPTION_KEY), so that it can read the seeded identity numbers. */
  cipher: PiiCipher;
  log?: (line: string) => void;
}

export interface SeedSummary {
  scale: ScaleName;
  seed: number;
  asOf: string;
  rows: Record<string, number>;
  totalRows: number;
  planSeconds: number;
  loadSeconds: number;
  analyzeSeconds: number;
  seconds: number;
}

/** The seed would overwrite or mix with data that is already there; the message says what to do. */
export class SeedRefusedError extends Error {
  override name = 'SeedRefusedError';
}

/** Tables whose rows are data rather than reference data: any row in them means the database is in use. */
export const DATA_TABLES = [
  'persons',
  'cases',
  'pasung_cases',
  'referrals',
  'trainings',
  'grant_budgets',
  'grants',
  'businesses',
  'products',
  'orders',
  'market_events',
  'services',
  'partnerships',
  'surveys',
] as const;

/**
 * Generates the synthetic data set and loads it with COPY into the (migrated) database at `databaseUrl`, in one
 * transaction: either all of it is there, or none. Then ANALYZE, so the planner knows the new sizes at once.
 */
export async function seedSynthetic(databaseUrl: string, options: SeedOptions): Promise<SeedSummary> {
  const log = options.log ?? (() => undefined);
  const asOf = options.asOf ?? DEFAULT_AS_OF;
  const started = process.hrtime.bigint();
  const client = new Client({ connectionString: databaseUrl, application_name: 'jejaring-seed' });
  await client.connect();
  try {
    const used = await tablesInUse(client);
    if (used.length > 0 && !options.force) {
      throw new SeedRefusedError(
        `The database already holds data (${used.join(', ')}). Seed an empty database, or pass --force to add the ` +
          'synthetic data on top of it.',
      );
    }
    const ref = await loadReference(client);
    const ctx = new SeedContext(options.scale, options.seed, asOf, SCALE_CONFIGS[options.scale], ref);
    const firstPerson = ctx.id('person', 0);
    if ((await client.query(`SELECT 1 FROM persons WHERE id = $1`, [firstPerson])).rowCount) {
      throw new SeedRefusedError(`Seed ${options.seed} at scale ${options.scale} is already loaded in this database.`);
    }
    const taken = options.force ? await existingNikIndexes(client) : new Set<string>();
    log(`planning the ${options.scale} data set, seed ${options.seed}, as of ${asOf}`);
    const plan = makePlan(
      ctx,
      new IdentityNumbers((nik) => taken.size > 0 && taken.has(options.cipher.blindIndex(nik, PII_CONTEXTS.nik))),
      log,
    );
    checkPlan(ctx, plan);
    const planned = process.hrtime.bigint();
    log(`planned in ${seconds(started, planned)} s; loading with COPY`);

    const rows: Record<string, number> = {};
    const copy = async (table: string, columns: readonly string[], generator: Iterable<readonly CopyValue[]>) => {
      const t0 = process.hrtime.bigint();
      rows[table] = (rows[table] ?? 0) + (await copyInto(client, table, columns, generator));
      log(`  ${table.padEnd(28)} ${String(rows[table]).padStart(9)} rows  ${seconds(t0, process.hrtime.bigint())} s`);
    };
    await client.query('BEGIN');
    try {
      await load(ctx, plan, options.cipher, client, copy, rows);
      await recordAudit(client, ctx, rows);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    const loaded = process.hrtime.bigint();
    log(`loaded in ${seconds(planned, loaded)} s; ANALYZE`);
    await client.query('ANALYZE');
    const done = process.hrtime.bigint();
    return {
      scale: options.scale,
      seed: options.seed,
      asOf,
      rows,
      totalRows: Object.values(rows).reduce((a, b) => a + b, 0),
      planSeconds: Number(seconds(started, planned)),
      loadSeconds: Number(seconds(planned, loaded)),
      analyzeSeconds: Number(seconds(loaded, done)),
      seconds: Number(seconds(started, done)),
    };
  } finally {
    await client.end();
  }
}

export async function tablesInUse(client: ClientBase): Promise<string[]> {
  const used: string[] = [];
  for (const table of DATA_TABLES) {
    const { rows } = await client.query<{ used: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${table}) AS used`);
    if (rows[0].used) used.push(table);
  }
  return used;
}

async function existingNikIndexes(client: ClientBase): Promise<Set<string>> {
  const { rows } = await client.query<{ nik_index: string }>(
    `SELECT nik_index FROM persons WHERE nik_index IS NOT NULL`,
  );
  return new Set(rows.map((r) => r.nik_index));
}

interface Plan {
  orgs: organizations.OrganizationsPlan;
  people: people.PeoplePlan;
  cases: cases.CasesPlan;
  pasung: pasung.PasungPlan[];
  grants: grants.GrantsPlan;
  businesses: businesses.BusinessesPlan;
  trainings: trainings.TrainingsPlan;
  referrals: referrals.ReferralsPlan;
  marketplace: marketplace.MarketplacePlan;
  surveys: ReturnType<typeof surveys.planSurveys>;
}

/**
 * The order matters only where one plan reads another's result: cases close before after-care is derived from
 * them (business graduation closes cases), and grants exist before the trainings they ask for.
 */
export function makePlan(
  ctx: SeedContext,
  numbers: IdentityNumbers,
  log: (line: string) => void = () => undefined,
): Plan {
  let t0 = process.hrtime.bigint();
  const phase = (name: string) => {
    const now = process.hrtime.bigint();
    log(
      `  plan ${name.padEnd(23)} ${seconds(t0, now)} s  (heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB)`,
    );
    t0 = now;
  };
  const orgs = organizations.planOrganizations(ctx);
  const peoplePlan = new people.PeoplePlan(ctx, numbers);
  const casesPlan = new cases.CasesPlan(ctx, peoplePlan, orgs);
  casesPlan.planResidential();
  casesPlan.planCommunity();
  phase('UPT stays, eks klien');
  const pasungPlan = pasung.planPasung(ctx, peoplePlan, casesPlan, orgs);
  // Everyone else in the registry: other PPKS registered by the regency offices over the last seven years.
  const from = dayNumber(addDays(ctx.asOf, -7 * 365));
  for (let k = 0; peoplePlan.persons.length < ctx.config.persons; k++) {
    const prng = ctx.prng('general', k);
    const registeredOn = fromDayNumber(from + Math.floor(Math.pow(prng.next(), 0.8) * (dayNumber(ctx.asOf) - from)));
    peoplePlan.add({ kind: 'GENERAL', regency: peoplePlan.regency(prng), registeredOn });
  }
  phase('pasung, other PPKS');
  const grantsPlan = new grants.GrantsPlan(ctx, peoplePlan, casesPlan, orgs);
  grantsPlan.plan();
  phase('grants');
  const businessesPlan = new businesses.BusinessesPlan(ctx, peoplePlan, casesPlan, grantsPlan);
  businessesPlan.plan();
  phase('businesses');
  const trainingsPlan = new trainings.TrainingsPlan(ctx, peoplePlan, casesPlan, orgs, grantsPlan);
  trainingsPlan.plan();
  grantsPlan.planBudgets();
  phase('trainings, budgets');
  const referralsPlan = new referrals.ReferralsPlan(ctx, peoplePlan, casesPlan, orgs);
  referralsPlan.plan();
  phase('after-care, referrals');
  const marketplacePlan = new marketplace.MarketplacePlan(ctx, orgs, casesPlan, businessesPlan);
  marketplacePlan.plan();
  phase('marketplace');
  return {
    orgs,
    people: peoplePlan,
    cases: casesPlan,
    pasung: pasungPlan,
    grants: grantsPlan,
    businesses: businessesPlan,
    trainings: trainingsPlan,
    referrals: referralsPlan,
    marketplace: marketplacePlan,
    surveys: surveys.planSurveys(ctx, orgs),
  };
}

/** Invariants checked before anything is written: a broken plan is a bug here, not the database's to find. */
function checkPlan(ctx: SeedContext, plan: Plan): void {
  const known = {
    regencies: new Set(ctx.ref.regencies.map((r) => r.code)),
    districts: new Set(ctx.ref.regencies.flatMap((r) => r.districts.map((d) => d.code))),
  };
  for (const p of plan.people.persons) {
    if (!p.nik) continue;
    const check = validateNik(
      p.nik,
      known,
      { birthDate: p.birthDate, birthDatePrecision: p.birthDatePrecision, sex: p.sex },
      new Date(`${ctx.asOf}T12:00:00Z`),
    );
    if (!check.ok || check.warnings.length > 0 || check.districtCode !== p.village.districtCode) {
      throw new Error(`person ${p.index}: generated NIK fails the registry's rules`);
    }
  }
  const residents = new Map<string, number>();
  for (const c of plan.cases.cases) {
    if (c.residence && !c.residence.dischargedOn) residents.set(c.org.id, (residents.get(c.org.id) ?? 0) + 1);
  }
  for (const upt of plan.orgs.upts) {
    if ((residents.get(upt.id) ?? 0) > (upt.capacity ?? 0)) throw new Error(`UPT ${upt.code} over capacity`);
  }
  if (ctx.scale === 'province') {
    const { config } = ctx;
    const counts: [string, number, number][] = [
      ['persons', plan.people.persons.length, config.persons],
      ['cases', plan.cases.cases.length, config.cases],
      ['grants', plan.grants.grants.length, config.grants],
      ['business reports', plan.businesses.reportCount, config.businessReports],
      ['referrals', plan.referrals.referrals.length, config.referrals],
    ];
    for (const [what, got, want] of counts)
      if (got < want) throw new Error(`${what}: planned ${got}, the scale needs ${want}`);
  }
}

export async function load(
  ctx: SeedContext,
  plan: Plan,
  cipher: PiiCipher,
  client: ClientBase,
  copy: (table: string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>) => Promise<void>,
  rows: Record<string, number>,
): Promise<void> {
  const { orgs } = plan;
  await copy('organizations', organizations.ORGANIZATION_COLUMNS, organizations.organizationRows(ctx, orgs));
  await copy(
    'organization_ppks_categories',
    ['organization_id', 'ppks_code'],
    organizations.organizationPpksRows(orgs),
  );
  await copy('services', organizations.SERVICE_COLUMNS, organizations.serviceRows(ctx, orgs));
  await copy('service_areas', ['service_id', 'region_code'], organizations.serviceAreaRows(orgs));
  await copy(
    'partnerships',
    ['id', 'scope', 'valid_from', 'valid_to', 'document_reference', 'version', 'created_at', 'updated_at'],
    organizations.partnershipRows(ctx, orgs),
  );
  await copy('partnership_parties', ['partnership_id', 'organization_id'], organizations.partnershipPartyRows(orgs));

  await copy('persons', people.PERSON_COLUMNS, people.personRows(ctx, plan.people, cipher));
  await copy('person_domiciles', people.DOMICILE_COLUMNS, people.domicileRows(ctx, plan.people));
  await copy('person_kk_numbers', people.KK_COLUMNS, people.kkRows(ctx, plan.people, cipher));
  await copy('person_ppks_categories', people.PPKS_COLUMNS, people.ppksRows(ctx, plan.people));
  await copy('consents', people.CONSENT_COLUMNS, people.consentRows(ctx, plan.people));

  await copy('cases', cases.CASE_COLUMNS, cases.caseRows(ctx, plan.cases));
  await copy('case_residences', cases.RESIDENCE_COLUMNS, cases.residenceRows(ctx, plan.cases));
  await copy('case_assessments', cases.ASSESSMENT_COLUMNS, cases.assessmentRows(ctx, plan.cases));
  await copy('case_follow_ups', cases.FOLLOW_UP_COLUMNS, cases.followUpRows(ctx, plan.cases));
  await copy('case_visits', cases.VISIT_COLUMNS, cases.visitRows(ctx, plan.cases));
  // Follow-ups and visits point at each other: the follow-up's side is set once both rows exist.
  await client.query(
    `UPDATE case_follow_ups f SET visit_id = v.id FROM case_visits v WHERE v.follow_up_id = f.id AND f.visit_id IS NULL`,
  );
  await copy('case_escalations', cases.ESCALATION_COLUMNS, cases.escalationRows(ctx, plan.cases));
  await copy('referrals', referrals.REFERRAL_COLUMNS, referrals.referralRows(ctx, plan.referrals));
  await copy('referral_events', referrals.REFERRAL_EVENT_COLUMNS, referrals.referralEventRows(ctx, plan.referrals));
  await copy('case_events', cases.CASE_EVENT_COLUMNS, cases.caseEventRows(ctx, plan.cases));
  plan.cases.release();
  await copy('pasung_cases', pasung.PASUNG_CASE_COLUMNS, pasung.pasungCaseRows(ctx, plan.pasung));
  await copy('pasung_case_events', pasung.PASUNG_EVENT_COLUMNS, pasung.pasungEventRows(ctx, plan.pasung));

  await copy('trainings', trainings.TRAINING_COLUMNS, trainings.trainingRows(ctx, plan.trainings));
  await copy('training_sessions', trainings.SESSION_COLUMNS, trainings.sessionRows(ctx, plan.trainings));
  await copy('training_enrolments', trainings.ENROLMENT_COLUMNS, trainings.enrolmentRows(ctx, plan.trainings));
  await copy('training_attendance', trainings.ATTENDANCE_COLUMNS, trainings.attendanceRows(ctx, plan.trainings));

  const budgetIds = await upsertBudgets(client, ctx, plan.grants);
  rows.grant_budgets = plan.grants.budgets.length;
  await copy('grant_budget_top_ups', grants.TOP_UP_COLUMNS, grants.topUpRows(ctx, plan.grants, budgetIds));
  await copy('grants', grants.GRANT_COLUMNS, grants.grantRows(ctx, plan.grants, budgetIds));
  await copy('grant_items', grants.GRANT_ITEM_COLUMNS, grants.grantItemRows(ctx, plan.grants));
  await copy('grant_events', grants.GRANT_EVENT_COLUMNS, grants.grantEventRows(ctx, plan.grants));
  await copy('grant_assets', grants.ASSET_COLUMNS, grants.assetRows(ctx, plan.grants));
  await copy('grant_asset_events', grants.ASSET_EVENT_COLUMNS, grants.assetEventRows(ctx, plan.grants));

  await copy('businesses', businesses.BUSINESS_COLUMNS, businesses.businessRows(ctx, plan.businesses));
  await copy('business_reports', businesses.REPORT_COLUMNS, businesses.reportRows(ctx, plan.businesses));

  const market = plan.marketplace;
  await copy('products', marketplace.PRODUCT_COLUMNS, marketplace.productRows(ctx, market));
  await copy('product_makers', marketplace.PRODUCT_MAKER_COLUMNS, marketplace.productMakerRows(ctx, market));
  await copy('product_stock_movements', marketplace.STOCK_MOVEMENT_COLUMNS, marketplace.stockMovementRows(ctx, market));
  await copy('orders', marketplace.ORDER_COLUMNS, marketplace.orderRows(ctx, market));
  await copy('order_lines', marketplace.ORDER_LINE_COLUMNS, marketplace.orderLineRows(ctx, market));
  await copy('market_events', marketplace.MARKET_EVENT_COLUMNS, marketplace.marketEventRows(ctx, market));
  await copy(
    'market_event_makers',
    marketplace.MARKET_EVENT_MAKER_COLUMNS,
    marketplace.marketEventMakerRows(ctx, market),
  );
  await copy('market_event_sales', marketplace.MARKET_EVENT_SALE_COLUMNS, marketplace.marketEventSaleRows(ctx, market));
  await copy('maker_revenue', marketplace.MAKER_REVENUE_COLUMNS, marketplace.makerRevenueRows(ctx, market));

  await copy('surveys', surveys.SURVEY_COLUMNS, surveys.surveyRows(ctx, plan.surveys));
  await copy('survey_responses', surveys.RESPONSE_COLUMNS, surveys.responseRows(ctx, plan.surveys));
}

/**
 * Budgets by INSERT … ON CONFLICT rather than COPY: on top of existing data (--force) a regency's budget for a year
 * may exist already, and then the synthetic grants draw on it and add their amounts to it.
 */
async function upsertBudgets(
  client: ClientBase,
  ctx: SeedContext,
  plan: grants.GrantsPlan,
): Promise<Map<string, string>> {
  const b = plan.budgets;
  const at = b.map((x) => ctx.at(`${x.year}-01-05`, x.provinceCode));
  const { rows } = await client.query<{ id: string; regency_code: string; year: number }>(
    `INSERT INTO grant_budgets (id, regency_code, year, initial_idr, total_idr, committed_idr, disbursed_idr, version, created_at, updated_at)
     SELECT id, regency_code, year, initial_idr, total_idr, committed_idr, disbursed_idr, 1, created_at, created_at
     FROM unnest($1::uuid[], $2::text[], $3::int[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::timestamptz[])
       AS b(id, regency_code, year, initial_idr, total_idr, committed_idr, disbursed_idr, created_at)
     ON CONFLICT (regency_code, year) DO UPDATE SET total_idr = grant_budgets.total_idr + EXCLUDED.total_idr,
       committed_idr = grant_budgets.committed_idr + EXCLUDED.committed_idr,
       disbursed_idr = grant_budgets.disbursed_idr + EXCLUDED.disbursed_idr,
       version = grant_budgets.version + 1, updated_at = EXCLUDED.updated_at
     RETURNING id, regency_code, year`,
    [
      b.map((x) => x.id),
      b.map((x) => x.regencyCode),
      b.map((x) => x.year),
      b.map((x) => x.initialIdr),
      b.map((x) => x.initialIdr + x.topUpIdr),
      b.map((x) => x.committedIdr),
      b.map((x) => x.disbursedIdr),
      at,
    ],
  );
  return new Map(rows.map((r) => [`${r.regency_code}:${r.year}`, r.id]));
}

/** One audit event for the whole load (who seeded what): the trail stays a record of writes, and stays valid. */
async function recordAudit(client: ClientBase, ctx: SeedContext, rows: Record<string, number>): Promise<void> {
  const request = new RequestContext(
    'seed-synthetic',
    'id',
    '127.0.0.1',
    `SYNTHETIC_SEED scale=${ctx.scale} seed=${ctx.seed} as-of=${ctx.asOf}`,
  );
  request.isSystem = true;
  const row = toEventRow(request, {
    action: 'IMPORT',
    resourceType: 'synthetic-data',
    resourceId: ctx.key,
    changedFields: Object.keys(rows).filter((t) => rows[t] > 0),
  });
  await client.query(INSERT_EVENT_SQL, insertParams(row));
}

function seconds(from: bigint, to: bigint): string {
  return (Number(to - from) / 1e9).toFixed(1);
}
