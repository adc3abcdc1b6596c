import { timestampOn } from './calendar';
import { HashPrefix, uuidOf } from './hash';
import { Prng } from './prng';
import { Reference } from './reference';
import { ScaleConfig, ScaleName } from './scale';

/**
 * What every generator reads: the seed, the scale, the data set's day and the reference data, and the two ways
 * to derive something from the seed: ids and generators, each keyed by kind and index.
 */
export class SeedContext {
  /** `small:1`: part of every id and generator key, so two seeds or scales never share a row id. */
  readonly key: string;
  /** `S1`, `P7`: marks the codes of synthetic organisations, so they can be told apart from real ones. */
  readonly codePrefix: string;

  constructor(
    readonly scale: ScaleName,
    readonly seed: number,
    readonly asOf: string,
    readonly config: ScaleConfig,
    readonly ref: Reference,
  ) {
    this.key = `${scale}:${seed}`;
    this.codePrefix = `SYN-${scale === 'small' ? 'S' : 'P'}${seed}`;
  }

  private readonly idPrefixes = new Map<string, HashPrefix>();
  private readonly prngFamilies = new Map<string, (index: string | number) => Prng>();

  /** A stable id for the `index`-th row of a kind (a UUID of the hash of seed, scale, kind and index). */
  id(kind: string, index: number | string): string {
    let prefix = this.idPrefixes.get(kind);
    if (!prefix) {
      prefix = new HashPrefix(`synthetic:${this.key}:${kind}:`);
      this.idPrefixes.set(kind, prefix);
    }
    return uuidOf(prefix.hash(String(index)));
  }

  /** The generator of one entity: its values do not depend on any other entity's. Same as Prng.from(key, kind, index). */
  prng(kind: string, index: number | string = 0): Prng {
    let family = this.prngFamilies.get(kind);
    if (!family) {
      family = Prng.family(this.key, kind);
      this.prngFamilies.set(kind, family);
    }
    return family(index);
  }

  /** A timestamp during office hours of that day in the province's time zone. */
  at(date: string, provinceCode: string, prng?: Prng): string {
    return timestampOn(date, prng ? prng.int(8 * 60, 15 * 60) : 9 * 60, provinceCode);
  }
}
