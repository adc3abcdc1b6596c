// Probable-duplicate scoring of two person records: name similarity, birth-date closeness, sex and regency combined
// into one score in [0, 1]. Pure functions; the persons service fetches candidates and ranks them with these.
// Why each weight and the threshold are what they are: docs/persons-matching.md.

import {
  BirthDatePrecision,
  BirthDateTolerance,
  BirthDateVerdict,
  DEFAULT_BIRTH_DATE_TOLERANCE,
  ParsedBirthDate,
  birthDateCloseness,
  parseBirthDate,
} from './birth-date';
import { jaroWinkler } from './jaro-winkler';
import { nameKeyTokens } from './normalize-name';

export type Sex = 'M' | 'F';

/** The fields of a person that duplicate detection reads. */
export interface MatchablePerson {
  fullName: string;
  sex: Sex | null;
  birthDate: string | null;
  birthDatePrecision: BirthDatePrecision | null;
  /** Kemendagri regency (kabupaten/kota) code of the domicile, 4 digits; null when unknown. */
  regencyCode: string | null;
}

/** A person with the name tokens and date parsed once, for scoring one record against many. */
export interface PreparedPerson {
  readonly name: NameTokens;
  readonly birthDate: ParsedBirthDate | null;
  readonly sex: Sex | null;
  readonly regencyCode: string | null;
}

export interface NameTokens {
  readonly key: string;
  readonly tokens: readonly string[];
  readonly weights: readonly number[];
  readonly totalWeight: number;
}

export type DuplicateReason =
  | 'name-same'
  | 'name-similar'
  | 'name-partial'
  | 'name-different'
  | BirthDateVerdict
  | 'sex-different'
  | 'regency-same'
  | 'regency-different'
  | 'regency-unknown';

export interface DuplicateScore {
  score: number;
  reasons: DuplicateReason[];
}

export type DuplicateScoreOptions = BirthDateTolerance;

export const DEFAULT_DUPLICATE_SCORE_OPTIONS: DuplicateScoreOptions = DEFAULT_BIRTH_DATE_TOLERANCE;

/** Pairs scoring at or above this are reported as possible duplicates. Chosen on the tuning half of the fixture. */
export const DUPLICATE_THRESHOLD = 0.8;

// Name parts shared by a large share of people (Muhammad, Siti, Nur; Javanese and Balinese birth-order names such as
// Eko, Dwi, Wayan; Bugis and Banjar rank names such as Andi, Gusti): a match on them says little and leaving one out
// costs little, so they weigh less than a person's distinctive names.
const COMMON_PARTS = new Set(
  nameKeyTokens(
    `muhammad ahmad abdul nur siti sri dwi tri eko eka catur panca i ni made wayan nyoman ketut putu kadek komang
     gede luh andi la wa gusti raden ayu`,
  ),
);
const COMMON_WEIGHT = 0.4;
const INITIAL_WEIGHT = 0.5;
// Share of its weight that a name left out by one record costs (see alignedSimilarity).
const MISSING_FACTOR = 0.5;
// Bit masks track aligned tokens; nobody has more names than this.
const MAX_TOKENS = 16;
// A single letter against a name starting with it ("K." and Kartika): likely, not certain.
const INITIAL_MATCH = 0.8;
// Token pairs below this Jaro-Winkler similarity count as different names, not as a weak match: Budi and Agus must not
// earn part of a match for sharing letters.
const TOKEN_MATCH_FLOOR = 0.8;
// Two adjacent tokens are read as one word written apart (Nur Hayati / Nurhayati) at this similarity or above.
const COMPOUND_MATCH = 0.93;

// The score is a weighted sum of three agreements in [0, 1]; weights and threshold were chosen on the tuning half
// of the fixture, among many settings that scored alike, as the simplest (docs/persons-matching.md).
const WEIGHT_NAME = 0.5;
const WEIGHT_BIRTH_DATE = 0.4;
const WEIGHT_REGENCY = 0.1;
// Name agreement counts from this similarity up: below it names are different (siblings, "Siti" against "Siti
// Aminah"), and between it and 1 the scale is stretched, because one letter apart is weak evidence in a population
// full of names one letter apart (Suwarni, Suwarti; Sumarni, Sukarni).
const NAME_ZERO = 0.5;
// How much a birth date agreement is worth, by the looser precision of the two: two equal exact dates are rare for
// different people, two estimated ages within two years are common.
const DATE_INFORMATION: Record<BirthDatePrecision, number> = { DAY: 1, MONTH: 0.8, YEAR: 0.6, ESTIMATED: 0.6 };
// Unknown date: no evidence either way; counted low so a bare common name does not rank as a confirmed one.
const UNKNOWN_BIRTH_DATE = 0.3;
// Different sex: kept below the threshold, not zero, so a sex typo still shows when ranking by score.
const DIFFERENT_SEX_FACTOR = 0.5;

