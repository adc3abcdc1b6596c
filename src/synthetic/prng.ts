import { hash128, HashPrefix } from './hash';

/**
 * A small seeded pseudo-random generator for the synthetic data set: sfc32 (Chris Doty-Humphrey's "small fast
 * counting" generator, 128-bit state), seeded from a 128-bit hash of a key (hash.ts). Not for secrets.
 *
 * Each entity draws from its own generator keyed by (seed, kind, index), never from a shared stream, so the rows of
 * one table can be produced in any pass and order and still be the same: adding a table or reordering passes does
 * not shift the data of the others. No Math.random, no clock.
 */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(state: readonly [number, number, number, number]) {
    [this.a, this.b, this.c, this.d] = state;
    // A few rounds so that nearby keys do not start from visibly related states.
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** A generator keyed by the given parts (joined unambiguously: a number and its text are different keys). */
  static from(...parts: ReadonlyArray<string | number>): Prng {
    let key = '';
    for (const part of parts) key += `${typeof part === 'number' ? '#' : '$'}${part}\u0000`;
    return new Prng(hash128(key));
  }

  /** Generators keyed by (…prefix, index), hashing the shared prefix once: `Prng.from(...prefix, index)`. */
  static family(...prefix: ReadonlyArray<string | number>): (index: string | number) => Prng {
    let key = '';
    for (const part of prefix) key += `${typeof part === 'number' ? '#' : '$'}${part}\u0000`;
    const hashPrefix = new HashPrefix(key);
    return (index) => new Prng(hashPrefix.hash(`${typeof index === 'number' ? '#' : '$'}${index}\u0000`));
  }

  /** Next unsigned 32-bit integer (sfc32). */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    if (max < min) throw new Error(`int(${min}, ${max}): empty range`);
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /** One of the keys, with probability proportional to its weight (weights need not sum to 1). */
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, weight] of entries) total += weight;
    let r = this.next() * total;
    for (const [value, weight] of entries) {
      r -= weight;
      if (r < 0) return value;
    }
    return entries[entries.length - 1][0];
  }

  /** Normal deviate (Box–Muller). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal with the given median and spread (sigma of the underlying normal). */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(this.normal(0, sigma));
  }

  /** `count` distinct items, in a random order (partial Fisher–Yates on a copy). */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items];
    const n = Math.min(count, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, n);
  }

  /** URL-safe random text of `length` characters (tokens of synthetic surveys). */
  token(length: number): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.uint32() & 63];
    return out;
  }
}
