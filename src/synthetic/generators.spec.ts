import fc from 'fast-check';
import { isUUID } from 'class-validator';
import { nameKey } from '../persons/matching';
import { validateKk, validateNik } from '../persons/nik';
import { addDays, addMonthsToDate, dayNumber, fromDayNumber, weekday } from './calendar';
import { hash128, HashPrefix, hashUuid } from './hash';
import { IdentityNumbers, kkNumber } from './identity-numbers';
import { Ethnicity, ETHNICITIES, ethnicityWeights, personName, pickEthnicity } from './names';
import { parseAsOf, parseSeed } from './options';
import { Prng } from './prng';

// The registry's own rule for names (src/persons/dto/person-input.dto.ts): a letter, no control characters.
const NAME = /^[^\p{Cc}\p{Cf}]*\p{L}[^\p{Cc}\p{Cf}]*$/u;
const TODAY = new Date('2026-10-31T04:00:00Z');
const KNOWN = {
  regencies: new Set(['3501', '3527', '3571', '3578', '6411', '6472']),
  districts: new Set(['350101', '352701', '357101', '357801', '641101', '647201']),
};

describe('Prng', () => {
  it('gives the same sequence for the same key and another for another key', () => {
    const draw = (...key: (string | number)[]) => {
      const prng = Prng.from(...key);
      return Array.from({ length: 8 }, () => prng.uint32());
    };
    expect(draw('small:1', 'person', 7)).toEqual(draw('small:1', 'person', 7));
    expect(draw('small:1', 'person', 7)).not.toEqual(draw('small:1', 'person', 8));
    // A number and its text are different keys.
    expect(draw('small:1', 'person', 7)).not.toEqual(draw('small:1', 'person', '7'));
  });

  it('family(prefix)(index) is Prng.from(prefix, index)', () => {
    const family = Prng.family('province:3', 'report');
    for (const index of [0, 1, 42, 'esc:1:2']) {
      expect(family(index).uint32()).toBe(Prng.from('province:3', 'report', index).uint32());
    }
  });

  it('keeps draws in range', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: 0, max: 1000 }),
        (key, min, span) => {
          const prng = Prng.from(key);
          const n = prng.int(min, min + span);
          const x = prng.next();
          return n >= min && n <= min + span && Number.isInteger(n) && x >= 0 && x < 1;
        },
      ),
    );
  });

  it('is close to uniform and weighted() follows the weights', () => {
    const prng = Prng.from('uniformity');
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) buckets[Math.floor(prng.next() * 10)]++;
    for (const count of buckets) expect(Math.abs(count - 10_000)).toBeLessThan(500);
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 20_000; i++)
      counts[
        prng.weighted([
          ['a', 3],
          ['b', 1],
        ] as const)
      ]++;
    expect(counts.a / counts.b).toBeGreaterThan(2.7);
    expect(counts.a / counts.b).toBeLessThan(3.3);
  });
});

