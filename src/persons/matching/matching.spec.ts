import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BirthDatePrecision, birthDateCloseness, parseBirthDate } from './birth-date';
import { LabelledPair, evaluate } from './evaluate';
import { DUPLICATE_THRESHOLD, MatchablePerson, duplicateScore, nameKey, nameSimilarity, preparePerson } from './index';
import { jaroWinkler } from './jaro-winkler';

// Read and checked at run time rather than imported, so a malformed fixture fails here with a message instead of
// being cast into the types.
function loadFixture(): LabelledPair[] {
  const raw: unknown = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'name-pairs.json'), 'utf8'));
  const pairs = (raw as { pairs?: unknown }).pairs;
  if (!Array.isArray(pairs)) throw new Error('fixture has no pairs array');
  return pairs.map((pair: Record<string, unknown>) => {
    if (pair.split !== 'tuning' && pair.split !== 'held-out') throw new Error(`pair ${pair.id}: bad split`);
    if (typeof pair.same !== 'boolean') throw new Error(`pair ${pair.id}: bad label`);
    return {
      id: Number(pair.id),
      split: pair.split,
      kind: String(pair.kind),
      same: pair.same,
      a: person(pair.a),
      b: person(pair.b),
    };
  });
}

const PRECISIONS: readonly string[] = ['DAY', 'MONTH', 'YEAR', 'ESTIMATED'];

function person(value: unknown): MatchablePerson {
  const record = value as Record<string, unknown>;
  const { fullName, sex, birthDate, birthDatePrecision, regencyCode } = record;
  if (typeof fullName !== 'string' || fullName.trim() === '') throw new Error('fixture person without a name');
  if (sex !== 'M' && sex !== 'F') throw new Error(`${fullName}: bad sex`);
  if (birthDate !== null && (typeof birthDate !== 'string' || parseBirthDate(birthDate, 'DAY') === null)) {
    throw new Error(`${fullName}: bad birth date`);
  }
  if (birthDatePrecision !== null && !PRECISIONS.includes(String(birthDatePrecision))) {
    throw new Error(`${fullName}: bad precision`);
  }
  if (regencyCode !== null && !(typeof regencyCode === 'string' && /^(35|64)\d{2}$/.test(regencyCode))) {
    throw new Error(`${fullName}: bad regency`);
  }
  return {
    fullName,
    sex,
    birthDate: birthDate as string | null,
    birthDatePrecision: birthDatePrecision as BirthDatePrecision | null,
    regencyCode: regencyCode as string | null,
  };
}

function someone(overrides: Partial<MatchablePerson> = {}): MatchablePerson {
  return {
    fullName: 'Siti Aminah',
    sex: 'F',
    birthDate: '1985-03-12',
    birthDatePrecision: 'DAY',
    regencyCode: '3571',
    ...overrides,
  };
}

