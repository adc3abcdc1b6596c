import { aggregateResponses, computeSkm, convert, mergeAggregates, satisfactionOf } from './skm';

const all = (score: number) => Array<number>(9).fill(score);

describe('SKM computation (PermenPAN-RB 14/2017)', () => {
  it('converts an index at each interval boundary to its category', () => {
    expect([100, 88.31, 88.3, 76.61, 76.6, 65.0, 64.99, 25].map((ikm) => convert(ikm).category)).toEqual([
      'A',
      'A',
      'B',
      'B',
      'C',
      'C',
      'D',
      'D',
    ]);
    expect(convert(88.31).label).toBe('Sangat Baik');
    expect(convert(64.99).label).toBe('Tidak Baik');
  });

  it("classifies a respondent's own average by the same intervals", () => {
    // total/9 × 25: 32 → 88.89 (A), 31 → 86.11, 28 → 77.78 (B), 27 → 75.00, 24 → 66.67 (C), 23 → 63.89 (D)
    expect([36, 32, 31, 28, 27, 24, 23, 9].map(satisfactionOf)).toEqual([
      'SANGAT_PUAS',
      'SANGAT_PUAS',
      'PUAS',
      'PUAS',
      'CUKUP_PUAS',
      'CUKUP_PUAS',
      'TIDAK_PUAS',
      'TIDAK_PUAS',
    ]);
  });

  it('computes element averages, the IKM and the distribution by hand-checked figures', () => {
    // U1 averages (4+3+2)/3 = 3, others (4+3+3)/3 = 3.33…; IKM = ((3 + 8 × 3.333…) / 9) × 25 = 29.667 / 9 × 25 = 82.41
    const r = computeSkm(aggregateResponses([all(4), all(3), [2, 3, 3, 3, 3, 3, 3, 3, 3]]));
    expect(r.responses).toBe(3);
    expect(r.elements[0]).toEqual({ code: 'U1', average: 3 });
    expect(r.elements[1]).toEqual({ code: 'U2', average: 3.33 });
    expect(r.ikm).toBe(82.41);
    expect([r.category, r.categoryLabel]).toEqual(['B', 'Baik']);
    // totals 36 (SANGAT_PUAS), 27 and 26 (CUKUP_PUAS)
    expect(r.distribution).toEqual([
      { level: 'SANGAT_PUAS', count: 1, percent: 33.33 },
      { level: 'PUAS', count: 0, percent: 0 },
      { level: 'CUKUP_PUAS', count: 2, percent: 66.67 },
      { level: 'TIDAK_PUAS', count: 0, percent: 0 },
    ]);
  });

  it('gives the extremes 100 (A) and 25 (D)', () => {
    expect(computeSkm(aggregateResponses([all(4)])).ikm).toBe(100);
    const worst = computeSkm(aggregateResponses([all(1)]));
    expect([worst.ikm, worst.category]).toEqual([25, 'D']);
  });

  it('answers null figures when nobody has responded', () => {
    const r = computeSkm(aggregateResponses([]));
    expect([r.responses, r.ikm, r.category]).toEqual([0, null, null]);
    expect(r.distribution.every((d) => d.count === 0 && d.percent === 0)).toBe(true);
  });

  it('merges aggregates as if the responses had been pooled', () => {
    const a = [all(4), all(2)];
    const b = [all(3)];
    expect(computeSkm(mergeAggregates([aggregateResponses(a), aggregateResponses(b)]))).toEqual(
      computeSkm(aggregateResponses([...a, ...b])),
    );
  });
});
