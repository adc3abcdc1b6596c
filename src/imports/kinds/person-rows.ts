import { DataSource } from 'typeorm';
import { timeZoneOfRegion, todayIn } from '../../common/dates';
import { presentFields } from '../../common/validation/present-fields';
import { CreatePersonDto } from '../../persons/dto/person-input.dto';
import { nameKey } from '../../persons/matching';
import { KnownRegions } from '../../persons/nik';
import { CheckedPersonInput, personInputProblems } from '../../persons/person-input.validator';
import { PiiCipher } from '../../persons/pii/pii-cipher';
import { PII_CONTEXTS } from '../../persons/pii/pii-columns';
import { ColumnSpec } from '../import-kinds';
import { parseDate, parseSex, parseWhole, splitList } from './cells';
import { columnResolver, MappedRow, RowError, rowErrorsOf, take, validateDto } from './import-kind';

/** The field to blame for a registry rule whose error names none. */
const FIELD_OF_CODE: Record<string, string> = {
  PERSON_VILLAGE_REQUIRED: 'domicile.villageCode',
  PERSON_UNKNOWN_PPKS_CATEGORY: 'ppksCategories',
};

/** A person row that passed every rule, with its identity numbers already encrypted and indexed. */
export interface PersonPayload {
  dto: CreatePersonDto;
  checked: CheckedPersonInput;
  nameKey: string;
  /** Blind indexes of the NIK under every key in use (current first), or empty without a NIK. */
  nikIndexes: string[];
  nikEncrypted: string | null;
  kkIndexes: string[];
  kkEncrypted: string | null;
  guardianNikEncrypted: string | null;
  /** "Today" where the person lives, or where the importing office is. */
  today: string;
  /** API field names the row filled, for the audit trail (names only). */
  fields: string[];
}

/** Reference data every person row is checked against, loaded once per job. */
export interface PersonRowReferences {
  known: KnownRegions;
  regionLevels: ReadonlyMap<string, string>;
  ppks: ReadonlySet<string>;
}

export async function loadPersonReferences(dataSource: DataSource, known: KnownRegions): Promise<PersonRowReferences> {
  const regions = await dataSource.query<{ code: string; level: string }[]>(`SELECT code, level FROM regions`);
  const ppks = await dataSource.query<{ code: string }[]>(`SELECT code FROM ppks_categories`);
  return {
    known,
    regionLevels: new Map(regions.map((r) => [r.code, r.level])),
    ppks: new Set(ppks.map((p) => p.code)),
  };
}

/**
 * Turns person rows into API values and runs on them exactly the rules of `POST /api/v1/persons`: the DTO's
 * validation and the registry's checks (`personInputProblems`: NIK, KK, birth date, village, PPKS). Every problem of
 * a row is reported against its column.
 */
export class PersonRows {
  private readonly columnOf: (field: string) => string | null;

  constructor(
    columns: readonly ColumnSpec[],
    private readonly refs: PersonRowReferences,
    private readonly cipher: PiiCipher,
    /** Region of the importing office: "today" for people without a domicile. */
    private readonly officeRegion: string,
  ) {
    this.columnOf = columnResolver(columns);
  }