describe('nameKey', () => {
  it.each([
    ['  SITI   aminah ', 'siti aminah'],
    ['Siti Amínah', 'siti aminah'],
    ["Ma'ruf", 'maruf'],
    ['Fatimah Az-Zahra', 'fatimah azahra'],
    ['Slamet (Memet)', 'slamet'],
    ['Slamet bin Karto', 'slamet karto'],
    ['Sumiati binti Kasan', 'sumiati kasan'],
  ])('normalises case, accents, punctuation and spaces: %s → %s', (name, key) => {
    expect(nameKey(name)).toBe(key);
  });

  it.each([
    ['oe → u', 'Soekarno', 'Sukarno'],
    ['dj → j', 'Djumadi', 'Jumadi'],
    ['tj → c', 'Soetjipto', 'Sucipto'],
    ['tj → c and the old j → y', 'Tjahjo', 'Cahyo'],
    ['sj → sy', 'Sjamsul', 'Syamsul'],
    ['nj → ny', 'Njoto', 'Nyoto'],
    ['old j → y', 'Hidajat', 'Hidayat'],
    ['old j → y without another mark', 'Marjam', 'Maryam'],
    ['dj inside a word', 'Widjaja', 'Wijaya'],
    ['ch → kh', 'Choirul', 'Khoirul'],
    ['kh and ch → h', 'Machfud', 'Mahfud'],
    ['chr → kr', 'Christina', 'Kristina'],
    ['dh → d', 'Ramadhan', 'Ramadan'],
    ['th → t', 'Thoha', 'Toha'],
    ['gh → g', 'Ghani', 'Gani'],
    ['dz → z', 'Dzulkifli', 'Zulkifli'],
    ['sh → s', 'Shodiq', 'Sodiq'],
    ['ph → f', 'Yoseph', 'Yosef'],
    ['q → k', 'Taufiq', 'Taufik'],
    ['Dutch ie → i', 'Amien', 'Amin'],
    ['ae → ai', 'Zaenal', 'Zainal'],
    ['final y → i', 'Rudy', 'Rudi'],
    ['glide after i', 'Sugiyanto', 'Sugianto'],
    ['glide before -em', 'Poniyem', 'Poniem'],
    ['doubled letters', 'Sitti Effendi', 'Siti Efendi'],
  ])('folds %s: %s = %s', (_rule, old, modern) => {
    expect(nameKey(old)).toBe(nameKey(modern));
  });

  it.each([
    ['Mochammad', 'Muhammad'],
    ['Mohamad', 'Muhammad'],
    ['Mukhamad', 'Muhammad'],
    ['Moehammad', 'Muhammad'],
    ['Moch. Ali', 'Muhammad Ali'],
    ['Muh. Ali', 'Muhammad Ali'],
    ['M. Ali', 'Muhammad Ali'],
    ['Achmad', 'Ahmad'],
    ['Ach. Fauzi', 'Ahmad Fauzi'],
    ['Abd. Rahman', 'Abdul Rahman'],
    ['Abdurrahman', 'Abdul Rahman'],
    ['Abdulkadir', 'Abdul Kadir'],
    ['Sitti Fatimah', 'Siti Fatimah'],
    ['St. Fatimah', 'Siti Fatimah'],
    ['Noer Hadi', 'Nur Hadi'],
    ['Nurul Huda', 'Nur Huda'],
    ['Chandra', 'Candra'],
  ])('folds the transliteration %s = %s', (variant, canonical) => {
    expect(nameKey(variant)).toBe(nameKey(canonical));
  });

  it('keeps Abdullah one name', () => {
    expect(nameKey('Abdullah')).toBe('abdulah');
  });

  const titles =
    'Bapak|Bpk.|Pak|Ibu|Bu|Sdr.|Sdri.|H.|Hj.|Haji|Hajjah|dr.|Ir.|Drs.|Dra.|Prof. Dr.|Mbah|Mas|Mbak|Kyai|KH.';
  const moreTitles = 'K.H.|Ning|Gus|Nyai|Ny.|Ust.|Cak|Bapak H. Drs.';
  it.each(`${titles}|${moreTitles}`.split('|'))('drops the title %s before a name', (title) => {
    expect(nameKey(`${title} Ahmad Fauzi`)).toBe('ahmad fauzi');
  });

  it.each([', S.Pd.', ', S.Kom', ', S.E.', ', M.Pd., S.Pd.I', ', Sp.KJ', ' S.Pd', ', SH', ', S.Ag.'])(
    'drops the degree %s after a name',
    (degree) => {
      expect(nameKey(`Siti Aminah${degree}`)).toBe('siti aminah');
    },
  );

  it('keeps a trailing initial and a name that is only a title', () => {
    expect(nameKey('Hendra S.')).toBe('hendra s');
    expect(nameKey('Ahmad H.')).toBe('ahmad h');
    expect(nameKey('Bapak')).toBe('bapak');
    expect(nameKey('Ning')).toBe('ning');
  });

  it('splits dots that join tokens', () => {
    expect(nameKey('H.Ahmad')).toBe('ahmad');
    expect(nameKey('F.X. Lahang')).toBe('f x lahang');
  });

  it('folds the old j only where asked', () => {
    expect(nameKey('Joko')).toBe(nameKey('Djoko'));
    expect(nameKey('Jono', { jFolding: 'always' })).toBe(nameKey('Yono', { jFolding: 'always' }));
    expect(nameKey('Jono', { jFolding: 'marked' })).not.toBe(nameKey('Yono', { jFolding: 'marked' }));
    expect(nameKey('Tjahjo', { jFolding: 'marked' })).toBe('cahyo');
    expect(nameKey('Djoko', { jFolding: 'marked' })).toBe('joko');
    expect(nameKey('Panji', { jFolding: 'marked' })).toBe(nameKey('Pandji', { jFolding: 'marked' }));
    expect(nameKey('Tjahjo', { jFolding: 'never' })).toBe('cahjo');
  });

  it('is idempotent on every fixture name', () => {
    for (const pair of loadFixture()) {
      for (const { fullName } of [pair.a, pair.b]) expect(nameKey(nameKey(fullName))).toBe(nameKey(fullName));
    }
  });
});

describe('jaroWinkler', () => {
  it('gives the textbook values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.813, 3);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('same', 'same')).toBe(1);
  });
});

