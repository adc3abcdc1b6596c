import { addDays, dayNumber, fromDayNumber, minDate, timestampOn } from './calendar';
import { SeedContext } from './context';
import { CopyValue } from './copy';
import { OrganizationsPlan, ServicePlan } from './organizations';
import { SURVEY_COMMENTS } from './texts';

interface SurveyPlan {
  index: number;
  id: string;
  service: ServicePlan;
  token: string;
  title: string;
  createdOn: string;
  closedOn: string | null;
  responses: number;
}

/** SKM satisfaction surveys on services, most of them on UPTs and Dinas Sosial offices (docs/surveys.md). */
export function planSurveys(ctx: SeedContext, orgs: OrganizationsPlan): SurveyPlan[] {
  const services = orgs.all
    .filter((o) => o.type === 'UPT' || o.type === 'REGENCY_OFFICE' || o.type === 'HEALTH_FACILITY')
    .flatMap((o) => o.services);
  const prng = ctx.prng('surveys-plan');
  const chosen = prng.sample(services, ctx.config.surveys);
  return chosen.map((service, index) => {
    const p = ctx.prng('survey', index);
    const createdOn = addDays(ctx.asOf, -p.int(60, 2 * 365));
    const closed = p.chance(0.15);
    return {
      index,
      id: ctx.id('survey', index),
      service,
      token: p.token(32),
      title: `Survei Kepuasan Masyarakat: ${service.name} ${createdOn.slice(0, 4)}`,
      createdOn,
      closedOn: closed ? addDays(createdOn, p.int(30, 50)) : null,
      responses: Math.max(1, Math.round(ctx.config.responsesPerSurvey * (0.7 + p.next() * 0.6))),
    };
  });
}

export const SURVEY_COLUMNS = [
  'id',
  'service_id',
  'organization_id',
  'token',
  'title',
  'active',
  'closed_at',
  'version',
  'created_at',
  'updated_at',
];

export function* surveyRows(ctx: SeedContext, surveys: SurveyPlan[]): Generator<CopyValue[]> {
  for (const s of surveys) {
    const created = ctx.at(s.createdOn, s.service.provinceCode);
    const closed = s.closedOn ? ctx.at(s.closedOn, s.service.provinceCode) : null;
    yield [
      s.id,
      s.service.id,
      s.service.organizationId,
      s.token,
      s.title,
      closed === null,
      closed,
      closed ? 2 : 1,
      created,
      closed ?? created,
    ];
  }
}

export const RESPONSE_COLUMNS = [
  'id',
  'survey_id',
  'u1',
  'u2',
  'u3',
  'u4',
  'u5',
  'u6',
  'u7',
  'u8',
  'u9',
  'age_band',
  'sex',
  'education',
  'occupation',
  'comment',
  'submitted_at',
];

/** Anonymous answers: nine scores 1–4 (mostly 3 and 4, as SKM results usually are), an optional profile. */
export function* responseRows(ctx: SeedContext, surveys: SurveyPlan[]): Generator<CopyValue[]> {
  for (const s of surveys) {
    const prng = ctx.prng('responses', s.index);
    const last = minDate(ctx.asOf, s.closedOn ?? ctx.asOf);
    const span = dayNumber(last) - dayNumber(s.createdOn);
    // Each service has its own level of satisfaction; answers scatter around it.
    const quality = 0.55 + prng.next() * 0.35;
    for (let i = 0; i < s.responses; i++) {
      const scores = Array.from({ length: 9 }, () => {
        const r = prng.next();
        return r < quality * 0.55 ? 4 : r < quality + 0.1 ? 3 : r < 0.97 ? 2 : 1;
      });
      const day = fromDayNumber(dayNumber(s.createdOn) + prng.int(0, Math.max(0, span)));
      const profile = prng.chance(0.8);
      yield [
        ctx.id('survey-response', `${s.index}:${i}`),
        s.id,
        ...scores,
        profile ? prng.pick(['UNDER_20', '20_29', '30_39', '40_49', '50_59', '60_PLUS']) : null,
        profile ? prng.pick(['MALE', 'FEMALE']) : null,
        profile
          ? prng.weighted([
              ['SD', 25],
              ['SMP', 25],
              ['SMA', 35],
              ['D1_D3', 5],
              ['D4_S1', 9],
              ['NONE', 1],
            ] as const)
          : null,
        profile
          ? prng.weighted([
              ['SWASTA', 30],
              ['WIRAUSAHA', 30],
              ['OTHER', 25],
              ['PNS', 5],
              ['PELAJAR', 10],
            ] as const)
          : null,
        prng.chance(0.2) ? prng.pick(SURVEY_COMMENTS) : null,
        timestampOn(day, prng.int(7 * 60, 20 * 60), s.service.provinceCode),
      ];
    }
  }
}
