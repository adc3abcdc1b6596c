/**
 * A fast 128-bit non-cryptographic hash of a string, for the synthetic data set's ids and generator seeds (millions
 * of them per load, where SHA-1/SHA-256 through node:crypto cost minutes). Four lanes in the manner of MurmurHash3:
 * each code unit is scrambled and folded into every lane with a different seed and rotation, then the lanes are
 * cross-mixed and avalanched (the fmix32 finaliser). Not for anything secret.
 */
export function hash128(text: string): [number, number, number, number] {
  return new HashPrefix('').hash(text);
}

/**
 * The lanes after a fixed prefix, kept so that many keys sharing it (`synthetic:province:1:report:…`) hash only
 * their own suffix. `new HashPrefix(p).hash(s)` equals `hash128(p + s)`.
 */
export class HashPrefix {
  private readonly h: [number, number, number, number] = [0x9747b28c, 0x2f0e1ba5, 0x6a09e667, 0xbb67ae85];
  private readonly length: number;

  constructor(prefix: string) {
    absorb(this.h, prefix, 0);
    this.length = prefix.length;
  }

  hash(suffix: string): [number, number, number, number] {
    const h: [number, number, number, number] = [this.h[0], this.h[1], this.h[2], this.h[3]];
    absorb(h, suffix, this.length);
    return finish(h, this.length + suffix.length);
  }
}

function absorb(h: [number, number, number, number], text: string, offset: number): void {
  let h1 = h[0];
  let h2 = h[1];
  let h3 = h[2];
  let h4 = h[3];
  for (let i = 0; i < text.length; i++) {
    let k = Math.imul(text.charCodeAt(i) + (offset + i) * 0x10001, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h1 ^= k;
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    h2 ^= (k << 7) | (k >>> 25);
    h2 = (h2 << 17) | (h2 >>> 15);
    h2 = (Math.imul(h2, 5) + 0x0bcaa747) | 0;
    h3 ^= Math.imul(k, 0x85ebca6b);
    h3 = (h3 << 15) | (h3 >>> 17);
    h3 = (Math.imul(h3, 5) + 0x96cd1c35) | 0;
    h4 ^= Math.imul((k << 11) | (k >>> 21), 0xc2b2ae35);
    h4 = (h4 << 19) | (h4 >>> 13);
    h4 = (Math.imul(h4, 5) + 0x32ac3b17) | 0;
  }
  h[0] = h1;
  h[1] = h2;
  h[2] = h3;
  h[3] = h4;
}

function finish(h: [number, number, number, number], n: number): [number, number, number, number] {
  let h1 = h[0];
  let h2 = h[1];
  let h3 = h[2];
  let h4 = h[3];
  h1 ^= n;
  h2 ^= n;
  h3 ^= n;
  h4 ^= n;
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h3 = fmix(h3);
  h4 = fmix(h4);
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/**
 * A UUID made of the hash of a name: RFC 9562 version 8 (custom) with the RFC variant, so every UUID validator
 * accepts it, and it never looks like a version-4 id that a database or the service would have drawn.
 */
export function hashUuid(name: string): string {
  return uuidOf(hash128(name));
}

/** The UUID text of a 128-bit hash (see {@link hashUuid}). */
export function uuidOf(h: readonly [number, number, number, number]): string {
  const a = h[0];
  const d = h[3];
  const b = h[1];
  const c = h[2];
  const w1 = (b & 0xffff0fff) | 0x00008000;
  const w2 = (c & 0x3fffffff) | 0x80000000;
  return `${hex(a, 24)}${hex(a, 16)}${hex(a, 8)}${hex(a, 0)}-${hex(w1, 24)}${hex(w1, 16)}-${hex(w1, 8)}${hex(w1, 0)}-${hex(w2, 24)}${hex(w2, 16)}-${hex(w2, 8)}${hex(w2, 0)}${hex(d, 24)}${hex(d, 16)}${hex(d, 8)}${hex(d, 0)}`;
}

// Two hex digits per byte from a table: Number#toString(16) on values above 2^31 was the load's hottest spot.
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex(word: number, shift: number): string {
  return HEX[(word >>> shift) & 0xff];
}