describe('nameSimilarity', () => {
  const names = [...new Set(loadFixture().flatMap((pair) => [pair.a.fullName, pair.b.fullName]))];
  const fixtureName = fc.constantFrom(...names);
  const anyName = fc.oneof(fixtureName, fc.string({ maxLength: 40 }));

  it('is 1 for a name with itself and for two spellings of one key', () => {
    fc.assert(fc.property(anyName, (name) => nameSimilarity(name, name) === 1 || nameKey(name) === ''));
    expect(nameSimilarity('Soekarno', 'Sukarno')).toBe(1);
  });

  it('is symmetric and within [0, 1]', () => {
    fc.assert(
      fc.property(anyName, anyName, (a, b) => {
        const forward = nameSimilarity(a, b);
        return forward === nameSimilarity(b, a) && forward >= 0 && forward <= 1;
      }),
      { numRuns: 2000 },
    );
  });

  it('scores a missing name fairly high but below a full match, and a lone common name low', () => {
    const missingFirst = nameSimilarity('Siti Aminah', 'Aminah');
    expect(missingFirst).toBeGreaterThan(0.8);
    expect(missingFirst).toBeLessThan(1);
    expect(nameSimilarity('Siti Aminah', 'Siti')).toBeLessThan(0.5);
  });

  it('tolerates order, initials and words written apart', () => {
    expect(nameSimilarity('Wulandari Putri', 'Putri Wulandari')).toBe(1);
    expect(nameSimilarity('Dewi Kartika Sari', 'Dewi K. Sari')).toBeGreaterThan(0.9);
    expect(nameSimilarity('Sri Rahayu Ningsih', 'Sri Rahayuningsih')).toBe(1);
  });

  it('scores conflicting names (siblings) below names one record left out', () => {
    expect(nameSimilarity('Budi Santoso', 'Agus Santoso')).toBeLessThan(nameSimilarity('Budi Santoso', 'Budi'));
    expect(nameSimilarity('I Nyoman Sudarta', 'I Wayan Sudarta')).toBeLessThan(0.7);
  });
});

describe('birthDateCloseness', () => {
  const close = (a: string, pa: BirthDatePrecision, b: string, pb: BirthDatePrecision) =>
    birthDateCloseness(parseBirthDate(a, pa), parseBirthDate(b, pb));

  it('judges at the looser precision, with the default tolerances', () => {
    expect(close('1985-03-12', 'DAY', '1985-03-12', 'DAY')).toEqual({ score: 1, verdict: 'birth-date-same' });
    expect(close('1968-06-01', 'MONTH', '1968-06-22', 'DAY').verdict).toBe('birth-date-same');
    expect(close('1968-06-01', 'MONTH', '1968-07-20', 'DAY').verdict).toBe('birth-date-within-tolerance');
    expect(close('1947-07-01', 'ESTIMATED', '1949-01-01', 'YEAR').verdict).toBe('birth-date-within-tolerance');
    expect(close('1947-07-01', 'ESTIMATED', '1950-01-01', 'YEAR').verdict).toBe('birth-date-near');
    expect(close('1947-07-01', 'ESTIMATED', '1953-07-01', 'ESTIMATED')).toEqual({
      score: 0,
      verdict: 'birth-date-far',
    });
  });

  it('recognises data-entry slips between exact dates', () => {
    expect(close('1955-03-04', 'DAY', '1955-04-03', 'DAY').verdict).toBe('birth-date-day-month-swapped');
    expect(close('1962-07-15', 'DAY', '1926-07-15', 'DAY').verdict).toBe('birth-date-typo');
    expect(close('1971-02-12', 'DAY', '1971-02-21', 'DAY').verdict).toBe('birth-date-typo');
    expect(close('1971-02-12', 'DAY', '1971-03-01', 'DAY').verdict).toBe('birth-date-near');
    expect(close('1971-02-12', 'DAY', '1978-09-30', 'DAY')).toEqual({ score: 0, verdict: 'birth-date-far' });
  });

  it('reads 1 January and 31 December as "year only"', () => {
    expect(parseBirthDate('1950-01-01', 'DAY')?.precision).toBe('YEAR');
    expect(parseBirthDate('1950-12-31', 'DAY')?.precision).toBe('YEAR');
    expect(close('1950-01-01', 'DAY', '1951-07-01', 'ESTIMATED').verdict).toBe('birth-date-within-tolerance');
  });

  it('takes configured tolerances and refuses malformed dates', () => {
    const a = parseBirthDate('1985-03-12', 'DAY');
    const b = parseBirthDate('1985-03-14', 'DAY');
    const tolerance = { dayToleranceDays: 3, monthToleranceDays: 31, yearToleranceYears: 2 };
    expect(birthDateCloseness(a, b, tolerance)).toEqual({ score: 1, verdict: 'birth-date-within-tolerance' });
    expect(parseBirthDate('1985-02-30', 'DAY')).toBeNull();
    expect(parseBirthDate('12-03-1985', 'DAY')).toBeNull();
  });
});

