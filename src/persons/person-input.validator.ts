import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { timeZoneOfRegion, todayIn } from '../common/dates';
import { AppException } from '../common/errors/app-exception';
import { LocalizedText } from '../common/i18n';
import { PpksCategory } from '../ppks/ppks.entities';
import { REGION_CODE_PATTERN } from '../regions/region.entity';
import { RegionErrorCode } from '../regions/regions.errors';
import { RegionsService } from '../regions/regions.service';
import { CreatePersonDto, UpdatePersonDto } from './dto/person-input.dto';
import { BirthDatePrecision } from './person.entity';
import { KK_RULE_MESSAGES, KnownRegions, NIK_RULE_MESSAGES, NikWarning, validateKk, validateNik } from './nik';
import { PersonErrorCode } from './persons.errors';

export interface CheckedPersonInput {
  nik?: string;
  kk?: string;
  guardianNik?: string;
  warnings: NikWarning[];
}

/** The reference data the rules look things up in; the API loads what one person needs, imports load it all once. */
export interface PersonReferences {
  known: KnownRegions;
  /** Level of a region code (`VILLAGE`, `DISTRICT`...), undefined when there is no such region. */
  regionLevel(code: string): string | undefined;
  ppksExists(code: string): boolean;
  /** "Today" where the person lives (or where the caller works): the birth date may not be after it. */
  today: string;
  /** A create refuses birthDatePrecision without birthDate; a PATCH may change the precision alone. */
  isCreate: boolean;
}

/**
 * Every check of a person's data that needs more than a DTO decorator, as one pure function: identity numbers
 * against the region codes, the birth date against the region's "today", codes against reference tables. It lists
 * every problem in a fixed order (the API answers the first, a bulk import reports them all), so both share one
 * definition of the registry's rules.
 */
export function personInputProblems(
  dto: CreatePersonDto | UpdatePersonDto,
  refs: PersonReferences,
): { checked: CheckedPersonInput; problems: AppException[] } {
  const problems: AppException[] = [];
  const checked: CheckedPersonInput = { warnings: [] };
  const birth = birthDateProblem(dto.birthDate, dto.birthDatePrecision, refs.isCreate, refs.today);
  if (birth) {
    problems.push(
      new AppException(
        PersonErrorCode.PERSON_BIRTH_DATE_INVALID,
        { reason: birth.reason },
        [{ field: 'birthDate', message: birth.reason }],
        undefined,
        { rule: birth.rule },
      ),
    );
  }
  if (dto.nik !== undefined) {
    const check = validateNik(digits(dto.nik), refs.known, {
      birthDate: dto.birthDate,
      birthDatePrecision: dto.birthDatePrecision,
      sex: dto.sex,
    });
    if (check.ok) {
      checked.nik = check.nik;
      checked.warnings.push(...check.warnings);
    } else {
      problems.push(invalid(PersonErrorCode.PERSON_NIK_INVALID, 'nik', NIK_RULE_MESSAGES[check.rule], check.rule));
    }
  }
  if (dto.kk !== undefined) {
    const check = validateKk(digits(dto.kk.number), refs.known);
    if (check.ok) checked.kk = digits(dto.kk.number);
    else {
      problems.push(invalid(PersonErrorCode.PERSON_KK_INVALID, 'kk.number', KK_RULE_MESSAGES[check.rule], check.rule));
    }
  }
  if (dto.guardian?.nik !== undefined) {
    const check = validateNik(digits(dto.guardian.nik), refs.known);
    if (check.ok) checked.guardianNik = check.nik;
    else {
      problems.push(
        invalid(PersonErrorCode.PERSON_NIK_INVALID, 'guardian.nik', NIK_RULE_MESSAGES[check.rule], check.rule),
      );
    }
  }
  if (dto.domicile !== undefined) {
    const code = dto.domicile.villageCode;
    const level = REGION_CODE_PATTERN.test(code) ? refs.regionLevel(code) : undefined;
    if (level === undefined) {
      problems.push(
        new AppException(RegionErrorCode.UNKNOWN_REGION, { code: code.slice(0, 20), field: 'domicile.villageCode' }),
      );
    } else if (level !== 'VILLAGE') {
      problems.push(new AppException(PersonErrorCode.PERSON_VILLAGE_REQUIRED, { code }));
    }
  }
  if (dto.ppksCategories !== undefined && dto.ppksCategories.length > 0) {
    const missing = dto.ppksCategories.filter((c) => !refs.ppksExists(c));
    if (missing.length > 0)
      problems.push(new AppException(PersonErrorCode.UNKNOWN_PPKS_CATEGORY, { codes: missing.join(', ') }));
  }
  return { checked, problems };
}