describe('hash ids', () => {
  it('continues a prefix exactly as hashing the whole text', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(new HashPrefix(a).hash(b)).toEqual(hash128(a + b));
      }),
    );
  });

  it('makes valid UUIDs (RFC 9562 version 8) without collisions over a large key space', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const id = hashUuid(`synthetic:province:1:report:${i}:2024-0${(i % 9) + 1}`);
      seen.add(id);
      if (i % 2000 === 0) expect(isUUID(id)).toBe(true);
    }
    expect(seen.size).toBe(20_000);
    expect(hashUuid('x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('calendar', () => {
  it('counts days like Date does, from 1900 to 2100', () => {
    for (let day = -25_567; day <= 47_482; day += 29) {
      const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
      expect(fromDayNumber(day)).toBe(iso);
      expect(dayNumber(iso)).toBe(day);
    }
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-03-01', -1)).toBe('2023-02-28');
    expect(weekday('2026-11-22')).toBe(0); // a Sunday
  });

  it('adds months clamped to the month end, like the follow-up schedule', () => {
    expect(addMonthsToDate('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonthsToDate('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonthsToDate('2024-11-15', 3)).toBe('2025-02-15');
    expect(addMonthsToDate('2024-03-10', -3)).toBe('2023-12-10');
  });
});

describe('names', () => {
  const draws = (ethnicity: Ethnicity, sex: 'M' | 'F', year: number) => {
    const prng = Prng.from('names', ethnicity, sex, year);
    return Array.from({ length: 120 }, () => personName(prng, ethnicity, sex, year));
  };

  it('gives every group names the registry accepts and can key, for both sexes and generations', () => {
    for (const ethnicity of ETHNICITIES) {
      for (const sex of ['M', 'F'] as const) {
        for (const year of [1950, 1995]) {
          const names = draws(ethnicity, sex, year);
          for (const name of names) {
            expect(name).toMatch(NAME);
            expect(name.length).toBeLessThanOrEqual(200);
            expect(nameKey(name).length).toBeGreaterThan(0);
          }
          // A pool, not one name repeated.
          expect(new Set(names).size).toBeGreaterThan(10);
        }
      }
    }
  });

  it('is deterministic for a generator state', () => {
    expect(draws('BUGIS', 'F', 1980)).toEqual(draws('BUGIS', 'F', 1980));
  });

  it("follows each group's customs: older Javanese carry one name, Bugis nobility Andi, Dayak a Christian name", () => {
    const oldJavanese = draws('JAWA', 'M', 1950);
    expect(oldJavanese.filter((n) => !n.includes(' ')).length).toBeGreaterThan(60);
    expect(draws('BUGIS', 'M', 1980).some((n) => n.startsWith('Andi '))).toBe(true);
    expect(
      draws('DAYAK', 'F', 1980).filter((n) =>
        /^(Maria|Theresia|Magdalena|Agustina|Elisabeth|Veronika|Yuliana|Kristina|Martha|Ursula|Anastasia|Yohana|Marthina|Debora|Ester|Ruth) /.test(
          n,
        ),
      ).length,
    ).toBeGreaterThan(200);
  });

  it('weights the groups by regency: Madura is Madurese, Mahakam Ulu Dayak, Surabaya mostly Javanese', () => {
    const share = (regency: string, ethnicity: Ethnicity) => {
      const prng = Prng.from('share', regency);
      let n = 0;
      for (let i = 0; i < 5000; i++) if (pickEthnicity(prng, regency) === ethnicity) n++;
      return n / 5000;
    };
    expect(share('3527', 'MADURA')).toBeGreaterThan(0.95);
    expect(share('6411', 'DAYAK')).toBeGreaterThan(0.8);
    expect(share('3578', 'JAWA')).toBeGreaterThan(0.65);
    expect(share('3578', 'JAWA')).toBeLessThan(0.83);
    expect(share('6472', 'BANJAR')).toBeGreaterThan(0.25);
    // Every regency's weights are positive and name only known groups.
    for (const code of ['3501', '3529', '6401', '6474', '9999']) {
      for (const [ethnicity, weight] of ethnicityWeights(code)) {
        expect(ETHNICITIES).toContain(ethnicity);
        expect(weight).toBeGreaterThan(0);
      }
    }
  });
});

describe('NIK and KK numbers', () => {
  const district = fc.constantFrom(...KNOWN.districts);
  const sex = fc.constantFrom<'M' | 'F'>('M', 'F');
  // Born at most 99 years before the day the NIKs are read (the NIK's two year digits).
  const birthDate = fc.integer({ min: dayNumber('1927-11-01'), max: dayNumber('2026-10-30') }).map(fromDayNumber);

  it('makes NIKs that pass the registry rules and encode the district, birth date and sex, without warnings', () => {
    const numbers = new IdentityNumbers();
    fc.assert(
      fc.property(district, birthDate, sex, fc.string(), (districtCode, date, s, key) => {
        const nik = numbers.nik(Prng.from(key), districtCode, date, s);
        const check = validateNik(nik, KNOWN, { birthDate: date, sex: s }, TODAY);
        expect(check).toMatchObject({ ok: true, birthDate: date, sex: s, districtCode, warnings: [] });
      }),
      { numRuns: 2000 },
    );
  });

  it('never hands out a NIK twice, nor one already taken', () => {
    const taken = new Set<string>();
    const numbers = new IdentityNumbers((nik) => taken.has(nik));
    const prng = Prng.from('unique');
    const first = numbers.nik(prng, '357101', '1990-05-05', 'F');
    taken.add(first);
    const seen = new Set<string>([first]);
    // 3,000 people of one district born on one day: every serial drawn is checked against those before.
    for (let i = 0; i < 3000; i++) seen.add(numbers.nik(prng, '357101', '1990-05-05', 'F'));
    expect(seen.size).toBe(3001);
  });

  it('makes KK numbers of the district of issue that the registry accepts', () => {
    const kk = kkNumber('357101', '2015-03-09', 42);
    expect(kk).toBe('3571010903150042');
    expect(validateKk(kk, KNOWN)).toEqual({ ok: true });
  });
});

describe('command-line options', () => {
  it('accepts a whole seed and a calendar day, and refuses anything else', () => {
    expect(parseSeed('1')).toBe(1);
    expect(parseSeed('2147483647')).toBe(2_147_483_647);
    for (const bad of [undefined, '', '-1', '1.5', 'x', '2147483648', '99999999999'])
      expect(() => parseSeed(bad)).toThrow(/--seed/);
    expect(parseAsOf(undefined)).toBe('2026-10-31');
    expect(parseAsOf('2025-02-28')).toBe('2025-02-28');
    for (const bad of ['2025-02-30', '2025-2-1', '1999-01-01', 'today', '2025-13-01'])
      expect(() => parseAsOf(bad)).toThrow(/--as-of/);
  });
});