/** Name tokens and weights of a full name, to be reused across comparisons. */
export function prepareName(fullName: string): NameTokens {
  const tokens = nameKeyTokens(fullName);
  const weights = tokens.map(tokenWeight);
  let totalWeight = 0;
  for (const weight of weights) totalWeight += weight;
  return { key: tokens.join(' '), tokens, weights, totalWeight };
}

export function preparePerson(person: MatchablePerson): PreparedPerson {
  return {
    name: prepareName(person.fullName),
    birthDate: parseBirthDate(person.birthDate, person.birthDatePrecision),
    sex: person.sex,
    regencyCode: person.regencyCode,
  };
}

/**
 * Similarity of two names in [0, 1] after normalisation (nameKey): 1 for the same key, symmetric. Tokens are aligned
 * in any order; unmatched tokens lower the score by their weight, so "Siti Aminah" / "Aminah" scores well but less
 * than a full match, and "Siti Aminah" / "Siti" scores low.
 */
export function nameSimilarity(a: string, b: string): number {
  return preparedNameSimilarity(prepareName(a), prepareName(b));
}

export function preparedNameSimilarity(a: NameTokens, b: NameTokens): number {
  if (a.key === b.key) return 1;
  if (a.tokens.length === 0 || b.tokens.length === 0) return 0;
  // Order the pair canonically so greedy alignment's tie-breaks cannot make the result depend on argument order.
  const [first, second] = a.key < b.key ? [a, b] : [b, a];
  const [left, right] = joinCompounds(first, second);
  return alignedSimilarity(left, right);
}

/**
 * How likely `candidate` and `existing` are the same person, with the reasons. Accepts raw or prepared persons;
 * prepare the candidate once when scoring it against many existing records.
 */
export function duplicateScore(
  candidate: MatchablePerson | PreparedPerson,
  existing: MatchablePerson | PreparedPerson,
  options: DuplicateScoreOptions = DEFAULT_DUPLICATE_SCORE_OPTIONS,
): DuplicateScore {
  const a = isPrepared(candidate) ? candidate : preparePerson(candidate);
  const b = isPrepared(existing) ? existing : preparePerson(existing);
  const reasons: DuplicateReason[] = [];

  const name = preparedNameSimilarity(a.name, b.name);
  reasons.push(nameReason(name));

  const date = birthDateCloseness(a.birthDate, b.birthDate, options);
  reasons.push(date.verdict);

  // Same regency is a bonus, a different one no penalty: the same person reaches the network through many doors
  // (a UPT in Pasuruan admits people from every regency), so a different regency says little against a match.
  let regency = 0;
  if (a.regencyCode === null || b.regencyCode === null) {
    reasons.push('regency-unknown');
  } else if (a.regencyCode === b.regencyCode) {
    regency = 1;
    reasons.push('regency-same');
  } else {
    reasons.push('regency-different');
  }

  const nameAgreement = name >= 1 ? 1 : Math.max(0, (name - NAME_ZERO) / (1 - NAME_ZERO));
  const dateAgreement = date.score === null ? UNKNOWN_BIRTH_DATE : date.score * dateInformation(a, b);
  let score = WEIGHT_NAME * nameAgreement + WEIGHT_BIRTH_DATE * dateAgreement + WEIGHT_REGENCY * regency;
  if (a.sex !== null && b.sex !== null && a.sex !== b.sex) {
    score *= DIFFERENT_SEX_FACTOR;
    reasons.push('sex-different');
  }
  return { score: Math.round(score * 1000) / 1000, reasons };
}

function nameReason(similarity: number): DuplicateReason {
  if (similarity === 1) return 'name-same';
  if (similarity >= 0.9) return 'name-similar';
  return similarity >= 0.6 ? 'name-partial' : 'name-different';
}

function dateInformation(a: PreparedPerson, b: PreparedPerson): number {
  // Only called with both dates known; the looser precision decides, as it decided the closeness.
  const informationA = a.birthDate === null ? 1 : DATE_INFORMATION[a.birthDate.precision];
  const informationB = b.birthDate === null ? 1 : DATE_INFORMATION[b.birthDate.precision];
  return Math.min(informationA, informationB);
}

function isPrepared(person: MatchablePerson | PreparedPerson): person is PreparedPerson {
  return 'name' in person && typeof person.name === 'object';
}

function tokenWeight(token: string): number {
  if (token.length === 1) return INITIAL_WEIGHT;
  return COMMON_PARTS.has(token) ? COMMON_WEIGHT : 1;
}