/**
 * The checks of a person's data that need more than a DTO decorator (see {@link personInputProblems}), with the
 * reference data one request needs. All run before anything is written; the first problem is thrown.
 */
@Injectable()
export class PersonInputValidator {
  constructor(
    private readonly tx: Tx,
    private readonly regions: RegionsService,
  ) {}

  async check(ctx: RequestContext, dto: CreatePersonDto | UpdatePersonDto): Promise<CheckedPersonInput> {
    const known = await this.regions.knownCodes();
    const villageCode = dto.domicile?.villageCode;
    const regions =
      villageCode !== undefined && REGION_CODE_PATTERN.test(villageCode)
        ? await this.regions.findByCodes([villageCode])
        : [];
    const ppks =
      dto.ppksCategories !== undefined && dto.ppksCategories.length > 0
        ? await this.tx
            .manager(ctx)
            .getRepository(PpksCategory)
            .find({ where: { code: In(dto.ppksCategories) } })
        : [];
    const { checked, problems } = personInputProblems(dto, {
      known,
      regionLevel: (code) => regions.find((r) => r.code === code)?.level,
      ppksExists: (code) => ppks.some((p) => p.code === code),
      today: todayIn(timeZoneOfRegion(villageCode ?? ctx.principal?.regionCode)),
      isCreate: isCreate(dto),
    });
    if (problems.length > 0) throw problems[0];
    return checked;
  }

  /** A NIK given as a search key: the same rules as on create, so a typo is a 400 and not an empty page. */
  nikOrThrow(
    value: string,
    field: string,
    known?: { regencies: ReadonlySet<string>; districts: ReadonlySet<string> },
  ): string {
    const nik = digits(value);
    if (!/^\d{16}$/.test(nik))
      throw invalid(PersonErrorCode.PERSON_NIK_INVALID, field, NIK_RULE_MESSAGES.NIK_FORMAT, 'NIK_FORMAT');
    if (known) {
      const check = validateNik(nik, known);
      if (!check.ok)
        throw invalid(PersonErrorCode.PERSON_NIK_INVALID, field, NIK_RULE_MESSAGES[check.rule], check.rule);
    }
    return nik;
  }
}

/**
 * The birth-date rules of the registry as a pure function (the API and bulk imports share it): not after `today`,
 * not before 1900, and a precision that fits the date. `precisionAlone`: a precision given without a date (only a
 * create refuses that; a PATCH may change the precision of the stored date).
 */
export function birthDateProblem(
  birthDate: string | undefined,
  precision: BirthDatePrecision | undefined,
  precisionAlone: boolean,
  today: string,
): { reason: LocalizedText; rule: string } | null {
  if (birthDate === undefined) {
    if (precision !== undefined && precisionAlone) {
      return {
        reason: { id: 'birthDatePrecision diisi tanpa birthDate', en: 'birthDatePrecision given without birthDate' },
        rule: 'PRECISION_WITHOUT_DATE',
      };
    }
    return null;
  }
  if (birthDate > today)
    return {
      reason: { id: 'tanggal lahir tidak boleh di masa depan', en: 'the birth date is in the future' },
      rule: 'FUTURE',
    };
  if (birthDate < '1900-01-01')
    return { reason: { id: 'tanggal lahir sebelum 1900', en: 'the birth date is before 1900' }, rule: 'TOO_OLD' };
  const effective = precision ?? 'DAY';
  if (effective === 'MONTH' && !birthDate.endsWith('-01')) {
    return {
      reason: { id: 'presisi MONTH: tulis tanggal 01', en: 'MONTH precision: give the 1st of the month' },
      rule: 'PRECISION_CONTRADICTS_DATE',
    };
  }
  if (effective === 'YEAR' && !birthDate.endsWith('-01-01')) {
    return {
      reason: { id: 'presisi YEAR: tulis 1 Januari', en: 'YEAR precision: give 1 January of the year' },
      rule: 'PRECISION_CONTRADICTS_DATE',
    };
  }
  return null;
}

function invalid(code: PersonErrorCode, field: string, message: LocalizedText, rule: string): AppException {
  return new AppException(code, { field, rule: message }, [{ field, message }], undefined, { rule });
}

/** Identity numbers are often typed with spaces or dots; only the digits count. Anything else fails the format rule. */
export function digits(value: string): string {
  return /^[\d\s.-]+$/.test(value) ? value.replace(/[\s.-]/g, '') : value;
}

function isCreate(dto: CreatePersonDto | UpdatePersonDto): dto is CreatePersonDto {
  return dto instanceof CreatePersonDto;
}
