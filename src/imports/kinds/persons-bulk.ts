import { EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../../audit/audit.service';
import { RequestContext } from '../../common/context/request-context';
import { ScopePolicy } from '../../identity/scope-policy.service';
import { CreatePersonDto } from '../../persons/dto/person-input.dto';
import { PersonErrorCode } from '../../persons/persons.errors';
import { RowRejection } from './import-kind';
import { PersonPayload } from './person-rows';

export interface PersonUpsertResult {
  /** The person each written row created or updated. */
  personOf: Map<number, string>;
  created: number;
  updated: number;
  /** Rows refused before anything was written: their NIK belongs to someone the caller may not change. */
  rejected: RowRejection[];
}

interface Existing {
  id: string;
  nik_index: string;
  restricted: boolean;
  visible: boolean;
  kk_index: string | null;
  village_code: string | null;
  address: string | null;
  ppks: string[];
}

/** Where the rows of one person in this batch go: a new person, or one already registered. */
interface Target {
  id: string;
  existing: Existing | null;
  rows: { row: number; value: PersonPayload }[];
}

const INSERT_COLUMNS = `id uuid, full_name text, name_key text, aliases text[], sex text, birth_date date,
  birth_date_precision text, birth_place text, nik_encrypted text, nik_index text, identity_status text, phone text,
  disabilities text[], guardian_name text, guardian_relation text, guardian_phone text, guardian_nik_encrypted text,
  dtks_id text, dtsen_decile smallint, dtsen_as_of date, domicile_village_code text`;

const PERSON_FIELDS = [
  'full_name',
  'name_key',
  'aliases',
  'sex',
  'birth_date',
  'birth_date_precision',
  'birth_place',
  'nik_encrypted',
  'nik_index',
  'identity_status',
  'phone',
  'disabilities',
  'guardian_name',
  'guardian_relation',
  'guardian_phone',
  'guardian_nik_encrypted',
  'dtks_id',
  'dtsen_decile',
  'dtsen_as_of',
  'domicile_village_code',
] as const;

/** Fields an import may change on a registered person, and how: given cells win, empty cells keep what is there. */
const UPDATE_EXPRESSIONS: Record<string, string> = {
  full_name: 'COALESCE(u.full_name, p.full_name)',
  name_key: 'COALESCE(u.name_key, p.name_key)',
  aliases: 'COALESCE(u.aliases, p.aliases)',
  sex: 'COALESCE(u.sex, p.sex)',
  birth_date: 'COALESCE(u.birth_date, p.birth_date)',
  birth_date_precision: 'CASE WHEN u.birth_date IS NULL THEN p.birth_date_precision ELSE u.birth_date_precision END',
  birth_place: 'COALESCE(u.birth_place, p.birth_place)',
  phone: 'COALESCE(u.phone, p.phone)',
  disabilities: 'COALESCE(u.disabilities, p.disabilities)',
  // A guardian given replaces the guardian, as a PATCH with `guardian` does.
  guardian_name: 'CASE WHEN u.guardian_name IS NULL THEN p.guardian_name ELSE u.guardian_name END',
  guardian_relation: 'CASE WHEN u.guardian_name IS NULL THEN p.guardian_relation ELSE u.guardian_relation END',
  guardian_phone: 'CASE WHEN u.guardian_name IS NULL THEN p.guardian_phone ELSE u.guardian_phone END',
  guardian_nik_encrypted:
    'CASE WHEN u.guardian_name IS NULL THEN p.guardian_nik_encrypted ELSE u.guardian_nik_encrypted END',
  dtks_id: 'COALESCE(u.dtks_id, p.dtks_id)',
  dtsen_decile: 'COALESCE(u.dtsen_decile, p.dtsen_decile)',
  domicile_village_code: 'COALESCE(u.domicile_village_code, p.domicile_village_code)',
};

/**
 * Creates and updates the people of a batch of import rows with a handful of set-based statements, whatever the
 * batch size (DESIGN.md §8: the import is the heavy path). A NIK already registered (by its blind index, under any
 * key in use) updates that person; a NIK met earlier in the file updates the person that row created; so a NIK
 * never gives two people. Rows without a NIK always create a person (the duplicate finder of the registry flags
 * likely twins later). The same rules apply as to `PersonsService`: encrypted identity numbers, domicile and KK
 * histories, PPKS categories with their start day, scope, restriction, and one audit event per person.
 */
export class PersonsBulkWriter {
  constructor(
    private readonly scope: ScopePolicy,
    private readonly audit: AuditService,
  ) {}

  async upsert(
    ctx: RequestContext,
    em: EntityManager,
    organizationId: string,
    rows: readonly { row: number; value: PersonPayload }[],
  ): Promise<PersonUpsertResult> {
    const result: PersonUpsertResult = { personOf: new Map(), created: 0, updated: 0, rejected: [] };
    const existing = await this.findExisting(ctx, em, rows);
    const targets = new Map<string, Target>();
    const ordered: Target[] = [];
    for (const item of rows) {
      const key = item.value.nikIndexes[0];
      let target = key ? targets.get(key) : undefined;
      if (!target) {
        const found = item.value.nikIndexes.map((index) => existing.get(index)).find((e) => e !== undefined);
        if (found && !found.visible) {
          result.rejected.push({ row: item.row, errors: [nikElsewhere()] });
          continue;
        }
        if (found?.restricted) {
          result.rejected.push({ row: item.row, errors: [restricted()] });
          continue;
        }
        target = { id: found?.id ?? randomUUID(), existing: found ?? null, rows: [] };
        if (key) targets.set(key, target);
        ordered.push(target);
      }
      target.rows.push(item);
      result.personOf.set(item.row, target.id);
    }
    const fresh = ordered.filter((t) => !t.existing);
    const known = ordered.filter((t) => t.existing);
    await this.insert(em, organizationId, fresh);
    await this.update(em, known);
    await this.histories(em, ordered);
    await this.audit.recordMany(
      ctx,
      ordered.map((t) => ({
        action: 'IMPORT',
        resourceType: 'person',
        resourceId: t.id,
        personId: t.id,
        changedFields: [...new Set(t.rows.flatMap((r) => r.value.fields))],
      })),
    );
    result.created = fresh.length;
    result.updated = known.length;
    return result;
  }

  /** Registered people with any of the batch's NIKs, locked, with what the caller may see and what they hold now. */
  private async findExisting(
    ctx: RequestContext,
    em: EntityManager,
    rows: readonly { value: PersonPayload }[],
  ): Promise<Map<string, Existing>> {
    const indexes = [...new Set(rows.flatMap((r) => r.value.nikIndexes))];
    if (indexes.length === 0) return new Map();
    const condition = this.scope.persons(ctx, 'p');
    const [sql, params] = em.connection.driver.escapeQueryWithParameters(
      `SELECT p.id, p.nik_index, p.restricted, (${condition.sql}) AS visible,
              (SELECT k.kk_index FROM person_kk_numbers k WHERE k.person_id = p.id AND k.valid_to IS NULL
                ORDER BY k.created_at DESC LIMIT 1) AS kk_index,
              d.village_code, d.address,
              ARRAY(SELECT c.ppks_code FROM person_ppks_categories c WHERE c.person_id = p.id AND c.until IS NULL)
                AS ppks
         FROM persons p
         LEFT JOIN LATERAL (SELECT village_code, address FROM person_domiciles
                             WHERE person_id = p.id AND valid_to IS NULL ORDER BY created_at DESC LIMIT 1) d ON true
        WHERE p.nik_index IN (:...indexes) AND p.status = 'ACTIVE'
        ORDER BY p.id
          FOR UPDATE OF p`,
      { ...condition.params, indexes },
    );
    const found = await em.query<Existing[]>(sql, params);
    return new Map(found.map((e) => [e.nik_index, e]));
  }

  private async insert(em: EntityManager, organizationId: string, targets: Target[]): Promise<void> {
    if (targets.length === 0) return;
    const records = targets.map((t) => ({ id: t.id, ...columns(merge(t.rows.map((r) => r.value)), true) }));
    const names = ['id', ...PERSON_FIELDS].join(', ');
    await em.query(
      `INSERT INTO persons (${names}, registered_by_organization_id)
       SELECT ${names}, $2 FROM jsonb_to_recordset($1::jsonb) AS r(${INSERT_COLUMNS})`,
      [JSON.stringify(records), organizationId],
    );
  }

  /** Only people whose values change get a new version (a file imported twice changes nothing the second time). */
  private async update(em: EntityManager, targets: Target[]): Promise<void> {
    if (targets.length === 0) return;
    const records = targets.map((t) => ({ id: t.id, ...columns(merge(t.rows.map((r) => r.value)), false) }));
    const fields = Object.keys(UPDATE_EXPRESSIONS);
    await em.query(
      `WITH u AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(${INSERT_COLUMNS})),
            n AS (SELECT p.id, ${fields.map((f) => `${UPDATE_EXPRESSIONS[f]} AS ${f}`).join(', ')}
                    FROM persons p JOIN u ON u.id = p.id)
       UPDATE persons p SET ${fields.map((f) => `${f} = n.${f}`).join(', ')}, version = p.version + 1,
              updated_at = now()
         FROM n
        WHERE p.id = n.id AND (${fields.map((f) => `n.${f}`).join(', ')})
              IS DISTINCT FROM (${fields.map((f) => `p.${f}`).join(', ')})`,
      [JSON.stringify(records)],
    );
  }

  /** Domicile and KK histories (a change closes the current entry) and PPKS categories (added with today). */
  private async histories(em: EntityManager, targets: Target[]): Promise<void> {
    const domiciles: { person_id: string; village_code: string; address: string | null; valid_from: string }[] = [];
    const kks: { person_id: string; kk_encrypted: string; kk_index: string; valid_from: string | null }[] = [];
    const ppks: { person_id: string; ppks_code: string; since: string }[] = [];
    const closeDomicile: { person_id: string; day: string }[] = [];
    const closeKk: { person_id: string; day: string }[] = [];
    for (const target of targets) {
      const value = merge(target.rows.map((r) => r.value));
      const old = target.existing;
      const domicile = value.dto.domicile;
      if (domicile && (old?.village_code !== domicile.villageCode || old.address !== (domicile.address ?? null))) {
        if (old?.village_code) closeDomicile.push({ person_id: target.id, day: value.today });
        domiciles.push({
          person_id: target.id,
          village_code: domicile.villageCode,
          address: domicile.address ?? null,
          valid_from: value.today,
        });
      }
      if (value.kkEncrypted && !(old?.kk_index && value.kkIndexes.includes(old.kk_index))) {
        if (old?.kk_index) closeKk.push({ person_id: target.id, day: value.today });
        // As on create: the KK a person is registered with has no known start; a change starts today.
        kks.push({
          person_id: target.id,
          kk_encrypted: value.kkEncrypted,
          kk_index: value.kkIndexes[0],
          valid_from: old ? value.today : null,
        });
      }
      for (const code of value.dto.ppksCategories ?? []) {
        if (!old?.ppks.includes(code)) ppks.push({ person_id: target.id, ppks_code: code, since: value.today });
      }
    }
    // History: the open row of a changed domicile or KK ends on the import's day; the new rows start on it.
    await closeOpenRows(em, 'person_domiciles', closeDomicile);
    await insertRows(
      em,
      'person_domiciles',
      { person_id: 'uuid', village_code: 'text', address: 'text', valid_from: 'date' },
      domiciles,
    );
    await closeOpenRows(em, 'person_kk_numbers', closeKk);
    await insertRows(
      em,
      'person_kk_numbers',
      { person_id: 'uuid', kk_encrypted: 'text', kk_index: 'text', valid_from: 'date' },
      kks,
    );
    await insertRows(em, 'person_ppks_categories', { person_id: 'uuid', ppks_code: 'text', since: 'date' }, ppks);
  }
}

/** Ends, on each row's `day`, the open (valid_to IS NULL) history row of its person in `table`. */
async function closeOpenRows(
  em: EntityManager,
  table: 'person_domiciles' | 'person_kk_numbers',
  rows: { person_id: string; day: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  await em.query(
    `UPDATE ${table} t SET valid_to = c.day
       FROM jsonb_to_recordset($1::jsonb) AS c(person_id uuid, day date)
      WHERE t.person_id = c.person_id AND t.valid_to IS NULL`,
    [JSON.stringify(rows)],
  );
}

/** Inserts `rows` (objects keyed by column) into `table` with one statement and one parameter. */
async function insertRows(
  em: EntityManager,
  table: string,
  columns: Record<string, string>,
  rows: object[],
): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(columns).join(', ');
  const types = Object.entries(columns)
    .map(([name, type]) => `${name} ${type}`)
    .join(', ');
  await em.query(`INSERT INTO ${table} (${names}) SELECT ${names} FROM jsonb_to_recordset($1::jsonb) AS r(${types})`, [
    JSON.stringify(rows),
  ]);
}

/**
 * Several rows of one person in a batch (the same NIK twice in a file): later non-empty cells win, PPKS categories
 * add up. The result is what a row with all of them would have said.
 */
function merge(values: PersonPayload[]): PersonPayload {
  if (values.length === 1) return values[0];
  const merged: PersonPayload = { ...values[0], dto: Object.assign(new CreatePersonDto(), values[0].dto) };
  for (const next of values.slice(1)) {
    const ppks = [...new Set([...(merged.dto.ppksCategories ?? []), ...(next.dto.ppksCategories ?? [])])];
    for (const [key, value] of Object.entries(next.dto)) {
      if (value !== undefined) (merged.dto as unknown as Record<string, unknown>)[key] = value;
    }
    if (ppks.length > 0) merged.dto.ppksCategories = ppks;
    if (next.kkEncrypted) {
      merged.kkEncrypted = next.kkEncrypted;
      merged.kkIndexes = next.kkIndexes;
    }
    if (next.dto.guardian) merged.guardianNikEncrypted = next.guardianNikEncrypted;
    if (next.dto.fullName) merged.nameKey = next.nameKey;
    if (next.dto.domicile) merged.today = next.today;
  }
  return merged;
}

/** The persons columns of a payload; for an update, absent values stay null so that COALESCE keeps the old ones. */
function columns(value: PersonPayload, isNew: boolean): Record<(typeof PERSON_FIELDS)[number], unknown> {
  const dto = value.dto;
  return {
    full_name: dto.fullName,
    name_key: value.nameKey,
    aliases: dto.aliases ?? (isNew ? [] : null),
    sex: dto.sex,
    birth_date: dto.birthDate ?? null,
    birth_date_precision: dto.birthDate ? (dto.birthDatePrecision ?? 'DAY') : null,
    birth_place: dto.birthPlace ?? null,
    nik_encrypted: value.nikEncrypted,
    nik_index: value.nikIndexes[0] ?? null,
    identity_status: value.nikEncrypted ? 'CLAIMED' : 'UNKNOWN',
    phone: dto.phone ?? null,
    disabilities: dto.disabilities ?? (isNew ? [] : null),
    guardian_name: dto.guardian?.name ?? null,
    guardian_relation: dto.guardian?.relation ?? null,
    guardian_phone: dto.guardian?.phone ?? null,
    guardian_nik_encrypted: value.guardianNikEncrypted,
    dtks_id: dto.externalIds?.dtksId ?? null,
    dtsen_decile: dto.externalIds?.dtsenDecile ?? null,
    dtsen_as_of: dto.externalIds?.dtsenAsOf ?? null,
    domicile_village_code: dto.domicile?.villageCode ?? null,
  };
}

function nikElsewhere(): { column: string; code: string; message: { id: string; en: string } } {
  return {
    column: 'nik',
    code: PersonErrorCode.PERSON_NIK_EXISTS,
    message: {
      id: 'NIK ini sudah terdaftar pada orang di luar cakupan Anda; hubungi kantor yang mendaftarkannya',
      en: 'this NIK is registered to a person outside your scope; contact the office that registered them',
    },
  };
}

function restricted(): { column: string; code: string; message: { id: string; en: string } } {
  return {
    column: 'nik',
    code: PersonErrorCode.PERSON_RESTRICTED,
    message: {
      id: 'pemrosesan data orang ini dibatasi (UU PDP); baris tidak diproses',
      en: "processing of this person's data is restricted (UU PDP); the row was not processed",
    },
  };
}
