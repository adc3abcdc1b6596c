import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { AppException } from '../common/errors/app-exception';
import { ConsentsService } from './consents.service';
import { DataSubjectRequest, toRequestResponse } from './data-subject-request.entity';
import { DataSubjectRightsService } from './data-subject-rights.service';
import { EraseDto, PersonRightsStatusResponse } from './dto/data-subject-request.dto';
import { nameKey } from './matching';
import { Person } from './person.entity';
import { PersonRightsErrorCode } from './person-rights.errors';
import { PersonErrorCode } from './persons.errors';
import { PersonsService } from './persons.service';

/** What an erased person is called: recognisably not a name, and the same for everyone. */
export const ERASED_NAME = 'TERHAPUS';
/** Names of the fields erasure overwrites, for the audit trail (names only, as always). */
const ERASED_FIELDS = [
  'fullName',
  'aliases',
  'birthDate',
  'birthPlace',
  'nik',
  'kkNumbers',
  'phone',
  'guardian',
  'externalIds.dtksId',
  'domicileHistory.address',
];

/**
 * What the data-protection officer does to a person's record under UU PDP: erase (anonymise), restrict processing
 * and lift the restriction, set and release a legal hold. A data-subject request named in the body is completed in
 * the same transaction. The person row is locked first, then the request, the same order as corrections.
 */
