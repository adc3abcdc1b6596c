import { presentFields } from '../common/validation/present-fields';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { timeZoneOfRegion, todayIn } from '../common/dates';
import { AppException, FieldError } from '../common/errors/app-exception';
import { CommonErrorCode } from '../common/errors/common.errors';
import { isUuid } from '../common/ids';
import { Page, paginate } from '../common/pagination/pagination';
import { ScopePolicy } from '../identity/scope-policy.service';
import {
  ConsentPurpose,
  ConsentResponse,
  CreateConsentDto,
  ListConsentsQuery,
  RevokeConsentDto,
} from './dto/consent.dto';
import { Consent, consentHolds } from './consent.entity';
import { Person } from './person.entity';
import { PersonRightsErrorCode } from './person-rights.errors';
import { PersonErrorCode } from './persons.errors';
import { PersonsService } from './persons.service';

export { CONSENT_PURPOSES, ConsentPurpose } from './dto/consent.dto';

/** Default purpose recorded when consents are read without `X-Purpose`. */
export const CONSENT_READ_PURPOSE = 'CONSENT_VIEW';

@Injectable()
export class ConsentsService {
  constructor(
    private readonly tx: Tx,
    private readonly persons: PersonsService,
    private readonly scope: ScopePolicy,
    private readonly audit: AuditService,
  ) {}

  async create(ctx: RequestContext, personId: string, dto: CreateConsentDto): Promise<ConsentResponse> {
    const principal = this.scope.principal(ctx);
    return this.tx.run(ctx, async (em) => {
      const person = await this.persons.load(ctx, em, personId, true);
      this.persons.assertWritable(person);
      const today = this.today(person);
      this.checkInput(dto, today);
      const recipient = dto.recipientOrganizationId ?? null;
      if (recipient !== null) await this.assertOrganizationExists(em, recipient);
      const repository = em.getRepository(Consent);
      const consent = await repository.save(
        repository.create({
          personId,
          purpose: dto.purpose,
          recipientOrganizationId: recipient,
          givenBy: dto.givenBy,
          guardianName: dto.givenBy === 'GUARDIAN' ? (dto.guardianName ?? null) : null,
          guardianRelation: dto.givenBy === 'GUARDIAN' ? (dto.guardianRelation ?? null) : null,
          givenOn: dto.givenOn,
          expiresOn: dto.expiresOn ?? null,
          evidenceReference: dto.evidenceReference,
          recordedBy: principal.id,
          recordedByOrganizationId: principal.organizationId,
          revokedAt: null,
          revocationReason: null,
        }),
      );
      await this.audit.record(ctx, {
        action: 'CREATE',
        resourceType: 'consent',
        resourceId: consent.id,
        personId,
        changedFields: presentFields(dto),
      });
      return this.toResponse(consent, today);
    });
  }

  /** Consents of a person in the order they were given (then id); `active` is computed for the person's local day. */
  async list(ctx: RequestContext, personId: string, query: ListConsentsQuery): Promise<Page<ConsentResponse>> {
    const em = this.tx.manager(ctx);
    const person = await this.persons.load(ctx, em, personId);
    // Listing consents is processing of the person's data, which a restriction stops (the DPO uses the export).
    this.persons.assertNotRestricted(person);
    const today = this.today(person);
    const qb = em.getRepository(Consent).createQueryBuilder('c').where('c.personId = :personId', { personId });
    if (query.purpose !== undefined) qb.andWhere('c.purpose = :purpose', { purpose: query.purpose });
    if (query.active !== undefined) {
      const holds = `(c.revokedAt IS NULL AND c.givenOn <= :today AND (c.expiresOn IS NULL OR c.expiresOn >= :today))`;
      qb.andWhere(query.active ? holds : `NOT ${holds}`, { today });
    }
    const page = await paginate(
      qb,
      query,
      [
        { expression: 'c.givenOn', value: (c) => c.givenOn, type: 'string' },
        { expression: 'c.id', value: (c) => c.id, type: 'string' },
      ],
      (c) => this.toResponse(c, today),
    );
    await this.audit.record(ctx, { action: 'READ', resourceType: 'consent', personId, purpose: CONSENT_READ_PURPOSE });
    return page;
  }

  /**
   * Withdrawing consent is the data subject's right and only narrows processing, so unlike other writes it is
   * allowed while processing is restricted; a merged or erased record has no consents left to revoke.
   */
  async revoke(
    ctx: RequestContext,
    personId: string,
    consentId: string,
    dto: RevokeConsentDto,
  ): Promise<ConsentResponse> {
    return this.tx.run(ctx, async (em) => {
      const person = await this.persons.load(ctx, em, personId, true);
      if (person.status !== 'ACTIVE') {
        throw new AppException(PersonErrorCode.PERSON_NOT_ACTIVE, { id: person.id, status: person.status });
      }
      const consent = isUuid(consentId)
        ? await em
            .getRepository(Consent)
            .findOne({ where: { id: consentId, personId }, lock: { mode: 'pessimistic_write' } })
        : null;
      if (!consent) throw new AppException(PersonRightsErrorCode.CONSENT_NOT_FOUND, { id: consentId.slice(0, 40) });
      if (consent.revokedAt !== null)
        throw new AppException(PersonRightsErrorCode.CONSENT_ALREADY_REVOKED, { id: consentId });
      consent.revokedAt = new Date();
      consent.revocationReason = dto.reason;
      const saved = await em.getRepository(Consent).save(consent);
      await this.audit.record(ctx, {
        action: 'UPDATE',
        resourceType: 'consent',
        resourceId: consent.id,
        personId,
        changedFields: ['revokedAt', 'revocationReason'],
      });
      return this.toResponse(saved, this.today(person));
    });
  }

