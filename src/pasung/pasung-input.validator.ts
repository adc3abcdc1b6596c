import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { RequestContext } from '../common/context/request-context';
import { timeZoneOfRegion, todayIn } from '../common/dates';
import { AppException, FieldError } from '../common/errors/app-exception';
import { CommonErrorCode } from '../common/errors/common.errors';
import { LocalizedText } from '../common/i18n';
import { ScopePolicy } from '../identity/scope-policy.service';
import { Person } from '../persons/person.entity';
import { PersonErrorCode } from '../persons/persons.errors';
import { PersonsService } from '../persons/persons.service';
import { RegionsService } from '../regions/regions.service';
import { PasungEventDetailsInput } from './dto/pasung-event.dto';
import { PasungErrorCode } from './pasung.errors';
import { DETAIL_STATUS, PasungDetailField, PasungStatus } from './pasung-status';

/** Dates before this are typos (a year typed as 0026 or 1026), not old reports. */
const EARLIEST_DATE = '1990-01-01';

/** Organisations that may manage a pasung case: the Dinas Sosial offices and the UPTs. */
const MANAGING_TYPES = ['PROVINCIAL_OFFICE', 'REGENCY_OFFICE', 'UPT'];

/**
 * Checks of pasung input that need more than a DTO decorator: references (person, village, organisations, the
 * rehabilitation case) in the caller's scope, dates against the region's local day, and detail texts that some
 * values require. The ones that read nothing run before the transaction's first write.
 */
@Injectable()
export class PasungInput {
  constructor(
    private readonly scope: ScopePolicy,
    private readonly persons: PersonsService,
    private readonly regions: RegionsService,
  ) {}

  /** A person the caller may see and whose data may be processed; a body reference that is not found is a 422. */
  async person(ctx: RequestContext, em: EntityManager, personId: string): Promise<Person> {
    let person: Person;
    try {
      person = await this.persons.load(ctx, em, personId);
    } catch (error) {
      if (error instanceof AppException && error.code === PersonErrorCode.PERSON_NOT_FOUND)
        throw new AppException(CommonErrorCode.REFERENCE_NOT_FOUND, { field: 'personId' });
      throw error;
    }
    this.persons.assertWritable(person);
    return person;
  }

  /** An existing village of the caller's province: unknown → 422 UNKNOWN_REGION; not a village or foreign → 422. */
  async village(ctx: RequestContext, code: string): Promise<void> {
    const region = await this.regions.assertExists(code, 'villageCode');
    if (region.level !== 'VILLAGE') {
      throw this.villageInvalid(code, {
        id: 'bukan kode desa/kelurahan',
        en: 'is not a village (kelurahan/desa) code',
      });
    }
    const province = this.scope.provinceOf(this.scope.principal(ctx));
    if (!code.startsWith(province)) {
      throw this.villageInvalid(code, {
        id: `di luar provinsi Anda (${province})`,
        en: `is outside your province (${province})`,
      });
    }
  }

  /** Not in the future (the local day of the region where the person was found), not before 1990. */
  date(field: string, value: string, villageCode: string): void {
    if (value > todayIn(timeZoneOfRegion(villageCode))) {
      throw this.dateInvalid(field, 'FUTURE', {
        id: 'tanggal tidak boleh di masa depan (hari ini menurut waktu setempat)',
        en: 'the date is in the future (by the local day of the region)',
      });
    }
    if (value < EARLIEST_DATE) {
      throw this.dateInvalid(field, 'TOO_EARLY', {
        id: `tanggal sebelum ${EARLIEST_DATE}`,
        en: `the date is before ${EARLIEST_DATE}`,
      });
    }
  }

  /**
   * The managing organisation: the caller's own; a province role may name an active Dinas Sosial office or UPT of
   * its province. Anyone else naming another organisation is refused (403), not silently overridden.
   */
  async managingOrganization(ctx: RequestContext, em: EntityManager, requested: string | undefined): Promise<string> {
    const principal = this.scope.principal(ctx);
    if (requested === undefined || requested.toLowerCase() === principal.organizationId.toLowerCase())
      return principal.organizationId;
    if (!this.scope.isProvinceWide(principal))
      throw new AppException(PasungErrorCode.PASUNG_MANAGING_ORGANIZATION_FORBIDDEN);
    const rows: unknown[] = await em.query(
      `SELECT 1 FROM organizations WHERE id = $1 AND active AND type = ANY($2) AND region_code LIKE $3`,
      [requested, MANAGING_TYPES, `${this.scope.provinceOf(principal)}%`],
    );
    if (rows.length === 0)
      throw new AppException(PasungErrorCode.PASUNG_MANAGING_ORGANIZATION_INVALID, { id: requested });
    return requested;
  }

