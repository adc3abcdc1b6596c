import { Column, Entity } from 'typeorm';
import { BaseEntity } from '../database/base.entity';
import { ConsentGiver, ConsentPurpose } from './dto/consent.dto';

/** A recorded consent (UU PDP: the controller must be able to show proof of it), per purpose and recipient. */
@Entity('consents')
export class Consent extends BaseEntity {
  @Column({ type: 'uuid' }) personId: string;
  @Column({ type: 'varchar', length: 30 }) purpose: ConsentPurpose;
  @Column({ type: 'uuid', nullable: true }) recipientOrganizationId: string | null;
  @Column({ type: 'varchar', length: 10 }) givenBy: ConsentGiver;
  @Column({ type: 'varchar', length: 200, nullable: true }) guardianName: string | null;
  @Column({ type: 'varchar', length: 50, nullable: true }) guardianRelation: string | null;
  @Column({ type: 'date' }) givenOn: string;
  @Column({ type: 'date', nullable: true }) expiresOn: string | null;
  @Column({ type: 'varchar', length: 300 }) evidenceReference: string;
  @Column({ type: 'uuid', nullable: true }) recordedBy: string | null;
  @Column({ type: 'uuid', nullable: true }) recordedByOrganizationId: string | null;
  @Column({ type: 'timestamptz', nullable: true }) revokedAt: Date | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) revocationReason: string | null;
}

/** Whether a consent holds on a calendar day: not revoked, already given, not yet expired (the expiry day counts). */
export function consentHolds(consent: Consent, day: string): boolean {
  return (
    consent.revokedAt === null && consent.givenOn <= day && (consent.expiresOn === null || consent.expiresOn >= day)
  );
}
