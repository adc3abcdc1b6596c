import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, ValueTransformer } from 'typeorm';
import { BaseEntity } from '../database/base.entity';

export const GRANT_ITEM_KINDS = ['CASH', 'SEWING_MACHINE', 'OVERLOCK_MACHINE', 'TOOLS', 'MATERIALS', 'OTHER'] as const;
export type GrantItemKind = (typeof GRANT_ITEM_KINDS)[number];
export const GRANT_STATUSES = ['SUBMITTED', 'APPROVED', 'DISBURSED', 'CLOSED', 'REJECTED', 'WITHDRAWN'] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];
export const ASSET_STATUSES = ['IN_USE', 'SOLD', 'BROKEN', 'MOVED', 'LOST'] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

/** The largest amount of one budget, top-up, item or grant (10^13 Rupiah): far below 2^53, so JSON numbers are exact. */
export const MAX_AMOUNT_IDR = 10_000_000_000_000;
/** A budget grows by top-ups; capped (also by a CHECK) so sums stay exact in JavaScript numbers. */
export const MAX_BUDGET_IDR = 1_000_000_000_000_000;

/**
 * `bigint` arrives from pg as a string (it may exceed 2^53); every money column is capped by a CHECK far below
 * that, so converting to a number is exact.
 */
export const RUPIAH: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/** A regency's UEP budget for one year: total (initial + top-ups), committed by approvals, disbursed at BAST. */
@Entity('grant_budgets')
export class GrantBudget extends BaseEntity {
  @Column({ type: 'varchar', length: 4 }) regencyCode: string;
  @Column({ type: 'integer' }) year: number;
  @Column({ type: 'bigint', transformer: RUPIAH }) initialIdr: number;
  @Column({ type: 'bigint', transformer: RUPIAH }) totalIdr: number;
  @Column({ type: 'bigint', transformer: RUPIAH, default: 0 }) committedIdr: number;
  @Column({ type: 'bigint', transformer: RUPIAH, default: 0 }) disbursedIdr: number;
  @Column({ type: 'uuid', nullable: true }) createdBy: string | null;
}

@Entity('grant_budget_top_ups')
export class GrantBudgetTopUp {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) budgetId: string;
  @Column({ type: 'bigint', transformer: RUPIAH }) amountIdr: number;
  @Column({ type: 'varchar', length: 1000, nullable: true }) note: string | null;
  @Column({ type: 'uuid', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** One criterion checked on a proposal (and again at approval), with its reason in both languages. */
export interface GrantCriterion {
  code: 'SKILL' | 'NO_RECENT_GRANT';
  passed: boolean;
  reason: { id: string; en: string };
}

@Entity('grants')
export class Grant extends BaseEntity {
  @Column({ type: 'uuid' }) personId: string;
  @Column({ type: 'uuid', nullable: true }) caseId: string | null;
  @Column({ type: 'varchar', length: 4 }) regencyCode: string;
  @Column({ type: 'integer' }) year: number;
  @Column({ type: 'uuid' }) proposingOrganizationId: string;
  @Column({ type: 'uuid', nullable: true }) proposedBy: string | null;
  @Column({ type: 'varchar', length: 4000 }) businessPlan: string;
  @Column({ type: 'varchar', length: 300, nullable: true }) statedSkill: string | null;
  @Column({ type: 'bigint', transformer: RUPIAH }) totalIdr: number;
  @Column({ type: 'varchar', length: 10, default: 'SUBMITTED' }) status: GrantStatus;
  @Column({ type: 'jsonb' }) criteria: GrantCriterion[];
  @Column({ type: 'boolean' }) criteriaPassed: boolean;
  @Column({ type: 'varchar', length: 2000, nullable: true }) criteriaOverrideReason: string | null;
  @Column({ type: 'uuid', nullable: true }) budgetId: string | null;
  @Column({ type: 'timestamptz', nullable: true }) approvedAt: Date | null;
  @Column({ type: 'uuid', nullable: true }) approvedBy: string | null;
  @Column({ type: 'varchar', length: 2000, nullable: true }) rejectionReason: string | null;
  @Column({ type: 'varchar', length: 2000, nullable: true }) withdrawalReason: string | null;
  @Column({ type: 'date', nullable: true }) disbursedOn: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) receiverName: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) witnessName: string | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) documentReference: string | null;
  @Column({ type: 'date', nullable: true }) closedOn: string | null;
  @Column({ type: 'varchar', length: 2000, nullable: true }) closingNote: string | null;
}

@Entity('grant_items')
export class GrantItem {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) grantId: string;
  @Column({ type: 'integer' }) position: number;
  @Column({ type: 'varchar', length: 20 }) kind: GrantItemKind;
  @Column({ type: 'varchar', length: 500 }) description: string;
  @Column({ type: 'integer' }) quantity: number;
  @Column({ type: 'bigint', transformer: RUPIAH }) unitValueIdr: number;
}

/** The status history of a grant: every action, including an undone approval. */
@Entity('grant_events')
export class GrantEvent {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) grantId: string;
  @Column({ type: 'bigint', insert: false, update: false, transformer: RUPIAH }) seq: number;
  @Column({ type: 'varchar', length: 20 }) action: string;
  @Column({ type: 'varchar', length: 10, nullable: true }) fromStatus: GrantStatus | null;
  @Column({ type: 'varchar', length: 10 }) toStatus: GrantStatus;
  @Column({ type: 'varchar', length: 2000, nullable: true }) note: string | null;
  @Column({ type: 'uuid', nullable: true }) actorId: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** One unit of an in-kind item, handed over at the BAST, with its current status (latest event). */
@Entity('grant_assets')
export class GrantAsset extends BaseEntity {
  @Column({ type: 'uuid' }) grantId: string;
  @Column({ type: 'uuid' }) grantItemId: string;
  @Column({ type: 'varchar', length: 20 }) kind: Exclude<GrantItemKind, 'CASH'>;
  @Column({ type: 'varchar', length: 500 }) description: string;
  @Column({ type: 'varchar', length: 100 }) serialNumber: string;
  @Column({ type: 'varchar', length: 10, default: 'IN_USE' }) status: AssetStatus;
  @Column({ type: 'date' }) statusOn: string;
}

@Entity('grant_asset_events')
export class GrantAssetEvent {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) assetId: string;
  @Column({ type: 'bigint', insert: false, update: false, transformer: RUPIAH }) seq: number;
  @Column({ type: 'varchar', length: 10 }) status: AssetStatus;
  @Column({ type: 'date' }) occurredOn: string;
  @Column({ type: 'varchar', length: 2000, nullable: true }) note: string | null;
  @Column({ type: 'uuid', nullable: true }) recordedBy: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
