import { Column, Entity } from 'typeorm';
import { BaseEntity } from '../database/base.entity';

export const SUBSCRIPTION_STATUSES = ['ACTIVE', 'INACTIVE'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/** An organisation's webhook endpoint and the event types it receives. */
@Entity('webhook_subscriptions')
export class WebhookSubscription extends BaseEntity {
  @Column({ type: 'uuid' })
  organizationId: string;

  @Column({ type: 'varchar', length: 2000 })
  url: string;

  @Column({ type: 'varchar', length: 60, array: true })
  events: string[];

  @Column({ type: 'varchar', length: 500, nullable: true })
  description: string | null;

  /** Never in a response after creation or rotation; `select: false` keeps it out of ordinary loads. */
  @Column({ type: 'varchar', length: 100, select: false })
  secret: string;

  @Column({ type: 'varchar', length: 100, nullable: true, select: false })
  previousSecret: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  previousSecretExpiresAt: Date | null;

  @Column({ type: 'timestamptz' })
  secretRotatedAt: Date;

  @Column({ type: 'varchar', length: 10, default: 'ACTIVE' })
  status: SubscriptionStatus;

  @Column({ type: 'timestamptz', nullable: true })
  deactivatedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;
}
