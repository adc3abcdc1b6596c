// Precision and recall of duplicate detection on a labelled set of record pairs (fixtures/name-pairs.json).

import { DuplicateScoreOptions, MatchablePerson, duplicateScore } from './similarity';

export interface LabelledPair {
  id?: number;
  /** Which half of the fixture: the scoring is tuned on `tuning` and its figures are reported on `held-out`. */
  split?: 'tuning' | 'held-out';
  kind?: string;
  same: boolean;
  a: MatchablePerson;
  b: MatchablePerson;
}

export interface Evaluation {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  /** Share of reported pairs that are duplicates; 1 when nothing is reported. */
  precision: number;
  /** Share of duplicates that are reported; 1 when there are none. */
  recall: number;
}

/** Scores every pair and counts it against its label: a pair is reported when its score is at least `threshold`. */
export function evaluate(
  pairs: readonly LabelledPair[],
  threshold: number,
  options?: DuplicateScoreOptions,
): Evaluation {
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  let trueNegatives = 0;
  for (const pair of pairs) {
    const reported = duplicateScore(pair.a, pair.b, options).score >= threshold;
    if (reported && pair.same) truePositives++;
    else if (reported) falsePositives++;
    else if (pair.same) falseNegatives++;
    else trueNegatives++;
  }
  const reportedCount = truePositives + falsePositives;
  const duplicateCount = truePositives + falseNegatives;
  return {
    truePositives,
    falsePositives,
    falseNegatives,
    trueNegatives,
    precision: reportedCount === 0 ? 1 : truePositives / reportedCount,
    recall: duplicateCount === 0 ? 1 : truePositives / duplicateCount,
  };
}
