import type { RequestContext } from '../common/context/request-context';
import { isUuid } from '../common/ids';
import { ActorKind, AUDIT_ACTIONS, AuditAction } from './audit-event.entity';

/** Who acted, for events recorded before there is a principal: a login attempt, a token request. */
export interface AuditActor {
  kind: 'user' | 'client';
  id?: string | null;
  /** The username or client name as given; for a failed login this is what the caller typed. */
  name?: string | null;
  organizationId?: string | null;
  role?: string | null;
}

/** What a service tells the audit trail. The actor, time, request id and IP come from the request context. */
export interface AuditEntry {
  action: AuditAction;
  /** Kind of resource, lower-case, e.g. `user`, `person`, `case`, `organization`. */
  resourceType: string;
  resourceId?: string | null;
  /** The person the record is about, when there is one (who read whose data). */
  personId?: string | null;
  /** Names of the fields a write changed. Names only: never their values, which may be personal data. */
  changedFields?: readonly string[];
  /** The endpoint's default purpose; the caller's `X-Purpose` header wins over it. */
  purpose?: string;
  /** Only used when the context has no principal. */
  actor?: AuditActor;
}

/** The values of one `audit_events` insert, in {@link INSERT_EVENT_SQL}'s parameter order. */
export interface AuditEventRow {
  actorKind: ActorKind;
  actorId: string | null;
  actorName: string | null;
  organizationId: string | null;
  role: string | null;
  action: AuditAction;
  resourceType: string;
  resourceId: string | null;
  personId: string | null;
  purpose: string | null;
  requestId: string | null;
  ip: string | null;
  changedFields: string[];
}

export const INSERT_EVENTS_PREFIX = `
  INSERT INTO audit_events (actor_kind, actor_id, actor_name, organization_id, role, action, resource_type,
    resource_id, person_id, purpose, request_id, ip, changed_fields)`;

export const INSERT_EVENT_SQL = `${INSERT_EVENTS_PREFIX}
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
  RETURNING id`;

export const RESOURCE_TYPE = /^[a-z][a-z0-9_-]{0,59}$/;
export const RESOURCE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
// A property path such as `domicile.villageCode` or `items[0].qty`: anything else could be a value, not a name.
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*$/;
const MAX_CHANGED_FIELDS = 200;

/**
 * Builds the row for an entry. A malformed entry is a bug in the calling service, so it throws a plain Error
 * (a 500 with an error id) rather than quietly writing something an auditor cannot rely on.
 */
export function toEventRow(ctx: RequestContext, entry: AuditEntry): AuditEventRow {
  const fail = (what: string): never => {
    throw new Error(`audit entry refused: ${what}`);
  };
  if (!(AUDIT_ACTIONS as readonly string[]).includes(entry.action)) fail(`unknown action ${String(entry.action)}`);
  if (!RESOURCE_TYPE.test(entry.resourceType)) fail(`resourceType must match ${String(RESOURCE_TYPE)}`);
  const resourceId = entry.resourceId ?? null;
  if (resourceId !== null && !RESOURCE_ID.test(resourceId)) fail(`resourceId must match ${String(RESOURCE_ID)}`);
  const personId = entry.personId ?? null;
  if (personId !== null && !isUuid(personId)) fail('personId must be a UUID');
  const changedFields = [...new Set(entry.changedFields ?? [])];
  if (changedFields.length > MAX_CHANGED_FIELDS) fail(`more than ${MAX_CHANGED_FIELDS} changed fields`);
  for (const name of changedFields) {
    if (name.length > 100 || !FIELD_NAME.test(name)) fail('changedFields must hold field names only');
  }

  const principal = ctx.principal;
  const actor = principal
    ? {
        kind: principal.kind,
        id: principal.id,
        name: principal.name,
        organizationId: principal.organizationId,
        role: principal.role,
      }
    : entry.actor;
  const actorId = actor?.id ?? null;
  if (actorId !== null && !isUuid(actorId)) fail('actor id must be a UUID');
  const organizationId = actor?.organizationId ?? null;
  if (organizationId !== null && !isUuid(organizationId)) fail('organizationId must be a UUID');

  return {
    // Only RequestContext.system() sets isSystem; an X-Purpose header cannot make a caller "system".
    actorKind: actor?.kind ?? (ctx.isSystem ? 'system' : 'anonymous'),
    actorId: actorId?.toLowerCase() ?? null,
    actorName: clip(actor?.name, 200),
    organizationId: organizationId?.toLowerCase() ?? null,
    role: clip(actor?.role, 40),
    action: entry.action,
    resourceType: entry.resourceType,
    resourceId,
    personId: personId?.toLowerCase() ?? null,
    purpose: clip(ctx.purpose?.trim() || entry.purpose, 200),
    requestId: clip(ctx.requestId, 128),
    ip: clip(ctx.ip, 64),
    changedFields,
  };
}

export function insertParams(row: AuditEventRow): unknown[] {
  return [
    row.actorKind,
    row.actorId,
    row.actorName,
    row.organizationId,
    row.role,
    row.action,
    row.resourceType,
    row.resourceId,
    row.personId,
    row.purpose,
    row.requestId,
    row.ip,
    row.changedFields,
  ];
}

function clip(value: string | null | undefined, max: number): string | null {
  if (value === undefined || value === null || value === '') return null;
  return value.length > max ? value.slice(0, max) : value;
}
