import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What an audit event says happened. A varchar in the database (any `^[A-Z][A-Z0-9_]*$` word), listed here so
 * callers and the `?action=` filter agree on the words; add new ones at the end.
 */
export const AUDIT_ACTIONS = [
  'CREATE',
  'UPDATE',
  'DELETE',
  'READ',
  'SEARCH',
  'EXPORT',
  'IMPORT',
  'LOGIN',
  'LOGIN_FAILED',
  'LOGOUT',
  'TOKEN_ISSUED',
  'TOKEN_REFUSED',
  'TOKEN_REVOKED',
  'ACCESS_DENIED',
  'CONSENT_OVERRIDE',
  'MERGE',
  'UNMERGE',
  'ERASE',
  'RESTRICT',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const ACTOR_KINDS = ['user', 'client', 'system', 'anonymous'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

const bigintAsNumber = {
  to: (value: number | undefined): number | undefined => value,
  // Sequence numbers stay far below 2^53 (a thousand events a second for 285,000 years).
  from: (value: string | null): number | null => (value === null ? null : Number(value)),
};

/**
 * One audited action, read-only to the application: rows are inserted with plain SQL by AuditService.record and
 * the database refuses UPDATE, DELETE and TRUNCATE. Linking into the hash chain happens later (audit_chain).
 */
@Entity('audit_events')
export class AuditEvent {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber, insert: false, update: false })
  seq: number;

  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'varchar', length: 10 })
  actorKind: ActorKind;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  actorName: string | null;

  @Column({ type: 'uuid', nullable: true })
  organizationId: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  role: string | null;

  @Column({ type: 'varchar', length: 40 })
  action: string;

  @Column({ type: 'varchar', length: 60 })
  resourceType: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  resourceId: string | null;

  @Column({ type: 'uuid', nullable: true })
  personId: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  purpose: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  requestId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ type: 'text', array: true })
  changedFields: string[];
}
