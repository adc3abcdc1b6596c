import fc from 'fast-check';
import {
  BirthDatePrecision,
  KK_RULE_MESSAGES,
  KK_RULES,
  maskIdentityNumber,
  NIK_RULE_MESSAGES,
  NIK_RULES,
  NIK_WARNING_CODES,
  NIK_WARNING_MESSAGES,
  nikFor,
  NikCheck,
  NikRule,
  validateKk,
  validateNik,
} from './nik';

const DAY_MS = 24 * 60 * 60 * 1000;
// 12:00 in Kalimantan Timur (UTC+8): one calendar date whichever way the clock is read.
const TODAY = new Date('2025-06-15T04:00:00Z');
const TODAY_ISO = '2025-06-15';

// Real codes from migrations/data/regions, a few per province (35 Jawa Timur, 64 Kalimantan Timur).
const KNOWN = {
  regencies: new Set(['3501', '3571', '3578', '6401', '6472']),
  districts: new Set(['350101', '350104', '357101', '357102', '357801', '640101', '647201']),
};

const digit = fc.constantFrom(...'0123456789');
const sex = fc.constantFrom<'M' | 'F'>('M', 'F');
const serial = fc.integer({ min: 1, max: 9999 });
const knownDistrict = fc.constantFrom(...KNOWN.districts);
// Strictly less than 100 years, so every date is inside the century window that ends at TODAY.
const birthDateBefore = (today: Date) =>
  fc.integer({ min: 0, max: 36_500 }).map((days) => isoDate(startOfUtcDay(today) - days * DAY_MS));
