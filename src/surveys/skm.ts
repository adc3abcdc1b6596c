/**
 * Survei Kepuasan Masyarakat per PermenPAN-RB 14/2017 (docs/surveys.md): the nine elements (unsur), the 1–4 scale,
 * the index (IKM) and its conversion table. Pure: no database, so the figures are unit-tested at every boundary.
 */
export const SKM_ELEMENTS = [
  { code: 'U1', name: 'Persyaratan', nameEn: 'Requirements' },
  { code: 'U2', name: 'Sistem, mekanisme, dan prosedur', nameEn: 'System, mechanism and procedure' },
  { code: 'U3', name: 'Waktu penyelesaian', nameEn: 'Completion time' },
  { code: 'U4', name: 'Biaya/tarif', nameEn: 'Cost/fee' },
  { code: 'U5', name: 'Produk spesifikasi jenis pelayanan', nameEn: 'Service product specification' },
  { code: 'U6', name: 'Kompetensi pelaksana', nameEn: 'Competence of staff' },
  { code: 'U7', name: 'Perilaku pelaksana', nameEn: 'Behaviour of staff' },
  { code: 'U8', name: 'Penanganan pengaduan, saran dan masukan', nameEn: 'Handling of complaints and suggestions' },
  { code: 'U9', name: 'Sarana dan prasarana', nameEn: 'Facilities and infrastructure' },
] as const;

export type SkmElementCode = (typeof SKM_ELEMENTS)[number]['code'];
export const SKM_ELEMENT_CODES: readonly SkmElementCode[] = SKM_ELEMENTS.map((e) => e.code);

export type SkmCategory = 'A' | 'B' | 'C' | 'D';
export type Satisfaction = 'SANGAT_PUAS' | 'PUAS' | 'CUKUP_PUAS' | 'TIDAK_PUAS';
export const SATISFACTION_LEVELS: readonly Satisfaction[] = ['SANGAT_PUAS', 'PUAS', 'CUKUP_PUAS', 'TIDAK_PUAS'];

/**
 * The regulation's conversion table (Lampiran, "nilai persepsi, nilai interval, nilai interval konversi, mutu
 * pelayanan, kinerja unit pelayanan"), highest first. `minIkm` is the lower bound of the converted interval (0–100).
 * A respondent's own average is classified by the same intervals (perception value 4 → SANGAT_PUAS … 1 → TIDAK_PUAS).
 */
export const SKM_CONVERSION = [
  { perception: 4, minIkm: 88.31, category: 'A', label: 'Sangat Baik', labelEn: 'Very good', level: 'SANGAT_PUAS' },
  { perception: 3, minIkm: 76.61, category: 'B', label: 'Baik', labelEn: 'Good', level: 'PUAS' },
  { perception: 2, minIkm: 65.0, category: 'C', label: 'Kurang Baik', labelEn: 'Fair', level: 'CUKUP_PUAS' },
  { perception: 1, minIkm: 25.0, category: 'D', label: 'Tidak Baik', labelEn: 'Poor', level: 'TIDAK_PUAS' },
] as const satisfies readonly {
  perception: number;
  minIkm: number;
  category: SkmCategory;
  label: string;
  labelEn: string;
  level: Satisfaction;
}[];

/** Responses summed in SQL: per-element sums and how many respondents gave each total (9–36). */
export interface SkmAggregate {
  responses: number;
  elementSums: number[];
  totals: { total: number; count: number }[];
}

export interface SkmResult {
  responses: number;
  elements: { code: SkmElementCode; average: number }[];
  ikm: number | null;
  category: SkmCategory | null;
  categoryLabel: string | null;
  categoryLabelEn: string | null;
  distribution: { level: Satisfaction; count: number; percent: number }[];
}

const round2 = (value: number): number => Math.round(value * 100 + Number.EPSILON * 100) / 100;

/** The row of the conversion table an index (0–100, already rounded to two decimals) falls in. */
export function convert(ikm: number): (typeof SKM_CONVERSION)[number] {
  return SKM_CONVERSION.find((row) => ikm >= row.minIkm) ?? SKM_CONVERSION[SKM_CONVERSION.length - 1];
}

/** A respondent's level: their average over the nine elements × 25, classified by the conversion table. */
export function satisfactionOf(total: number): Satisfaction {
  return convert(round2((total / SKM_ELEMENTS.length) * 25)).level;
}

/** IKM = (Σ element averages ÷ 9) × 25, its category, and the distribution of respondents' levels. */
export function computeSkm(aggregate: SkmAggregate): SkmResult {
  const n = aggregate.responses;
  const averages = SKM_ELEMENTS.map((_, i) => (n === 0 ? 0 : aggregate.elementSums[i] / n));
  const ikm = n === 0 ? null : round2((averages.reduce((a, b) => a + b, 0) / SKM_ELEMENTS.length) * 25);
  const row = ikm === null ? null : convert(ikm);
  const counts = new Map<Satisfaction, number>(SATISFACTION_LEVELS.map((l) => [l, 0]));
  for (const { total, count } of aggregate.totals) {
    const level = satisfactionOf(total);
    counts.set(level, (counts.get(level) ?? 0) + count);
  }
  return {
    responses: n,
    elements: SKM_ELEMENTS.map((e, i) => ({ code: e.code, average: round2(averages[i]) })),
    ikm,
    category: row?.category ?? null,
    categoryLabel: row?.label ?? null,
    categoryLabelEn: row?.labelEn ?? null,
    distribution: SATISFACTION_LEVELS.map((level) => {
      const count = counts.get(level) ?? 0;
      return { level, count, percent: n === 0 ? 0 : round2((count / n) * 100) };
    }),
  };
}

/** Sums individual responses (arrays of nine scores) the way the SQL does; for tests and small in-memory sets. */
export function aggregateResponses(responses: readonly (readonly number[])[]): SkmAggregate {
  const elementSums = SKM_ELEMENTS.map((_, i) => responses.reduce((sum, r) => sum + r[i], 0));
  const byTotal = new Map<number, number>();
  for (const r of responses) {
    const total = r.reduce((a, b) => a + b, 0);
    byTotal.set(total, (byTotal.get(total) ?? 0) + 1);
  }
  return { responses: responses.length, elementSums, totals: [...byTotal].map(([total, count]) => ({ total, count })) };
}

/** Adds aggregates (an organisation's services into the organisation). */
export function mergeAggregates(parts: readonly SkmAggregate[]): SkmAggregate {
  const byTotal = new Map<number, number>();
  for (const part of parts)
    for (const { total, count } of part.totals) byTotal.set(total, (byTotal.get(total) ?? 0) + count);
  return {
    responses: parts.reduce((sum, p) => sum + p.responses, 0),
    elementSums: SKM_ELEMENTS.map((_, i) => parts.reduce((sum, p) => sum + p.elementSums[i], 0)),
    totals: [...byTotal].map(([total, count]) => ({ total, count })),
  };
}
