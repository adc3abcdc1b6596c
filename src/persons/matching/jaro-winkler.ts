// Jaro-Winkler similarity of two short strings (name tokens). Chosen over edit distance because it rewards a shared
// start, which suits names: endings vary most (Sumarni/Sumarno, -ah/-a), starts rarely do.

// Match flags are kept in module-level buffers, grown on demand, so scoring a few hundred candidates per create does
// not allocate per comparison. Single-threaded JavaScript makes sharing them safe.
let flagsA = new Uint8Array(32);
let flagsB = new Uint8Array(32);

const PREFIX_SCALE = 0.1;
const MAX_PREFIX = 4;
// Winkler's boost threshold: the common-prefix bonus only lifts pairs that are already alike.
const BOOST_THRESHOLD = 0.7;

/** Jaro-Winkler similarity in [0, 1]; 1 only for equal strings. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const lengthA = a.length;
  const lengthB = b.length;
  if (lengthA === 0 || lengthB === 0) return 0;
  if (lengthA > flagsA.length) flagsA = new Uint8Array(lengthA * 2);
  if (lengthB > flagsB.length) flagsB = new Uint8Array(lengthB * 2);
  flagsA.fill(0, 0, lengthA);
  flagsB.fill(0, 0, lengthB);

  const window = Math.max(0, Math.floor(Math.max(lengthA, lengthB) / 2) - 1);
  let matches = 0;
  for (let i = 0; i < lengthA; i++) {
    const code = a.charCodeAt(i);
    const to = Math.min(lengthB - 1, i + window);
    for (let j = Math.max(0, i - window); j <= to; j++) {
      if (flagsB[j] === 0 && b.charCodeAt(j) === code) {
        flagsA[i] = 1;
        flagsB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;

  let halfTranspositions = 0;
  for (let i = 0, j = 0; i < lengthA; i++) {
    if (flagsA[i] === 0) continue;
    while (flagsB[j] === 0) j++;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) halfTranspositions++;
    j++;
  }
  const jaro = (matches / lengthA + matches / lengthB + (matches - halfTranspositions / 2) / matches) / 3;
  if (jaro < BOOST_THRESHOLD) return jaro;

  let prefix = 0;
  const maxPrefix = Math.min(MAX_PREFIX, lengthA, lengthB);
  while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  // Rounding could otherwise give 1 for different strings; equality alone scores 1.
  return Math.min(jaro + prefix * PREFIX_SCALE * (1 - jaro), 0.999);
}