const recentBirthDate = birthDateBefore(TODAY);
const validNik = fc
  .record({ districtCode: knownDistrict, birthDate: recentBirthDate, sex, serial })
  .map((parts) => ({ parts, nik: nikFor(parts) }));

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function startOfUtcDay(date: Date): number {
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

// Builds a NIK from raw two-digit fields, so tests can encode values nikFor would never produce.
function rawNik(districtCode: string, dd: number, mm: number, yy: number, serialNumber = 1): string {
  return `${districtCode}${pad(dd, 2)}${pad(mm, 2)}${pad(yy, 2)}${pad(serialNumber, 4)}`;
}

function ruleOf(check: NikCheck): NikRule | 'ok' {
  return check.ok ? 'ok' : check.rule;
}

function warningCodes(check: NikCheck): string[] {
  return check.ok ? check.warnings.map((w) => w.code) : [];
}

describe('validateNik: examples', () => {
  it('accepts the example NIK of a woman born 12 March 1985', () => {
    expect(validateNik('3571015203850001', KNOWN, {}, TODAY)).toEqual({
      ok: true,
      nik: '3571015203850001',
      birthDate: '1985-03-12',
      sex: 'F',
      regencyCode: '3571',
      districtCode: '357101',
      warnings: [],
    });
  });

  it('reads a day of 1–31 as a man', () => {
    const check = validateNik('3571011203850001', KNOWN, {}, TODAY);
    expect(check).toMatchObject({ ok: true, birthDate: '1985-03-12', sex: 'M' });
  });

  it('defaults today to the current date', () => {
    expect(validateNik('3571015203850001', KNOWN)).toMatchObject({ ok: true, birthDate: '1985-03-12' });
  });

  it('reads the century so the birth date is not in the future and at most 100 years ago', () => {
    expect(validateNik(rawNik('357101', 15, 6, 25), KNOWN, {}, TODAY)).toMatchObject({ birthDate: '2025-06-15' });
    expect(validateNik(rawNik('357101', 16, 6, 25), KNOWN, {}, TODAY)).toMatchObject({ birthDate: '1925-06-16' });
    expect(validateNik(rawNik('357101', 1, 1, 0), KNOWN, {}, TODAY)).toMatchObject({ birthDate: '2000-01-01' });
    expect(validateNik(rawNik('357101', 31, 12, 99), KNOWN, {}, TODAY)).toMatchObject({ birthDate: '1999-12-31' });
  });

  it('takes today in WITA, so a child registered on its birth day is not read as 100 years old', () => {
    // 17:00 UTC on 14 June is already 01:00 on 15 June in Kalimantan Timur.
    const justAfterMidnightWita = new Date('2025-06-14T17:00:00Z');
    expect(validateNik(rawNik('647201', 55, 6, 25), KNOWN, {}, justAfterMidnightWita)).toMatchObject({
      ok: true,
      birthDate: '2025-06-15',
      sex: 'F',
    });
  });

  it('checks the calendar, including leap years of the inferred century', () => {
    expect(ruleOf(validateNik(rawNik('357101', 29, 2, 0), KNOWN, {}, TODAY))).toBe('ok'); // 2000 is a leap year
    expect(ruleOf(validateNik(rawNik('357101', 69, 2, 84), KNOWN, {}, TODAY))).toBe('ok');
    expect(ruleOf(validateNik(rawNik('357101', 29, 2, 1), KNOWN, {}, TODAY))).toBe('NIK_BIRTH_DATE');
    expect(ruleOf(validateNik(rawNik('357101', 31, 2, 85), KNOWN, {}, TODAY))).toBe('NIK_BIRTH_DATE');
    expect(ruleOf(validateNik(rawNik('357101', 71, 4, 85), KNOWN, {}, TODAY))).toBe('NIK_BIRTH_DATE');
    expect(ruleOf(validateNik(rawNik('357101', 71, 1, 85), KNOWN, {}, TODAY))).toBe('ok');
  });

  it('does not trim: callers do', () => {
    expect(ruleOf(validateNik(' 3571015203850001', KNOWN, {}, TODAY))).toBe('NIK_FORMAT');
    expect(ruleOf(validateNik('3571015203850001\n', KNOWN, {}, TODAY))).toBe('NIK_FORMAT');
  });

  it('refuses digits outside ASCII', () => {
    expect(ruleOf(validateNik('357101520385000١', KNOWN, {}, TODAY))).toBe('NIK_FORMAT'); // Arabic-Indic one
    expect(ruleOf(validateNik('357101520385000１', KNOWN, {}, TODAY))).toBe('NIK_FORMAT'); // full-width one
  });

  it('checks the rules in order: format, region, birth date, serial', () => {
    expect(ruleOf(validateNik('9999019903850000x', KNOWN, {}, TODAY))).toBe('NIK_FORMAT');
    expect(ruleOf(validateNik('9999019913850000', KNOWN, {}, TODAY))).toBe('NIK_REGION');
    expect(ruleOf(validateNik('3571019913850000', KNOWN, {}, TODAY))).toBe('NIK_BIRTH_DATE');
    expect(ruleOf(validateNik('3571015203850000', KNOWN, {}, TODAY))).toBe('NIK_SERIAL');
  });

  it('rejects a regency of an unsupported province even when it exists elsewhere', () => {
    expect(ruleOf(validateNik('3171015203850001', KNOWN, {}, TODAY))).toBe('NIK_REGION'); // Jakarta
  });

  it('accepts an unknown district of a known regency with a warning in both languages', () => {
    const check = validateNik('3571995203850001', KNOWN, {}, TODAY);
    expect(check).toMatchObject({ ok: true, districtCode: '357199' });
    expect(check.ok && check.warnings).toEqual([
      { code: 'NIK_DISTRICT_UNKNOWN', message: NIK_WARNING_MESSAGES.NIK_DISTRICT_UNKNOWN },
    ]);
  });

  it('warns when the claimed birth date or sex disagrees, at the claimed precision', () => {
    const nik = '3571015203850001';
    const warn = (claimed: Parameters<typeof validateNik>[2]) => warningCodes(validateNik(nik, KNOWN, claimed, TODAY));
    expect(warn({ birthDate: '1985-03-12', birthDatePrecision: 'DAY', sex: 'F' })).toEqual([]);
    expect(warn({ birthDate: '1985-03-13', birthDatePrecision: 'DAY' })).toEqual(['NIK_BIRTH_DATE_MISMATCH']);
    expect(warn({ birthDate: '1985-03-13' })).toEqual(['NIK_BIRTH_DATE_MISMATCH']); // no precision means DAY
    expect(warn({ birthDate: '1985-03-01', birthDatePrecision: 'MONTH' })).toEqual([]);
    expect(warn({ birthDate: '1985-04-12', birthDatePrecision: 'MONTH' })).toEqual(['NIK_BIRTH_DATE_MISMATCH']);
    expect(warn({ birthDate: '1985-07-01', birthDatePrecision: 'YEAR' })).toEqual([]);
    expect(warn({ birthDate: '1986-03-12', birthDatePrecision: 'YEAR' })).toEqual(['NIK_BIRTH_DATE_MISMATCH']);
    expect(warn({ birthDate: '1960-01-01', birthDatePrecision: 'ESTIMATED' })).toEqual([]);
    expect(warn({ sex: 'M' })).toEqual(['NIK_SEX_MISMATCH']);
    expect(warn({ birthDate: '1990-01-01', sex: 'M' })).toEqual(['NIK_BIRTH_DATE_MISMATCH', 'NIK_SEX_MISMATCH']);
  });

  it('compares a claimed birth date on the NIK digits, so a centenarian is not flagged', () => {
    // YY 24 is read as 2024 (the NIK cannot say otherwise), yet it agrees with a claimed 1924.
    const check = validateNik(rawNik('357101', 1, 1, 24), KNOWN, { birthDate: '1924-01-01' }, TODAY);
    expect(check).toMatchObject({ ok: true, birthDate: '2024-01-01', warnings: [] });
  });
});

describe('validateNik: properties', () => {
  it('accepts every generated valid NIK and recovers its date, sex and region', () => {
    fc.assert(
      fc.property(validNik, ({ parts, nik }) => {
        expect(validateNik(nik, KNOWN, {}, TODAY)).toEqual({
          ok: true,
          nik,
          birthDate: parts.birthDate,
          sex: parts.sex,
          regencyCode: parts.districtCode.slice(0, 4),
          districtCode: parts.districtCode,
          warnings: [],
        });
      }),
    );
  });

  it('recovers the birth date for any today, within the 100 years before it', () => {
    const today = fc
      .tuple(fc.integer({ min: Date.UTC(1990, 0, 1) / DAY_MS, max: Date.UTC(2150, 0, 1) / DAY_MS }), fc.nat(15))
      // Hours 0–15 UTC fall on the same calendar date in WITA.
      .map(([days, hour]) => new Date(days * DAY_MS + hour * 3_600_000));
    const arb = today.chain((t) =>
      fc.record({ today: fc.constant(t), birthDate: birthDateBefore(t), sex, districtCode: knownDistrict, serial }),
    );
    fc.assert(
      fc.property(arb, ({ today: t, ...parts }) => {
        expect(validateNik(nikFor(parts), KNOWN, {}, t)).toMatchObject({
          ok: true,
          birthDate: parts.birthDate,
          sex: parts.sex,
        });
      }),
    );
  });

  it('reads any real DDMMYY as a date no later than today and less than 100 years before it', () => {
    const anyDate = fc
      .integer({ min: Date.UTC(1901, 0, 1) / DAY_MS, max: Date.UTC(2099, 11, 31) / DAY_MS })
      .map((days) => isoDate(days * DAY_MS));
    fc.assert(
      fc.property(anyDate, sex, knownDistrict, serial, (birthDate, s, districtCode, n) => {
        const check = validateNik(nikFor({ birthDate, sex: s, districtCode, serial: n }), KNOWN, {}, TODAY);
        if (!check.ok) throw new Error(`rejected ${birthDate}: ${check.rule}`);
        expect(check.birthDate.slice(2)).toBe(birthDate.slice(2));
        expect(check.birthDate <= TODAY_ISO).toBe(true);
        expect(check.birthDate > '1925-06-15').toBe(true);
      }),
    );
  });

  it('accepts a district missing from the list with exactly one warning', () => {
    const unknownDistrict = fc
      .tuple(fc.constantFrom(...KNOWN.regencies), fc.integer({ min: 0, max: 99 }))
      .map(([regency, n]) => `${regency}${pad(n, 2)}`)
      .filter((code) => !KNOWN.districts.has(code));
    fc.assert(
      fc.property(unknownDistrict, recentBirthDate, sex, serial, (districtCode, birthDate, s, n) => {
        const check = validateNik(nikFor({ districtCode, birthDate, sex: s, serial: n }), KNOWN, {}, TODAY);
        expect(check).toMatchObject({ ok: true, districtCode, birthDate, sex: s });
        expect(warningCodes(check)).toEqual(['NIK_DISTRICT_UNKNOWN']);
      }),
    );
  });

  it('rejects any length other than 16 with NIK_FORMAT', () => {
    const wrongLength = fc.string({ unit: digit, maxLength: 40 }).filter((s) => s.length !== 16);
    fc.assert(
      fc.property(wrongLength, (nik) => {
        expect(validateNik(nik, KNOWN, {}, TODAY)).toEqual({ ok: false, rule: 'NIK_FORMAT' });
      }),
    );
  });

  it('rejects any non-digit character with NIK_FORMAT', () => {
    const nonDigit = fc
      .oneof(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
        fc.constantFrom(' ', '\t', '-', '.', '+', 'e', 'O', 'l', '٣', '３', '\u200b'),
      )
      .filter((c) => !/^[0-9]$/.test(c));
    fc.assert(
      fc.property(validNik, fc.nat(15), nonDigit, ({ nik }, position, c) => {
        const broken = `${nik.slice(0, position)}${c}${nik.slice(position + 1)}`;
        expect(validateNik(broken, KNOWN, {}, TODAY)).toEqual({ ok: false, rule: 'NIK_FORMAT' });
      }),
    );
  });

  it('rejects a regency that is not known with NIK_REGION, before any later rule', () => {
    const unknownRegency = fc
      .integer({ min: 0, max: 9999 })
      .map((n) => pad(n, 4))
      .filter((code) => !KNOWN.regencies.has(code));
    fc.assert(
      fc.property(validNik, unknownRegency, fc.boolean(), ({ nik }, regency, breakTheRest) => {
        // The rest broken too (day 99, serial 0000) must still report the region: rules are checked in order.
        const rest = breakTheRest ? `${nik.slice(4, 6)}9901850000` : nik.slice(4);
        expect(validateNik(`${regency}${rest}`, KNOWN, {}, TODAY)).toEqual({ ok: false, rule: 'NIK_REGION' });
      }),
    );
  });

  it('rejects a day of 0, 32–40 or 72–99 with NIK_BIRTH_DATE', () => {
    const badDay = fc.oneof(fc.constant(0), fc.integer({ min: 32, max: 40 }), fc.integer({ min: 72, max: 99 }));
    fc.assert(
      fc.property(knownDistrict, badDay, fc.integer({ min: 1, max: 12 }), fc.nat(99), (district, dd, mm, yy) => {
        expect(validateNik(rawNik(district, dd, mm, yy), KNOWN, {}, TODAY)).toEqual({
          ok: false,
          rule: 'NIK_BIRTH_DATE',
        });
      }),
    );
  });

  it('rejects a month of 0 or 13–99 with NIK_BIRTH_DATE', () => {
    const badMonth = fc.oneof(fc.constant(0), fc.integer({ min: 13, max: 99 }));
    const anyDay = fc.oneof(fc.integer({ min: 1, max: 31 }), fc.integer({ min: 41, max: 71 }));
    fc.assert(
      fc.property(knownDistrict, anyDay, badMonth, fc.nat(99), (district, dd, mm, yy) => {
        expect(validateNik(rawNik(district, dd, mm, yy), KNOWN, {}, TODAY)).toEqual({
          ok: false,
          rule: 'NIK_BIRTH_DATE',
        });
      }),
    );
  });

  it('rejects dates that do not exist (30–31 February, 31 of short months, 29 February of common years)', () => {
    const impossible = fc.oneof(
      fc.tuple(fc.constantFrom(30, 31), fc.constant(2), fc.nat(99)),
      fc.tuple(fc.constant(31), fc.constantFrom(4, 6, 9, 11), fc.nat(99)),
      // Inside the window YY is read as 19YY or 20YY, whose leap years are exactly YY divisible by 4 (2000 included).
      fc.tuple(
        fc.constant(29),
        fc.constant(2),
        fc.nat(99).filter((yy) => yy % 4 !== 0),
      ),
    );
    fc.assert(
      fc.property(knownDistrict, impossible, sex, (district, [day, mm, yy], s) => {
        const dd = s === 'F' ? day + 40 : day;
        expect(validateNik(rawNik(district, dd, mm, yy), KNOWN, {}, TODAY)).toEqual({
          ok: false,
          rule: 'NIK_BIRTH_DATE',
        });
      }),
    );
  });

  it('rejects serial 0000 with NIK_SERIAL', () => {
    fc.assert(
      fc.property(validNik, ({ parts }) => {
        expect(validateNik(nikFor({ ...parts, serial: 0 }), KNOWN, {}, TODAY)).toEqual({
          ok: false,
          rule: 'NIK_SERIAL',
        });
      }),
    );
  });

  it('warns about a claimed sex exactly when it differs from the NIK', () => {
    fc.assert(
      fc.property(validNik, sex, ({ parts, nik }, claimedSex) => {
        const expected = claimedSex === parts.sex ? [] : ['NIK_SEX_MISMATCH'];
        expect(warningCodes(validateNik(nik, KNOWN, { sex: claimedSex }, TODAY))).toEqual(expected);
      }),
    );
  });

  it('warns about a claimed birth date exactly when it differs at the claimed precision', () => {
    const precision = fc.constantFrom<BirthDatePrecision>('DAY', 'MONTH', 'YEAR', 'ESTIMATED');
    const prefix: Record<BirthDatePrecision, number> = { DAY: 10, MONTH: 7, YEAR: 4, ESTIMATED: 2 };
    fc.assert(
      fc.property(validNik, recentBirthDate, precision, ({ parts, nik }, claimed, p) => {
        // From index 2: the NIK holds two year digits, so 1925 and 2025 agree with the same NIK.
        const differs = parts.birthDate.slice(2, prefix[p]) !== claimed.slice(2, prefix[p]);
        const check = validateNik(nik, KNOWN, { birthDate: claimed, birthDatePrecision: p }, TODAY);
        expect(warningCodes(check)).toEqual(differs ? ['NIK_BIRTH_DATE_MISMATCH'] : []);
      }),
    );
  });

  it('never warns about its own date and sex', () => {
    fc.assert(
      fc.property(validNik, ({ parts, nik }) => {
        const claimed = { birthDate: parts.birthDate, birthDatePrecision: 'DAY' as const, sex: parts.sex };
        expect(warningCodes(validateNik(nik, KNOWN, claimed, TODAY))).toEqual([]);
      }),
    );
  });
});

describe('validateKk', () => {
  it('accepts 16 digits starting with a known regency', () => {
    expect(validateKk('3571010101200001', KNOWN)).toEqual({ ok: true });
    fc.assert(
      fc.property(
        fc.constantFrom(...KNOWN.regencies),
        fc.string({ unit: digit, minLength: 12, maxLength: 12 }),
        (r, s) => {
          expect(validateKk(`${r}${s}`, KNOWN)).toEqual({ ok: true });
        },
      ),
    );
  });

  it('rejects a wrong length or a non-digit with KK_FORMAT', () => {
    expect(validateKk('357101010120000', KNOWN)).toEqual({ ok: false, rule: 'KK_FORMAT' });
    expect(validateKk('35710101012000O1', KNOWN)).toEqual({ ok: false, rule: 'KK_FORMAT' });
    expect(validateKk(' 3571010101200001', KNOWN)).toEqual({ ok: false, rule: 'KK_FORMAT' });
    fc.assert(
      fc.property(
        fc.string({ unit: digit, maxLength: 40 }).filter((s) => s.length !== 16),
        (kk) => {
          expect(validateKk(kk, KNOWN)).toEqual({ ok: false, rule: 'KK_FORMAT' });
        },
      ),
    );
  });

  it('rejects an unknown regency with KK_REGION', () => {
    expect(validateKk('3171010101200001', KNOWN)).toEqual({ ok: false, rule: 'KK_REGION' });
  });
});

describe('maskIdentityNumber', () => {
  it('keeps the first and last four digits', () => {
    expect(maskIdentityNumber('3571015203850001')).toBe('3571********0001');
  });

  it('hides the middle eight digits of every 16-digit number', () => {
    fc.assert(
      fc.property(fc.string({ unit: digit, minLength: 16, maxLength: 16 }), (value) => {
        expect(maskIdentityNumber(value)).toBe(`${value.slice(0, 4)}********${value.slice(12)}`);
      }),
    );
  });

  it('masks a value too short to hide eight characters entirely', () => {
    expect(maskIdentityNumber('')).toBe('');
    expect(maskIdentityNumber('123456789012345')).toBe('***************');
  });
});

describe('messages', () => {
  it('names every rule and warning in Indonesian and English', () => {
    const all = [
      ...NIK_RULES.map((r) => NIK_RULE_MESSAGES[r]),
      ...KK_RULES.map((r) => KK_RULE_MESSAGES[r]),
      ...NIK_WARNING_CODES.map((c) => NIK_WARNING_MESSAGES[c]),
    ];
    for (const message of all) {
      expect(message.id.trim()).not.toBe('');
      expect(message.en.trim()).not.toBe('');
    }
    expect(new Set(all.map((m) => m.en)).size).toBe(all.length);
    expect(NIK_RULE_MESSAGES.NIK_FORMAT).toEqual({
      id: 'NIK harus 16 digit angka',
      en: 'NIK must be exactly 16 digits',
    });
  });
});