function tokenSimilarity(x: string, y: string): number {
  if (x === y) return 1;
  if (x.length === 1 || y.length === 1) return x.charCodeAt(0) === y.charCodeAt(0) ? INITIAL_MATCH : 0;
  const similarity = jaroWinkler(x, y);
  return similarity >= TOKEN_MATCH_FLOOR ? similarity : 0;
}

// Tokens are aligned greedily, best pair first (exact enough for names of a few tokens, and no matrix to allocate).
// Each aligned pair counts its similarity times both tokens' weights. Tokens left over are judged by what they mean:
// when only one side has leftovers and something distinctive matched, they are names one record left out ("Aminah"
// for "Siti Aminah") and cost half their weight; when both sides have leftovers, the names conflict ("Budi Santoso"
// and "Agus Santoso" are brothers, not one man), and each leftover costs a full name, however common.
function alignedSimilarity(a: NameTokens, b: NameTokens): number {
  const countA = Math.min(a.tokens.length, MAX_TOKENS);
  const countB = Math.min(b.tokens.length, MAX_TOKENS);
  let usedA = 0;
  let usedB = 0;
  let similar = 0;
  let aligned = 0;
  let distinctiveMatch = false;
  for (let round = Math.min(countA, countB); round > 0; round--) {
    let best = 0;
    let bestI = -1;
    let bestJ = -1;
    for (let i = 0; i < countA; i++) {
      if (usedA & (1 << i)) continue;
      for (let j = 0; j < countB; j++) {
        if (usedB & (1 << j)) continue;
        const similarity = tokenSimilarity(a.tokens[i], b.tokens[j]);
        if (similarity > best) {
          best = similarity;
          bestI = i;
          bestJ = j;
        }
      }
    }
    if (bestI < 0) break;
    usedA |= 1 << bestI;
    usedB |= 1 << bestJ;
    similar += best * (a.weights[bestI] + b.weights[bestJ]);
    aligned += a.weights[bestI] + b.weights[bestJ];
    if (a.weights[bestI] === 1 && b.weights[bestJ] === 1) distinctiveMatch = true;
  }
  const leftoverA = leftoverWeight(a, countA, usedA);
  const leftoverB = leftoverWeight(b, countB, usedB);
  let penalty: number;
  if (leftoverA.count > 0 && leftoverB.count > 0) penalty = leftoverA.conflict + leftoverB.conflict;
  else if (distinctiveMatch) penalty = MISSING_FACTOR * (leftoverA.weight + leftoverB.weight);
  else penalty = leftoverA.weight + leftoverB.weight;
  const total = aligned + penalty;
  return total === 0 ? 0 : Math.min(1, similar / total);
}

interface Leftovers {
  count: number;
  /** Their weights: the cost when a record left them out. */
  weight: number;
  /** A full name each (an initial half): the cost when they conflict with the other record's leftovers. */
  conflict: number;
}

function leftoverWeight(name: NameTokens, count: number, used: number): Leftovers {
  let leftovers = 0;
  let weight = 0;
  let conflict = 0;
  for (let i = 0; i < count; i++) {
    if (used & (1 << i)) continue;
    leftovers++;
    weight += name.weights[i];
    conflict += name.tokens[i].length === 1 ? INITIAL_WEIGHT : 1;
  }
  return { count: leftovers, weight, conflict };
}

// "Sri Rahayu Ningsih" / "Sri Rahayuningsih": when two adjacent tokens on one side read as one token of the other,
// join them. Only runs when the token counts differ, the only case where a split word can hide.
function joinCompounds(a: NameTokens, b: NameTokens): [NameTokens, NameTokens] {
  if (a.tokens.length === b.tokens.length) return [a, b];
  const [longer, shorter] = a.tokens.length > b.tokens.length ? [a, b] : [b, a];
  const joined = joinAgainst(longer, shorter);
  if (joined === longer) return [a, b];
  return longer === a ? [joined, b] : [a, joined];
}

function joinAgainst(split: NameTokens, whole: NameTokens): NameTokens {
  for (let i = 0; i + 1 < split.tokens.length; i++) {
    const compound = split.tokens[i] + split.tokens[i + 1];
    for (const token of whole.tokens) {
      if (token === split.tokens[i] || token === split.tokens[i + 1]) continue;
      if (jaroWinkler(compound, token) < COMPOUND_MATCH) continue;
      const tokens = [...split.tokens.slice(0, i), compound, ...split.tokens.slice(i + 2)];
      const weights = tokens.map(tokenWeight);
      const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
      return joinAgainst({ key: split.key, tokens, weights, totalWeight }, whole);
    }
  }
  return split;
}
