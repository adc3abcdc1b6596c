import { INSERT_EVENT_SQL, INSERT_EVENTS_PREFIX } from '../src/audit/audit-entry';
import { personHistorySql } from '../src/persons/person-history-sql';

/** The caller the floor pretends to serve: the bench's regency operator. */
export interface FloorCaller {
  userId: string;
  username: string;
  organizationId: string;
  regencyCode: string;
  role: string;
}

// The scope of a regency operator (ScopePolicy.persons), with the same parameters in the same places.
const scope = (regency: string, organization: string) =>
  `(p.domicile_regency_code = ${regency} OR p.registered_by_organization_id = ${organization} OR (EXISTS (SELECT 1 FROM cases sc WHERE sc.person_id = p.id AND sc.managing_organization_id = ${organization})
      OR EXISTS (SELECT 1 FROM referrals sr WHERE sr.person_id = p.id AND sr.to_organization_id = ${organization}
        AND sr.status IN ('REQUESTED', 'ACCEPTED', 'IN_PROGRESS', 'ON_HOLD'))))`;

const PERSON_COLUMNS = `p.id, p.full_name, p.name_key, p.aliases, p.sex, p.birth_date, p.birth_date_precision, p.birth_place,
  p.nik_encrypted, p.nik_index, p.identity_status, p.identity_verified_at, p.identity_verified_by, p.phone, p.disabilities,
  p.guardian_name, p.guardian_relation, p.guardian_phone, p.guardian_nik_encrypted, p.dtks_id, p.dtsen_decile,
  p.dtsen_as_of, p.domicile_village_code, p.domicile_regency_code, p.registered_by_organization_id, p.status,
  p.merged_into_id, p.restricted, p.restricted_at, p.restriction_reason, p.legal_hold, p.legal_hold_reason, p.erased_at,
  p.version, p.created_at, p.updated_at`;

const HISTORY = personHistorySql('p.id');

/**
 * The statements of GET /api/v1/persons/{id} and GET /api/v1/persons as the service sends them (read off
 * PostgreSQL's statement log of a bench run; see docs/benchmarks.md), written out without TypeORM's column aliases.
 */
export const FLOOR_SQL = {
  personById: `SELECT ${PERSON_COLUMNS}, ${HISTORY.ppks} AS history_ppks, ${HISTORY.kk} AS history_kk,
    ${HISTORY.domiciles} AS history_domiciles FROM persons p WHERE p.id = $1 AND ${scope('$2', '$3')}`,
  listFirst: `SELECT ${PERSON_COLUMNS} FROM persons p WHERE ${scope('$1', '$2')} AND p.status = 'ACTIVE' AND NOT p.restricted
    ORDER BY p.full_name ASC, p.id ASC LIMIT $3`,
  listAfter: `SELECT ${PERSON_COLUMNS} FROM persons p WHERE ${scope('$1', '$2')} AND p.status = 'ACTIVE' AND NOT p.restricted
    AND (p.full_name, p.id) > ($3, $4) ORDER BY p.full_name ASC, p.id ASC LIMIT $5`,
  /** With one placeholder per id, as TypeORM's In() sends it. */
  listPpks: (count: number) =>
    `SELECT id, person_id, ppks_code, since, until, created_at FROM person_ppks_categories WHERE person_id IN (${Array.from({ length: count }, (_, i) => `$${i + 1}`).join(', ')}) ORDER BY created_at ASC`,
  auditInsert: INSERT_EVENT_SQL,
  auditInsertPrefix: INSERT_EVENTS_PREFIX,
};

/** The values AuditService writes for a read of one person by this caller. */
export function floorAuditParams(caller: FloorCaller, personId: string, purpose: string, requestId: string): unknown[] {
  return [
    'user',
    caller.userId,
    caller.username,
    caller.organizationId,
    caller.role,
    'READ',
    'person',
    personId,
    personId,
    purpose,
    requestId,
    '127.0.0.1',
    [],
  ];
}
