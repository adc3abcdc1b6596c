/** The two sizes of the synthetic data set (docs/synthetic-data.md). */
export const SCALES = ['small', 'province'] as const;
export type ScaleName = (typeof SCALES)[number];

export interface ScaleConfig {
  /** People in the registry, at least (those the stories below need come first; the rest are other PPKS). */
  persons: number;
  /** Beds simulated per UPT: a share of its capacity (1 = every bed), at least `minBedsPerUpt`. */
  bedShare: number;
  minBedsPerUpt: number;
  /** Cases in all, at least: community-only eks klien cases are added until it is reached. */
  cases: number;
  /** Community eks klien cases per regency, at least (so every regency has after-care to show). */
  minCommunityCasesPerRegency: number;
  pasungCases: number;
  referrals: number;
  grants: number;
  /** Business reports in all, at least: businesses without a grant are added until it is reached. */
  businessReports: number;
  trainingsPerRegency: number;
  partnerTrainings: number;
  /** Partner organisations per regency by kind. */
  puskesmasPerRegency: number;
  ngosPerRegency: number;
  communityGroupsPerRegency: number;
  products: number;
  orders: number;
  marketEvents: number;
  surveys: number;
  responsesPerSurvey: number;
}

export const SCALE_CONFIGS: Record<ScaleName, ScaleConfig> = {
  small: {
    persons: 420,
    bedShare: 0,
    minBedsPerUpt: 3,
    cases: 150,
    minCommunityCasesPerRegency: 2,
    pasungCases: 24,
    referrals: 80,
    grants: 45,
    businessReports: 1200,
    trainingsPerRegency: 1,
    partnerTrainings: 6,
    puskesmasPerRegency: 1,
    ngosPerRegency: 0,
    communityGroupsPerRegency: 0,
    products: 14,
    orders: 30,
    marketEvents: 2,
    surveys: 4,
    responsesPerSurvey: 12,
  },
  province: {
    persons: 200_000,
    bedShare: 1,
    minBedsPerUpt: 3,
    cases: 50_000,
    minCommunityCasesPerRegency: 60,
    pasungCases: 3_000,
    referrals: 100_000,
    grants: 20_000,
    businessReports: 1_000_000,
    trainingsPerRegency: 10,
    partnerTrainings: 120,
    puskesmasPerRegency: 3,
    ngosPerRegency: 2,
    communityGroupsPerRegency: 1,
    products: 1_500,
    orders: 6_000,
    marketEvents: 40,
    surveys: 200,
    responsesPerSurvey: 100,
  },
};

/**
 * The day the data set describes ("today" inside it): every date is on or before it. Fixed, so that the same seed
 * gives the same data on any day; `--as-of` moves it (the demo uses the real day, so that after-care is due and
 * businesses report in the current window).
 */
export const DEFAULT_AS_OF = '2026-10-31';
