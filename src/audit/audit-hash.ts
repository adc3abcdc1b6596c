import { createHash } from 'node:crypto';

/** `prev_hash` of the first link of the chain. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Every audited column of an `audit_events` row, as text, exactly as {@link CANONICAL_EVENT_SQL} reads it from the
 * database. The sealer and the verifier both hash this shape, so neither depends on how a driver renders a value.
 */
export interface CanonicalEvent {
  id: string;
  /** bigint as decimal text: never rounded through a JS number. */
  seq: string;
  /** UTC, microseconds: `2025-01-31T23:59:59.123456Z`. */
  occurredAt: string;
  actorKind: string;
  actorId: string | null;
  actorName: string | null;
  organizationId: string | null;
  role: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  personId: string | null;
  purpose: string | null;
  requestId: string | null;
  ip: string | null;
  changedFields: string[];
}

/**
 * The select list that yields a {@link CanonicalEvent} from `audit_events e`. Timestamps are formatted by the
 * database in UTC with full precision, so a change of a microsecond or of the session time zone cannot slip past
 * (or falsely break) verification.
 */
export const CANONICAL_EVENT_SQL = `
  e.id::text AS "id",
  e.seq::text AS "seq",
  to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "occurredAt",
  e.actor_kind AS "actorKind",
  e.actor_id::text AS "actorId",
  e.actor_name AS "actorName",
  e.organization_id::text AS "organizationId",
  e.role AS "role",
  e.action AS "action",
  e.resource_type AS "resourceType",
  e.resource_id AS "resourceId",
  e.person_id::text AS "personId",
  e.purpose AS "purpose",
  e.request_id AS "requestId",
  e.ip AS "ip",
  e.changed_fields AS "changedFields"`;

/** Version tag inside the canonical text, so the serialization can evolve without re-reading old links wrongly. */
const CANONICAL_VERSION = 1;

/**
 * Deterministic serialization of an event: JSON with a fixed key order built here, whatever the order of the
 * input object's keys. Missing optional values become `null`; the changed-field list keeps its recorded order.
 */
export function canonicalEvent(event: CanonicalEvent): string {
  return JSON.stringify({
    v: CANONICAL_VERSION,
    id: event.id,
    seq: event.seq,
    occurredAt: event.occurredAt,
    actorKind: event.actorKind,
    actorId: event.actorId ?? null,
    actorName: event.actorName ?? null,
    organizationId: event.organizationId ?? null,
    role: event.role ?? null,
    action: event.action,
    resourceType: event.resourceType,
    resourceId: event.resourceId ?? null,
    personId: event.personId ?? null,
    purpose: event.purpose ?? null,
    requestId: event.requestId ?? null,
    ip: event.ip ?? null,
    changedFields: [...(event.changedFields ?? [])],
  });
}

/** `hash = sha256(prev_hash ‖ canonical row)`, hex. `prev_hash` is fixed-length hex, so the join is unambiguous. */
export function chainHash(prevHash: string, event: CanonicalEvent): string {
  if (!/^[0-9a-f]{64}$/.test(prevHash)) throw new Error('prevHash must be 64 lowercase hex characters');
  return createHash('sha256').update(prevHash, 'utf8').update(canonicalEvent(event), 'utf8').digest('hex');
}
