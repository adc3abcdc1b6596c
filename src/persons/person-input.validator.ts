import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { timeZoneOfRegion, todayIn } from '../common/dates';
import { AppException } from '../common/errors/app-exception';
import { LocalizedText } from '../common/i18n';
import { PpksCategory } from '../ppks/ppks.entities';
import { RegionsService } from '../regions/regions.service';
import { CreatePersonDto, UpdatePersonDto } from './dto/person-input.dto';
import { KK_RULE_MESSAGES, NIK_RULE_MESSAGES, NikWarning, validateKk, validateNik } from './nik';
import { PersonErrorCode } from './persons.errors';

export interface CheckedPersonInput {
  nik?: string;
  kk?: string;
  guardianNik?: string;
  warnings: NikWarning[];
}

/**
 * The checks of a person's data that need more than a DTO decorator: identity numbers against the region codes,
 * dates against the region's "today", codes against reference tables. All run before anything is written.
 */
@Injectable()
export class PersonInputValidator {
  constructor(
    private readonly tx: Tx,
    private readonly regions: RegionsService,
  ) {}

  async check(ctx: RequestContext, dto: CreatePersonDto | UpdatePersonDto): Promise<CheckedPersonInput> {
    this.checkBirthDate(dto, ctx.principal?.regionCode);
    const known = await this.regions.knownCodes();
    const result: CheckedPersonInput = { warnings: [] };
    if (dto.nik !== undefined) {
      const check = validateNik(digits(dto.nik), known, {
        birthDate: dto.birthDate,
        birthDatePrecision: dto.birthDatePrecision,
        sex: dto.sex,
      });
      if (!check.ok)
        throw this.invalid(PersonErrorCode.PERSON_NIK_INVALID, 'nik', NIK_RULE_MESSAGES[check.rule], check.rule);
      result.nik = check.nik;
      result.warnings.push(...check.warnings);
    }
    if (dto.kk !== undefined) {
      const check = validateKk(digits(dto.kk.number), known);
      if (!check.ok)
        throw this.invalid(PersonErrorCode.PERSON_KK_INVALID, 'kk.number', KK_RULE_MESSAGES[check.rule], check.rule);
      result.kk = digits(dto.kk.number);
    }
    if (dto.guardian?.nik !== undefined) {
      const check = validateNik(digits(dto.guardian.nik), known);
      if (!check.ok) {
        throw this.invalid(
          PersonErrorCode.PERSON_NIK_INVALID,
          'guardian.nik',
          NIK_RULE_MESSAGES[check.rule],
          check.rule,
        );
      }
      result.guardianNik = check.nik;
    }
    if (dto.domicile !== undefined) {
      const region = await this.regions.assertExists(dto.domicile.villageCode, 'domicile.villageCode');
      if (region.level !== 'VILLAGE') {
        throw new AppException(PersonErrorCode.PERSON_VILLAGE_REQUIRED, { code: dto.domicile.villageCode });
      }
    }
    if (dto.ppksCategories !== undefined && dto.ppksCategories.length > 0) {
      const found = await this.tx
        .manager(ctx)
        .getRepository(PpksCategory)
        .find({ where: { code: In(dto.ppksCategories) } });
      const missing = dto.ppksCategories.filter((c) => !found.some((f) => f.code === c));
      if (missing.length > 0)
        throw new AppException(PersonErrorCode.UNKNOWN_PPKS_CATEGORY, { codes: missing.join(', ') });
    }
    return result;
  }

  /** A NIK given as a search key: the same rules as on create, so a typo is a 400 and not an empty page. */
  nikOrThrow(
    value: string,
    field: string,
    known?: { regencies: ReadonlySet<string>; districts: ReadonlySet<string> },
  ): string {
    const nik = digits(value);
    if (!/^\d{16}$/.test(nik))
      throw this.invalid(PersonErrorCode.PERSON_NIK_INVALID, field, NIK_RULE_MESSAGES.NIK_FORMAT, 'NIK_FORMAT');
    if (known) {
      const check = validateNik(nik, known);
      if (!check.ok)
        throw this.invalid(PersonErrorCode.PERSON_NIK_INVALID, field, NIK_RULE_MESSAGES[check.rule], check.rule);
    }
    return nik;
  }

  /**
   * Not in the future (the region's local day), and the precision must fit the date: MONTH is recorded as the
   * first of the month, YEAR as 1 January. ESTIMATED takes any date.
   */
  private checkBirthDate(dto: CreatePersonDto | UpdatePersonDto, callerRegion: string | undefined): void {
    const fail = (reason: LocalizedText, rule: string): never => {
      throw new AppException(
        PersonErrorCode.PERSON_BIRTH_DATE_INVALID,
        { reason },
        [{ field: 'birthDate', message: reason }],
        undefined,
        {
          rule,
        },
      );
    };
    if (dto.birthDate === undefined) {
      if (dto.birthDatePrecision !== undefined && isCreate(dto)) {
        fail(
          { id: 'birthDatePrecision diisi tanpa birthDate', en: 'birthDatePrecision given without birthDate' },
          'PRECISION_WITHOUT_DATE',
        );
      }
      return;
    }
    const today = todayIn(timeZoneOfRegion(dto.domicile?.villageCode ?? callerRegion));
    if (dto.birthDate > today)
      fail({ id: 'tanggal lahir tidak boleh di masa depan', en: 'the birth date is in the future' }, 'FUTURE');
    if (dto.birthDate < '1900-01-01')
      fail({ id: 'tanggal lahir sebelum 1900', en: 'the birth date is before 1900' }, 'TOO_OLD');
    const precision = dto.birthDatePrecision ?? 'DAY';
    if (precision === 'MONTH' && !dto.birthDate.endsWith('-01')) {
      fail(
        { id: 'presisi MONTH: tulis tanggal 01', en: 'MONTH precision: give the 1st of the month' },
        'PRECISION_CONTRADICTS_DATE',
      );
    }
    if (precision === 'YEAR' && !dto.birthDate.endsWith('-01-01')) {
      fail(
        { id: 'presisi YEAR: tulis 1 Januari', en: 'YEAR precision: give 1 January of the year' },
        'PRECISION_CONTRADICTS_DATE',
      );
    }
  }

  private invalid(code: PersonErrorCode, field: string, message: LocalizedText, rule: string): AppException {
    return new AppException(code, { field, rule: message }, [{ field, message }], undefined, { rule });
  }
}

/** Identity numbers are often typed with spaces or dots; only the digits count. Anything else fails the format rule. */
function digits(value: string): string {
  return /^[\d\s.-]+$/.test(value) ? value.replace(/[\s.-]/g, '') : value;
}

function isCreate(dto: CreatePersonDto | UpdatePersonDto): dto is CreatePersonDto {
  return dto instanceof CreatePersonDto;
}