  /**
   * The consent that covers processing of `personId` for `purpose` by `recipientOrganizationId` on `onDate`
   * (YYYY-MM-DD, the caller's local day), or null. A consent covers a recipient when it names that organisation or
   * names none (any organisation); one naming the recipient is preferred, then the most recently given. A revoked
   * consent covers nothing, whatever the date: withdrawal ends processing from then on, including late paperwork.
   * Does no scope check and no audit: the calling module has already loaded the person in the caller's scope.
   */
  async findCovering(
    em: EntityManager,
    personId: string,
    purpose: ConsentPurpose,
    recipientOrganizationId: string | null,
    onDate: string,
  ): Promise<Consent | null> {
    const qb = em
      .getRepository(Consent)
      .createQueryBuilder('c')
      .where('c.personId = :personId', { personId })
      .andWhere('c.purpose = :purpose', { purpose })
      .andWhere('c.revokedAt IS NULL')
      .andWhere('c.givenOn <= :onDate', { onDate })
      .andWhere('(c.expiresOn IS NULL OR c.expiresOn >= :onDate)')
      .orderBy('c.givenOn', 'DESC')
      .addOrderBy('c.id', 'ASC');
    if (recipientOrganizationId === null) {
      qb.andWhere('c.recipientOrganizationId IS NULL');
    } else {
      qb.andWhere('(c.recipientOrganizationId = :recipient OR c.recipientOrganizationId IS NULL)', {
        recipient: recipientOrganizationId,
      });
    }
    const candidates = await qb.getMany();
    return candidates.find((c) => c.recipientOrganizationId !== null) ?? candidates[0] ?? null;
  }

  /** Every consent of a person, oldest first: for the data export. */
  async allOf(em: EntityManager, person: Person): Promise<ConsentResponse[]> {
    const rows = await em
      .getRepository(Consent)
      .find({ where: { personId: person.id }, order: { givenOn: 'ASC', id: 'ASC' } });
    const today = this.today(person);
    return rows.map((c) => this.toResponse(c, today));
  }

  /**
   * On erasure: revokes every consent still in force (processing must end) and replaces guardians' names, which
   * identify the family. Proof that consent existed (purpose, dates, evidence reference) stays.
   */
  async eraseFor(em: EntityManager, personIds: string[]): Promise<void> {
    await em.query(
      `UPDATE consents
          SET revoked_at = COALESCE(revoked_at, now()),
              revocation_reason = COALESCE(revocation_reason, 'ERASED'),
              guardian_name = CASE WHEN guardian_name IS NULL THEN NULL ELSE 'TERHAPUS' END,
              guardian_relation = NULL,
              version = version + 1,
              updated_at = now()
        WHERE person_id = ANY($1)`,
      [personIds],
    );
  }

  /** "Today" is the local day of the person's region (Asia/Jakarta for Jawa Timur), as for every date rule. */
  private today(person: Person): string {
    return todayIn(timeZoneOfRegion(person.domicileVillageCode));
  }

  private checkInput(dto: CreateConsentDto, today: string): void {
    const errors: FieldError[] = [];
    if (dto.givenOn > today) {
      errors.push({ field: 'givenOn', message: { id: 'tidak boleh di masa depan', en: 'must not be in the future' } });
    }
    if (dto.expiresOn !== undefined && dto.expiresOn < dto.givenOn) {
      errors.push({
        field: 'expiresOn',
        message: { id: 'tidak boleh sebelum givenOn', en: 'must not be before givenOn' },
      });
    }
    if (dto.givenBy === 'SELF') {
      // A guardian named on a consent the person gave alone would make the record say two things.
      for (const field of ['guardianName', 'guardianRelation'] as const) {
        if (dto[field] !== undefined) {
          errors.push({
            field,
            message: { id: 'hanya untuk givenBy GUARDIAN', en: 'only allowed when givenBy is GUARDIAN' },
          });
        }
      }
    }
    if (errors.length > 0) throw new AppException(CommonErrorCode.VALIDATION_FAILED, {}, errors);
  }

  private async assertOrganizationExists(em: EntityManager, id: string): Promise<void> {
    const found: unknown[] = await em.query(`SELECT 1 FROM organizations WHERE id = $1`, [id]);
    if (found.length === 0) throw new AppException(PersonRightsErrorCode.CONSENT_UNKNOWN_RECIPIENT, { id });
  }

  private toResponse(c: Consent, today: string): ConsentResponse {
    return {
      id: c.id,
      personId: c.personId,
      purpose: c.purpose,
      recipientOrganizationId: c.recipientOrganizationId,
      givenBy: c.givenBy,
      guardianName: c.guardianName,
      guardianRelation: c.guardianRelation,
      givenOn: c.givenOn,
      expiresOn: c.expiresOn,
      evidenceReference: c.evidenceReference,
      recordedBy: c.recordedBy,
      recordedByOrganizationId: c.recordedByOrganizationId,
      revokedAt: c.revokedAt,
      revocationReason: c.revocationReason,
      active: consentHolds(c, today),
      version: c.version,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
    };
  }
}
