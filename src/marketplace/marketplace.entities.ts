import { Column, Entity, ValueTransformer } from 'typeorm';
import { BaseEntity } from '../database/base.entity';

export const PRODUCT_CATEGORIES = ['KESET', 'MANIK_MANIK', 'TEKSTIL', 'KULINER', 'KERAJINAN', 'OTHER'] as const;
export type ProductCategory = (typeof PRODUCT_CATEGORIES)[number];
export const PRODUCT_STATUSES = ['DRAFT', 'PUBLISHED', 'WITHDRAWN'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

/**
 * Rupiah are stored as bigint (an order total can pass int4) and pg returns bigint as text; amounts are capped by
 * validation far below 2^53, so a JS number is exact.
 */
export const RUPIAH: ValueTransformer = {
  to: (value: number | null) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

@Entity('products')
export class Product extends BaseEntity {
  @Column({ type: 'uuid' }) sellerOrganizationId: string;
  @Column({ type: 'varchar', length: 20 }) category: ProductCategory;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'varchar', length: 2000, nullable: true }) description: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) makerGroup: string | null;
  @Column({ type: 'bigint', transformer: RUPIAH }) priceIdr: number;
  @Column({ type: 'integer' }) stock: number;
  @Column({ type: 'varchar', length: 20 }) status: ProductStatus;
  @Column({ type: 'timestamptz', nullable: true }) publishedAt: Date | null;
  @Column({ type: 'uuid', nullable: true }) createdBy: string | null;
}

@Entity('orders')
export class Order extends BaseEntity {
  @Column({ type: 'uuid' }) buyerOrganizationId: string;
  @Column({ type: 'uuid' }) sellerOrganizationId: string;
  @Column({ type: 'varchar', length: 20 }) status: string;
  @Column({ type: 'bigint', transformer: RUPIAH }) totalIdr: number;
  @Column({ type: 'varchar', length: 2000, nullable: true }) note: string | null;
  @Column({ type: 'timestamptz' }) statusChangedAt: Date;
  @Column({ type: 'date', nullable: true }) paidOn: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) paymentReference: string | null;
  @Column({ type: 'uuid', nullable: true }) createdBy: string | null;
}

@Entity('market_events')
export class MarketEvent extends BaseEntity {
  @Column({ type: 'uuid' }) organizerOrganizationId: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'date' }) startsOn: string;
  @Column({ type: 'date' }) endsOn: string;
  @Column({ type: 'varchar', length: 10 }) villageCode: string;
  @Column({ type: 'varchar', length: 500 }) place: string;
  @Column({ type: 'uuid', nullable: true }) createdBy: string | null;
}