@Injectable()
export class PersonRightsActions {
  constructor(
    private readonly tx: Tx,
    private readonly persons: PersonsService,
    private readonly requests: DataSubjectRightsService,
    private readonly consents: ConsentsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Anonymises the person (UU PDP erasure) so that no one can be identified while every aggregate stays true: sex,
   * birth year, disabilities, PPKS history and village codes of the domicile history are kept; names, NIK, KK,
   * birth place, phone, guardian, DTKS id and street addresses go. Records merged into the person are the same
   * human being and are anonymised too. Refused (409, with the reason) under a legal hold or while a case is open.
   */
  async erase(ctx: RequestContext, personId: string, dto: EraseDto): Promise<PersonRightsStatusResponse> {
    return this.tx.run(ctx, async (em) => {
      const person = await this.persons.load(ctx, em, personId, true);
      if (person.status !== 'ACTIVE') {
        throw new AppException(PersonErrorCode.PERSON_NOT_ACTIVE, { id: person.id, status: person.status });
      }
      const ids = await this.requests.recordsOf(em, person.id);
      await this.assertErasable(em, person, ids);
      const request = dto.requestId ? await this.requests.lockRequestOf(em, person.id, dto.requestId, 'ERASURE') : null;
      await em.query(
        `UPDATE persons
            SET full_name = $3, name_key = $4, aliases = '{}',
                -- The first day of the birth year: age-group counts stay true, the birthday is gone.
                birth_date = date_trunc('year', birth_date)::date,
                birth_date_precision = CASE WHEN birth_date IS NULL THEN NULL ELSE 'YEAR' END,
                birth_place = NULL, nik_encrypted = NULL, nik_index = NULL, identity_status = 'UNKNOWN',
                identity_verified_at = NULL, identity_verified_by = NULL, phone = NULL, guardian_name = NULL,
                guardian_relation = NULL, guardian_phone = NULL, guardian_nik_encrypted = NULL, dtks_id = NULL,
                status = CASE WHEN id = $2 THEN 'ERASED' ELSE status END,
                erased_at = now(), version = version + 1, updated_at = now()
          WHERE id = ANY($1)`,
        [ids, person.id, ERASED_NAME, nameKey(ERASED_NAME)],
      );
      await em.query(`DELETE FROM person_kk_numbers WHERE person_id = ANY($1)`, [ids]);
      // Village codes stay, so counts by region stay true; the street address identifies the household.
      await em.query(`UPDATE person_domiciles SET address = NULL WHERE person_id = ANY($1)`, [ids]);
      await this.consents.eraseFor(em, ids);
      // Case and Bebas Pasung files keep their dates, statuses and outcomes (the figures stay true) but lose the
      // free text and the names of other people that would identify the person.
      await em.query(
        `UPDATE case_residences SET receiving_name = NULL, receiving_phone = NULL, discharge_reason = NULL
          WHERE case_id IN (SELECT id FROM cases WHERE person_id = ANY($1))`,
        [ids],
      );
      await em.query(`UPDATE cases SET closing_note = NULL WHERE person_id = ANY($1)`, [ids]);
      await em.query(
        `UPDATE case_events SET note = NULL WHERE case_id IN (SELECT id FROM cases WHERE person_id = ANY($1))`,
        [ids],
      );
      await em.query(
        `UPDATE case_assessments SET notes = NULL WHERE case_id IN (SELECT id FROM cases WHERE person_id = ANY($1))`,
        [ids],
      );
      await em.query(
        `UPDATE case_visits SET findings = '-', living_situation = NULL WHERE case_id IN (SELECT id FROM cases WHERE person_id = ANY($1))`,
        [ids],
      );
      await em.query(
        `UPDATE pasung_cases SET family_contact_name = NULL, family_contact_relation = NULL, family_contact_phone = NULL,
                report_source_detail = NULL, restraint_detail = NULL WHERE person_id = ANY($1)`,
        [ids],
      );
      await em.query(
        `UPDATE pasung_case_events SET note = NULL WHERE pasung_case_id IN (SELECT id FROM pasung_cases WHERE person_id = ANY($1))`,
        [ids],
      );
      // Stored responses for Idempotency-Key replays (kept 24 hours) may hold the person's name and NIK in clear.
      await em.query(
        `DELETE FROM idempotency_keys k
          WHERE k.response_body IS NOT NULL AND EXISTS (SELECT 1 FROM unnest($1::text[]) AS i WHERE strpos(k.response_body::text, i) > 0)`,
        [ids],
      );
      const completed = request ? await this.requests.close(ctx, em, request, 'COMPLETED', dto.reason) : null;
      await this.audit.record(ctx, {
        action: 'ERASE',
        resourceType: 'person',
        resourceId: person.id,
        personId: person.id,
        changedFields: ERASED_FIELDS,
        purpose: 'DATA_SUBJECT_ERASURE',
      });
      return this.status(em, person.id, completed);
    });
  }

  /** Sets or clears the restriction flag (UU PDP: restrict processing); while set, only storage and rights remain. */
  async setRestricted(
    ctx: RequestContext,
    personId: string,
    restricted: boolean,
    dto: { requestId?: string; reason?: string },
  ): Promise<PersonRightsStatusResponse> {
    return this.tx.run(ctx, async (em) => {
      const person = await this.persons.load(ctx, em, personId, true);
      if (restricted && person.status !== 'ACTIVE') {
        throw new AppException(PersonErrorCode.PERSON_NOT_ACTIVE, { id: person.id, status: person.status });
      }
      if (person.restricted === restricted) {
        const code = restricted
          ? PersonRightsErrorCode.PERSON_ALREADY_RESTRICTED
          : PersonRightsErrorCode.PERSON_NOT_RESTRICTED;
        throw new AppException(code, { id: person.id });
      }
      const kind = restricted ? 'RESTRICTION' : 'LIFT_RESTRICTION';
      const request = dto.requestId ? await this.requests.lockRequestOf(em, person.id, dto.requestId, kind) : null;
      person.restricted = restricted;
      person.restrictedAt = restricted ? new Date() : null;
      person.restrictionReason = restricted ? (dto.reason ?? null) : null;
      await em.getRepository(Person).save(person);
      const resolution = dto.reason ?? (restricted ? 'Restricted' : 'Restriction lifted');
      const completed = request ? await this.requests.close(ctx, em, request, 'COMPLETED', resolution) : null;
      await this.audit.record(ctx, {
        action: restricted ? 'RESTRICT' : 'UPDATE',
        resourceType: 'person',
        resourceId: person.id,
        personId: person.id,
        changedFields: ['restricted', 'restrictedAt', 'restrictionReason'],
        purpose: restricted ? 'DATA_SUBJECT_RESTRICTION' : 'DATA_SUBJECT_RESTRICTION_LIFTED',
      });
      return this.status(em, person.id, completed);
    });
  }

  /** A legal hold keeps the record from erasure (pending proceedings, the archive retention schedule). */
  async setLegalHold(
    ctx: RequestContext,
    personId: string,
    hold: boolean,
    reason?: string,
  ): Promise<PersonRightsStatusResponse> {
    return this.tx.run(ctx, async (em) => {
      const person = await this.persons.load(ctx, em, personId, true);
      if (person.legalHold === hold) {
        const code = hold
          ? PersonRightsErrorCode.PERSON_LEGAL_HOLD_ALREADY_SET
          : PersonRightsErrorCode.PERSON_LEGAL_HOLD_NOT_SET;
        throw new AppException(code, { id: person.id });
      }
      person.legalHold = hold;
      person.legalHoldReason = hold ? (reason ?? null) : null;
      await em.getRepository(Person).save(person);
      await this.audit.record(ctx, {
        action: 'UPDATE',
        resourceType: 'person',
        resourceId: person.id,
        personId: person.id,
        changedFields: ['legalHold', 'legalHoldReason'],
        purpose: hold ? 'LEGAL_HOLD' : 'LEGAL_HOLD_RELEASED',
      });
      return this.status(em, person.id, null);
    });
  }

  /**
   * A legal hold, or an open case (the case file must stay whole while the person is being served), blocks erasure.
   */
  private async assertErasable(em: EntityManager, person: Person, ids: string[]): Promise<void> {
    if (person.legalHold) {
      throw new AppException(
        PersonRightsErrorCode.PERSON_ERASURE_REFUSED,
        {
          reason: {
            id: `ada penahanan hukum (${person.legalHoldReason ?? '-'})`,
            en: `a legal hold is set (${person.legalHoldReason ?? '-'})`,
          },
        },
        undefined,
        undefined,
        { refusal: 'LEGAL_HOLD' },
      );
    }
    const [{ open }]: { open: boolean }[] = await em.query(
      `SELECT EXISTS (SELECT 1 FROM cases WHERE person_id = ANY($1) AND status = 'OPEN') AS open`,
      [ids],
    );
    if (open) {
      throw new AppException(
        PersonRightsErrorCode.PERSON_ERASURE_REFUSED,
        {
          reason: { id: 'masih ada kasus yang terbuka', en: 'a case is still open' },
        },
        undefined,
        undefined,
        { refusal: 'OPEN_CASE' },
      );
    }
  }

  private async status(
    em: EntityManager,
    personId: string,
    completed: DataSubjectRequest | null,
  ): Promise<PersonRightsStatusResponse> {
    const p = await em.getRepository(Person).findOneByOrFail({ id: personId });
    return {
      id: p.id,
      status: p.status,
      restricted: p.restricted,
      restrictedAt: p.restrictedAt,
      restrictionReason: p.restrictionReason,
      legalHold: p.legalHold,
      legalHoldReason: p.legalHoldReason,
      erasedAt: p.erasedAt,
      completedRequest: completed ? toRequestResponse(completed) : null,
      version: p.version,
    };
  }
}
