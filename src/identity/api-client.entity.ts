import { Column, Entity } from 'typeorm';
import { BaseEntity } from '../database/base.entity';
import { Role } from './permissions';

export type ApiClientStatus = 'ACTIVE' | 'REVOKED';

/** A machine account of one organisation (a regency system, a partner app), OAuth2 client credentials. */
@Entity('api_clients')
export class ApiClient extends BaseEntity {
  @Column({ type: 'varchar', length: 64 })
  clientId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'uuid' })
  organizationId: string;

  /** Derived from the organisation's type when the client is created. */
  @Column({ type: 'varchar', length: 20 })
  role: Role;

  @Column({ type: 'text', array: true })
  scopes: string[];

  @Column({ type: 'char', length: 64, select: false })
  secretHash: string;

  @Column({ type: 'timestamptz' })
  secretRotatedAt: Date;

  @Column({ type: 'varchar', length: 10, default: 'ACTIVE' })
  status: ApiClientStatus;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;
}