  prepare(row: MappedRow): { payload?: PersonPayload; errors: RowError[] } {
    const errors: RowError[] = [];
    const plain = this.plain(row.values, errors);
    const { dto, errors: dtoErrors } = validateDto(CreatePersonDto, plain, this.columnOf);
    // One line per column: a cell its parser refused is not reported again by the DTO or the registry's rules.
    const add = (more: RowError[]): void => {
      const blamed = new Set(errors.map((e) => e.column));
      errors.push(...more.filter((e) => !blamed.has(e.column)));
    };
    add(dtoErrors);
    const villageCode = dto.domicile?.villageCode;
    const today = todayIn(timeZoneOfRegion(villageCode ?? this.officeRegion));
    const { checked, problems } = personInputProblems(dto, {
      known: this.refs.known,
      regionLevel: (code) => this.refs.regionLevels.get(code),
      ppksExists: (code) => this.refs.ppks.has(code),
      today,
      isCreate: true,
    });
    // Run even when the DTO refused a field, so that every problem of the row is reported at once.
    add(
      problems.flatMap((problem) =>
        rowErrorsOf(problem, this.columnOf).map((e) => ({
          ...e,
          column: e.column ?? this.columnOf(FIELD_OF_CODE[problem.code] ?? ''),
        })),
      ),
    );
    if (errors.length > 0) return { errors };
    return {
      errors,
      payload: {
        dto,
        checked,
        nameKey: nameKey(dto.fullName),
        nikIndexes: checked.nik ? this.cipher.blindIndexes(checked.nik, PII_CONTEXTS.nik) : [],
        nikEncrypted: checked.nik ? this.cipher.encrypt(checked.nik, PII_CONTEXTS.nik) : null,
        kkIndexes: checked.kk ? this.cipher.blindIndexes(checked.kk, PII_CONTEXTS.kk) : [],
        kkEncrypted: checked.kk ? this.cipher.encrypt(checked.kk, PII_CONTEXTS.kk) : null,
        guardianNikEncrypted: checked.guardianNik
          ? this.cipher.encrypt(checked.guardianNik, PII_CONTEXTS.guardianNik)
          : null,
        today,
        fields: presentFields(dto),
      },
    };
  }

  /** The body `POST /api/v1/persons` would have received for this row. */
  private plain(values: ReadonlyMap<string, string>, errors: RowError[]): Record<string, unknown> {
    const plain: Record<string, unknown> = {};
    const get = (column: string): string | undefined => values.get(column);
    const set = (field: string, value: unknown): void => {
      if (value !== undefined) plain[field] = value;
    };
    set('fullName', get('nama_lengkap'));
    const sex = get('jenis_kelamin');
    if (sex !== undefined) set('sex', take(parseSex(sex), 'jenis_kelamin', errors));
    const birthDate = get('tanggal_lahir');
    if (birthDate !== undefined) set('birthDate', take(parseDate(birthDate), 'tanggal_lahir', errors));
    set('birthDatePrecision', get('presisi_tanggal_lahir')?.toUpperCase());
    set('birthPlace', get('tempat_lahir'));
    set('nik', get('nik'));
    const kk = get('no_kk');
    if (kk !== undefined) set('kk', { number: kk });
    const village = get('kode_desa');
    const address = get('alamat');
    if (village !== undefined) set('domicile', { villageCode: village, address });
    else if (address !== undefined) {
      errors.push({
        column: 'alamat',
        code: 'VALIDATION_FAILED',
        message: { id: 'alamat perlu kode_desa', en: 'an address needs kode_desa' },
      });
    }
    set('phone', get('telepon'));
    const disabilities = get('disabilitas');
    if (disabilities !== undefined) set('disabilities', splitList(disabilities.toUpperCase()));
    const ppks = get('kategori_ppks');
    if (ppks !== undefined) set('ppksCategories', splitList(ppks.toUpperCase()));
    const aliases = get('alias');
    if (aliases !== undefined) set('aliases', splitList(aliases, /;/));
    const guardian = {
      name: get('nama_wali'),
      relation: get('hubungan_wali')?.toUpperCase(),
      phone: get('telepon_wali'),
      nik: get('nik_wali'),
    };
    if (Object.values(guardian).some((v) => v !== undefined)) set('guardian', guardian);
    const dtksId = get('id_dtks');
    const decile = get('desil_dtsen');
    if (dtksId !== undefined || decile !== undefined) {
      set('externalIds', {
        dtksId,
        dtsenDecile: decile === undefined ? undefined : take(parseWhole(decile), 'desil_dtsen', errors),
      });
    }
    return plain;
  }
}
