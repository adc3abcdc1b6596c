import { Column, Entity } from 'typeorm';
import { BaseEntity } from '../database/base.entity';
import { Role } from './permissions';

export type UserStatus = 'ACTIVE' | 'DISABLED';

@Entity('users')
export class User extends BaseEntity {
  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ type: 'varchar', length: 200 })
  displayName: string;

  @Column({ type: 'varchar', length: 20 })
  role: Role;

  @Column({ type: 'uuid' })
  organizationId: string;

  @Column({ type: 'varchar', length: 10, default: 'ACTIVE' })
  status: UserStatus;

  @Column({ type: 'varchar', length: 200, select: false })
  passwordHash: string;

  @Column({ type: 'timestamptz' })
  passwordChangedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null;
}