describe('duplicateScore', () => {
  it('scores the same record 1 and reports why', () => {
    expect(duplicateScore(someone(), someone())).toEqual({
      score: 1,
      reasons: ['name-same', 'birth-date-same', 'regency-same'],
    });
  });

  it('reports a spelling variant with the same date, and not the same name born decades apart', () => {
    const variant = duplicateScore(someone({ fullName: 'Hj. Sitti Aminah, S.Pd.' }), someone());
    expect(variant.score).toBeGreaterThanOrEqual(DUPLICATE_THRESHOLD);
    const elder = duplicateScore(someone({ birthDate: '1955-07-01', birthDatePrecision: 'ESTIMATED' }), someone());
    expect(elder.score).toBeLessThan(DUPLICATE_THRESHOLD);
    expect(elder.reasons).toContain('birth-date-far');
  });

  it('keeps a different sex below the threshold', () => {
    const result = duplicateScore(
      someone({ fullName: 'Nur Hidayati' }),
      someone({ fullName: 'Nur Hidayat', sex: 'M' }),
    );
    expect(result.score).toBeLessThan(DUPLICATE_THRESHOLD);
    expect(result.reasons).toContain('sex-different');
  });

  it('gives a bonus for the same regency and no penalty beyond "unknown" for a different one', () => {
    const same = duplicateScore(someone(), someone()).score;
    const moved = duplicateScore(someone(), someone({ regencyCode: '3514' }));
    const unknown = duplicateScore(someone(), someone({ regencyCode: null }));
    expect(moved.score).toBeLessThan(same);
    expect(moved.score).toBe(unknown.score);
    expect(moved.score).toBeGreaterThanOrEqual(DUPLICATE_THRESHOLD);
    expect(moved.reasons).toContain('regency-different');
  });

  it('gives the same result for prepared and raw persons, and stays in [0, 1]', () => {
    for (const pair of loadFixture()) {
      const raw = duplicateScore(pair.a, pair.b);
      expect(duplicateScore(preparePerson(pair.a), preparePerson(pair.b))).toEqual(raw);
      expect(raw.score).toBeGreaterThanOrEqual(0);
      expect(raw.score).toBeLessThanOrEqual(1);
    }
  });
});

describe('evaluate', () => {
  it('counts each outcome against its label', () => {
    const pairs: LabelledPair[] = [
      { same: true, a: someone(), b: someone() },
      { same: false, a: someone(), b: someone() },
      { same: true, a: someone(), b: someone({ fullName: 'Tukiyem', birthDate: null }) },
      { same: false, a: someone(), b: someone({ fullName: 'Tukiyem' }) },
    ];
    expect(evaluate(pairs, DUPLICATE_THRESHOLD)).toEqual({
      truePositives: 1,
      falsePositives: 1,
      falseNegatives: 1,
      trueNegatives: 1,
      precision: 0.5,
      recall: 0.5,
    });
  });
});

describe('the labelled fixture', () => {
  const pairs = loadFixture();
  const tuning = pairs.filter((pair) => pair.split === 'tuning');
  const heldOut = pairs.filter((pair) => pair.split === 'held-out');

  it('holds at least 300 pairs in two halves of both labels', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(300);
    for (const half of [tuning, heldOut]) {
      expect(half.filter((pair) => pair.same).length).toBeGreaterThan(80);
      expect(half.filter((pair) => !pair.same).length).toBeGreaterThan(80);
    }
  });

  // Figures are reported on the held-out half only: the weights and the threshold were chosen on the tuning half.
  // Target: precision >= 0.9 and recall >= 0.85. Measured at DUPLICATE_THRESHOLD: precision 0.978, recall 0.821, so
  // the recall target is NOT met; this asserts the measured floor so a regression fails. See
  // docs/persons-matching.md for the misses and why the scoring was not tuned further against this half.
  it('meets the precision target and holds the measured recall on the held-out half', () => {
    const result = evaluate(heldOut, DUPLICATE_THRESHOLD);
    console.log(`held-out (${heldOut.length} pairs) at ${DUPLICATE_THRESHOLD}: ${JSON.stringify(result)}`);
    expect(result.precision).toBeGreaterThanOrEqual(0.9);
    expect(result.recall).toBeGreaterThanOrEqual(0.82);
  });
});
