import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededOrganizationId } from '../src/common/ids';
import { AnalyticsFixture, analyticsQuery, figure, roles } from './helpers/analytics-fixture';
import { linesWithOneSuppressed } from './helpers/analytics-fixture-referrals';
import { TrainingsFixture } from './helpers/analytics-fixture-trainings';
import { ensurePartnerOrganization, TestPrincipal } from './helpers/auth';
import { createTestApp, TestApp } from './helpers/test-app';

/**
 * The trainings report against a small fixed data set; every figure is counted by hand from the rows below. The
 * period is 2025, so progress is read on 1 January 2026 (the day after it).
 */
describe('analytics: trainings report', () => {
  let t: TestApp;
  let analyst: TestPrincipal;
  let officer: TestPrincipal;
  let t1: string;
  let t2: string;
  let t3: string;

  beforeAll(async () => {
    t = await createTestApp();
    ({ analyst, officer } = await roles(t));
    const people = new AnalyticsFixture(t);
    const fx = new TrainingsFixture(t);
    const ngo = await ensurePartnerOrganization(t, 'TEST-NGO-KEDIRI', '3571011010');
    const kediri = seededOrganizationId('DINSOS-3571');
    const nganjuk = seededOrganizationId('DINSOS-3518');
    const person = () => people.person({ village: '3571011001' });
    // T1, Kediri district 357101, 3–6 March, 4 sessions held (a fifth cancelled), 75 % needed. Attended 4, 3, 3, 2,
    // 4, 0 of 4: completed 4 of 6; attendance 16 of 24 = 66.7 %.
    const days1 = ['2025-03-03', '2025-03-04', '2025-03-05', '2025-03-06'];
    const training1 = await fx.training({
      providerId: ngo,
      skill: 'KESET_KAIN_PERCA',
      village: '3571011001',
      startsOn: '2025-03-03',
      endsOn: '2025-03-06',
      sessions: days1,
      cancelled: ['2025-03-07'],
    });
    t1 = training1.id;
    for (const present of [[...days1, '2025-03-07'], days1.slice(1), days1.slice(0, 3), days1.slice(0, 2), days1, []])
      await fx.participant(training1, await person(), kediri, present);
    // T2, Nganjuk, 2 sessions, 50 % needed: 2 of 2 and 1 of 2, both completed; attendance 3 of 4 = 75 %.
    const days2 = ['2025-06-02', '2025-06-03'];
    const training2 = await fx.training({
      providerId: nganjuk,
      skill: 'KULINER',
      village: '3518012001',
      startsOn: '2025-06-02',
      endsOn: '2025-06-03',
      minAttendancePercent: 50,
      sessions: days2,
    });
    t2 = training2.id;
    await fx.participant(training2, await person(), nganjuk, days2);
    await fx.participant(training2, await person(), nganjuk, ['2025-06-03']);
    // T3, Kediri district 357102, from 20 December to 20 January: not ended on 1 January; 1 session held by then,
    // all 5 participants there (100 %).
    const training3 = await fx.training({
      providerId: ngo,
      skill: 'KESET_KAIN_PERCA',
      village: '3571021001',
      startsOn: '2025-12-20',
      endsOn: '2026-01-20',
      sessions: ['2025-12-22', '2026-01-05'],
    });
    t3 = training3.id;
    for (let i = 0; i < 5; i++) await fx.participant(training3, await person(), kediri, ['2025-12-22']);
    // Not counted: a training that started in 2024.
    const old = await fx.training({
      providerId: ngo,
      skill: 'KESET_KAIN_PERCA',
      village: '3571011001',
      startsOn: '2024-11-04',
      endsOn: '2024-11-05',
      sessions: ['2024-11-04'],
    });
    await fx.participant(old, await person(), kediri, ['2024-11-04']);
  });

  afterAll(() => t.close());

  const trainings = (who: TestPrincipal, selection: string, filter?: string) =>
    analyticsQuery(t, who, `trainings { ${selection} }`, filter).then((a) => a.trainings as Record<string, unknown>);
  const KEYS = ['participants', 'attendanceRate', 'finished', 'completed', 'completionRate'];
  const FIGURES = KEYS.map((k) => `${k} { value suppressed }`).join(' ');
  const values = (rows: unknown, match: Record<string, unknown>) => KEYS.map((k) => figure(rows, match, k).value);

  it('gives participants, attendance and completion per training and per skill, exactly, for a province officer', async () => {
    const r = await trainings(
      officer,
      `byTraining { trainingId title skill providerName venueRegionCode startsOn endsOn ${FIGURES} }
       bySkill { regionCode skill skillName ${FIGURES} }`,
    );
    expect(r.byTraining).toHaveLength(3);
    expect(values(r.byTraining, { trainingId: t1 })).toEqual([6, 66.7, 6, 4, 66.7]);
    expect(values(r.byTraining, { trainingId: t2 })).toEqual([2, 75, 2, 2, 100]);
    expect(values(r.byTraining, { trainingId: t3 })).toEqual([5, 100, 0, 0, null]);
    expect((r.byTraining as { trainingId: string }[]).find((x) => x.trainingId === t3)).toMatchObject({
      skill: 'KESET_KAIN_PERCA',
      providerName: 'Yayasan TEST-NGO-KEDIRI',
      venueRegionCode: '3571021001',
      startsOn: '2025-12-20',
      endsOn: '2026-01-20',
    });
    // Kota Kediri, keset: T1 and T3 — 11 participants, attendance 21 of 29 sessions = 72.4 %, 4 of 6 finished completed.
    expect(values(r.bySkill, { regionCode: '3571', skill: 'KESET_KAIN_PERCA' })).toEqual([11, 72.4, 6, 4, 66.7]);
    expect(values(r.bySkill, { regionCode: '3518', skill: 'KULINER' })).toEqual([2, 75, 2, 2, 100]);
    expect(values(r.bySkill, { regionCode: '3501', skill: 'KULINER' })).toEqual([0, null, 0, 0, null]);
  });

  it('drills down to the district of the venue', async () => {
    const r = await trainings(
      officer,
      `bySkill { regionCode skill ${FIGURES} }`,
      `{ region: "3571", from: "2025-01-01", to: "2025-12-31" }`,
    );
    expect(values(r.bySkill, { regionCode: '357101', skill: 'KESET_KAIN_PERCA' })).toEqual([6, 66.7, 6, 4, 66.7]);
    expect(values(r.bySkill, { regionCode: '357102', skill: 'KESET_KAIN_PERCA' })).toEqual([5, 100, 0, 0, null]);
  });

  it('gives participants and completions as time series', async () => {
    const filter = `{ region: "35", from: "2025-01-01", to: "2025-12-31", granularity: QUARTER }`;
    const series = async (measure: string) => {
      const r = await trainings(officer, `series(measure: ${measure}) { period value }`, filter);
      return (r.series as { period: string; value: number }[]).map((p) => `${p.period}=${p.value}`);
    };
    expect(await series('PARTICIPANTS')).toEqual(['2025-Q1=6', '2025-Q2=2', '2025-Q3=0', '2025-Q4=5']);
    expect(await series('COMPLETED')).toEqual(['2025-Q1=4', '2025-Q2=2', '2025-Q3=0', '2025-Q4=0']);
  });

  it('suppresses small counts for an analyst, with the rates about them and the cells that give them away', async () => {
    const r = await trainings(analyst, `byTraining { trainingId ${FIGURES} }`);
    const rows = r.byTraining as Record<string, unknown>[];
    const hidden = { value: null, suppressed: true };
    // T2's 2 participants are primary; T3's 5, the smallest other, goes too; every figure about them with them.
    expect(KEYS.map((k) => figure(rows, { trainingId: t2 }, k))).toEqual(KEYS.map(() => hidden));
    expect(KEYS.map((k) => figure(rows, { trainingId: t3 }, k))).toEqual(KEYS.map(() => hidden));
    // T1: 6 participants and finished published; 4 completed is primary, and its rate with it.
    expect(figure(rows, { trainingId: t1 }, 'participants')).toEqual({ value: 6, suppressed: false });
    expect(figure(rows, { trainingId: t1 }, 'attendanceRate')).toEqual({ value: 66.7, suppressed: false });
    expect(figure(rows, { trainingId: t1 }, 'completed')).toEqual(hidden);
    expect(figure(rows, { trainingId: t1 }, 'completionRate')).toEqual(hidden);
    for (const measure of ['participants', 'finished', 'completed'])
      expect(linesWithOneSuppressed(rows, ['trainingId'], measure)).toEqual([]);
  });

  it('answers its documented query (docs/analytics-queries/trainings.graphql) for an analyst, within the GraphQL limits', async () => {
    const query = readFileSync(join(__dirname, '../docs/analytics-queries/trainings.graphql'), 'utf8');
    const res = await t.http.post('/graphql').set(analyst.auth).send({ query }).expect(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.analytics.trainings).toBeTruthy();
  });
});
