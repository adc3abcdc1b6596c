// Public surface of probable-duplicate detection: pure functions, no database and no Nest.
export { DEFAULT_NAME_KEY_OPTIONS, nameKey, nameKeyTokens } from './normalize-name';
export type { JFolding, NameKeyOptions } from './normalize-name';
export {
  DEFAULT_DUPLICATE_SCORE_OPTIONS,
  DUPLICATE_THRESHOLD,
  duplicateScore,
  nameSimilarity,
  preparePerson,
} from './similarity';
export type {
  DuplicateReason,
  DuplicateScore,
  DuplicateScoreOptions,
  MatchablePerson,
  PreparedPerson,
  Sex,
} from './similarity';
export type { BirthDatePrecision } from './birth-date';
export { evaluate } from './evaluate';
export type { Evaluation, LabelledPair } from './evaluate';