  /** The UPT of a REHABILITASI event: an active organisation of type UPT (the directory is public, so no scope). */
  async upt(em: EntityManager, id: string): Promise<void> {
    const rows: unknown[] = await em.query(`SELECT 1 FROM organizations WHERE id = $1 AND active AND type = 'UPT'`, [
      id,
    ]);
    if (rows.length === 0) throw new AppException(PasungErrorCode.PASUNG_UPT_INVALID, { id });
  }

  /**
   * The rehabilitation case to link: it must exist in the caller's case scope (else the same 422 as a missing one,
   * so nothing hints that a foreign case exists) and be a case of the same person.
   */
  async linkedCase(
    ctx: RequestContext,
    em: EntityManager,
    caseId: string,
    personId: string,
    field: string,
  ): Promise<void> {
    const condition = this.scope.cases(ctx, 'c');
    const found = await em
      .createQueryBuilder()
      .select('c.person_id', 'personId')
      .from('cases', 'c')
      .where('c.id = :linkedCaseId', { linkedCaseId: caseId })
      .andWhere(condition.sql, condition.params)
      .getRawOne<{ personId: string }>();
    if (!found) throw new AppException(PasungErrorCode.PASUNG_LINKED_CASE_NOT_FOUND, { field, id: caseId });
    if (found.personId !== personId)
      throw new AppException(PasungErrorCode.PASUNG_LINKED_CASE_OTHER_PERSON, { field, id: caseId });
  }

  /** Each detail belongs to some statuses (DETAIL_STATUS); a detail given with another status is a 400. */
  detailsFit(status: PasungStatus, details: PasungEventDetailsInput | undefined): void {
    const errors: FieldError[] = [];
    for (const [field, statuses] of Object.entries(DETAIL_STATUS) as [PasungDetailField, readonly PasungStatus[]][]) {
      if (details?.[field] === undefined || details[field] === null || statuses.includes(status)) continue;
      const names = statuses.join(', ');
      errors.push({
        field: `details.${field}`,
        message: { id: `hanya untuk status ${names}, bukan ${status}`, en: `only for status ${names}, not ${status}` },
      });
    }
    if (errors.length > 0) throw new AppException(CommonErrorCode.VALIDATION_FAILED, {}, errors);
  }

  /** OTHER needs words: a report source or a restraint of "other" says nothing without them. */
  otherNeedsDetail(values: {
    reportSource: string;
    reportSourceDetail: string | null;
    restraintType: string;
    restraintDetail: string | null;
  }): void {
    const errors: FieldError[] = [];
    const required = (other: string): LocalizedText => ({
      id: `wajib diisi bila ${other} = OTHER`,
      en: `is required when ${other} is OTHER`,
    });
    if (values.reportSource === 'OTHER' && !values.reportSourceDetail)
      errors.push({ field: 'reportSourceDetail', message: required('reportSource') });
    if (values.restraintType === 'OTHER' && !values.restraintDetail)
      errors.push({ field: 'restraintDetail', message: required('restraintType') });
    if (errors.length > 0) throw new AppException(CommonErrorCode.VALIDATION_FAILED, {}, errors);
  }

  /** PATCH may clear optional fields with null, never the ones a pasung case must have. */
  notNull(dto: object, fields: readonly string[]): void {
    const nulls = fields.filter((field) => (dto as Record<string, unknown>)[field] === null);
    if (nulls.length === 0) return;
    throw new AppException(
      CommonErrorCode.VALIDATION_FAILED,
      {},
      nulls.map((field) => ({ field, message: { id: 'tidak boleh null', en: 'must not be null' } })),
    );
  }

  private villageInvalid(code: string, reason: LocalizedText): AppException {
    return new AppException(PasungErrorCode.PASUNG_VILLAGE_INVALID, { code, reason }, [
      { field: 'villageCode', message: reason },
    ]);
  }

  private dateInvalid(field: string, rule: string, reason: LocalizedText): AppException {
    return new AppException(
      PasungErrorCode.PASUNG_DATE_INVALID,
      { field, reason },
      [{ field, message: reason }],
      undefined,
      {
        rule,
      },
    );
  }
}
