import { formatBytes, formatCount, formatMs, formatPercent, formatRate, quantile, ratio, summarize } from './stats';

describe('bench statistics', () => {
  it('takes quantiles by nearest rank, never between two samples', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(quantile(sorted, 0.5)).toBe(5);
    expect(quantile(sorted, 0.95)).toBe(10);
    expect(quantile(sorted, 0.99)).toBe(10);
    expect(quantile(sorted, 0.1)).toBe(1);
    expect(quantile(sorted, 0)).toBe(1);
    expect(quantile(sorted, 1)).toBe(10);
    expect(quantile([], 0.5)).toBeNaN();
    // 100 samples: p99 is the 99th, not the maximum.
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(hundred, 0.99)).toBe(99);
    expect(quantile(hundred, 0.95)).toBe(95);
  });

  it('summarises unsorted samples', () => {
    const summary = summarize([30, 10, 20, 40, 1000]);
    expect(summary).toEqual({ count: 5, mean: 220, p50: 30, p95: 1000, p99: 1000, max: 1000 });
    expect(summarize([]).count).toBe(0);
    expect(summarize([]).p50).toBeNaN();
  });

  it('formats milliseconds, rates, counts, bytes and percentages for a table', () => {
    expect(formatMs(0.4213)).toBe('0.42');
    expect(formatMs(3.14)).toBe('3.1');
    expect(formatMs(27.4)).toBe('27');
    expect(formatMs(1204.2)).toBe('1 204');
    expect(formatMs(NaN)).toBe('–');
    expect(formatRate(42.25)).toBe('42.3');
    expect(formatRate(1234.6)).toBe('1 235');
    expect(formatCount(200000)).toBe('200 000');
    expect(formatCount(0)).toBe('0');
    expect(formatBytes(400 * 1024 * 1024)).toBe('400 MB');
    expect(formatPercent(0.574)).toBe('57 %');
    expect(formatPercent(NaN)).toBe('–');
  });

  it('divides by the floor only when the floor answered', () => {
    expect(ratio(600, 1200)).toBe(0.5);
    expect(ratio(600, 0)).toBeNaN();
    expect(ratio(NaN, 100)).toBeNaN();
  });
});
