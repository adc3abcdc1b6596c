import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import * as QRCode from 'qrcode';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { AppException } from '../common/errors/app-exception';
import { isUuid } from '../common/ids';
import { ScopePolicy } from '../identity/scope-policy.service';
import { RateLimiter } from '../identity/rate-limiter.service';
import { OrganizationErrorCode } from '../organizations/organizations.errors';
import { ServiceErrorCode } from '../organizations/services.errors';
import {
  AGE_BANDS,
  CreateSurveyDto,
  EDUCATIONS,
  OCCUPATIONS,
  OrganizationSurveyResultsResponse,
  publicSurveyPath,
  QuestionnaireResponse,
  SEXES,
  SubmitSurveyResponseDto,
  SurveyList,
  SurveyResponse,
  SurveyPeriodQuery,
  SurveyResultsResponse,
  SurveyRow,
} from './dto/survey.dto';
import { SKM_QUESTIONS, SKM_SCALE } from './questionnaire';
import { computeSkm, mergeAggregates, SKM_ELEMENT_CODES, SKM_ELEMENTS, SkmAggregate } from './skm';
import { SurveyErrorCode } from './surveys.errors';

interface OwnerRow {
  id: string;
  organization_id: string;
  region_code: string;
  active: boolean;
  name: string;
}

/** Anonymous submissions per caller IP and per survey link (fixed windows, shared by all nodes). */
const IP_LIMIT = { limit: 10, windowSeconds: 60 };
const TOKEN_LIMIT = { limit: 300, windowSeconds: 3600 };

const SCORE_COLUMNS = SKM_ELEMENT_CODES.map((_, i) => `u${i + 1}`);

/**
 * Satisfaction surveys (SKM) of services. Whoever may write a service's organisation opens and closes its surveys;
 * that organisation and province roles of its province read the results; anyone holding the link answers.
 */
@Injectable()
export class SurveysService {
  constructor(
    private readonly tx: Tx,
    private readonly scope: ScopePolicy,
    private readonly audit: AuditService,
    private readonly limiter: RateLimiter,
    private readonly config: AppConfig,
  ) {}

  async create(ctx: RequestContext, serviceId: string, dto: CreateSurveyDto): Promise<SurveyResponse> {
    return this.tx.run(ctx, async (em) => {
      const service = await this.service(em, serviceId);
      this.scope.assertCanWriteOrganization(ctx, { id: service.organization_id, regionCode: service.region_code });
      if (!service.active) throw new AppException(SurveyErrorCode.SURVEY_SERVICE_INACTIVE, { id: serviceId });
      // 24 random bytes: the link is the only thing that guards the questionnaire, so it must not be guessable.
      const token = randomBytes(24).toString('base64url');
      const [row] = await em.query<SurveyRow[]>(
        `INSERT INTO surveys (service_id, organization_id, token, title, created_by)
         VALUES ($1, $2, $3, $4, $5) RETURNING *`,
        [
          serviceId,
          service.organization_id,
          token,
          dto.title ?? null,
          ctx.principal?.kind === 'user' ? ctx.principal.id : null,
        ],
      );
      await this.audit.record(ctx, {
        action: 'CREATE',
        resourceType: 'survey',
        resourceId: row.id,
        changedFields: ['serviceId', ...(dto.title === undefined ? [] : ['title'])],
      });
      return SurveyResponse.of(row);
    });
  }

  async listOfService(ctx: RequestContext, serviceId: string): Promise<SurveyList> {
    const em = this.tx.manager(ctx);
    const service = await this.service(em, serviceId);
    this.assertCanRead(ctx, service.organization_id, service.region_code);
    const rows = await em.query<SurveyRow[]>(
      `SELECT * FROM surveys WHERE service_id = $1 ORDER BY created_at DESC, id`,
      [serviceId],
    );
    return { data: rows.map(SurveyResponse.of) };
  }

  async close(ctx: RequestContext, id: string): Promise<SurveyResponse> {
    return this.tx.run(ctx, async (em) => {
      const survey = await this.survey(ctx, em, id, true);
      this.scope.assertCanWriteOrganization(ctx, { id: survey.organization_id, regionCode: survey.region_code });
      if (!survey.active) return SurveyResponse.of(survey);
      // TypeORM answers an UPDATE … RETURNING with [rows, affected].
      const [[row]] = await em.query<[SurveyRow[], number]>(
        `UPDATE surveys SET active = false, closed_at = now(), version = version + 1, updated_at = now()
         WHERE id = $1 RETURNING *`,
        [id],
      );
      await this.audit.record(ctx, {
        action: 'UPDATE',
        resourceType: 'survey',
        resourceId: id,
        changedFields: ['active'],
      });
      return SurveyResponse.of(row);
    });
  }

  async results(ctx: RequestContext, id: string, period: SurveyPeriodQuery): Promise<SurveyResultsResponse> {
    assertPeriod(period);
    const em = this.tx.manager(ctx);
    const survey = await this.survey(ctx, em, id);
    const [aggregate] = (await this.aggregates(em, 'r.survey_id = $1', [id], period)).values();
    return Object.assign(new SurveyResultsResponse(), {
      surveyId: id,
      serviceId: survey.service_id,
      ...computeSkm(aggregate ?? mergeAggregates([])),
    });
  }

  async organizationResults(
    ctx: RequestContext,
    organizationId: string,
    period: SurveyPeriodQuery,
  ): Promise<OrganizationSurveyResultsResponse> {
    assertPeriod(period);
    const em = this.tx.manager(ctx);
    const [organization] = isUuid(organizationId)
      ? await em.query<{ id: string; region_code: string }[]>(
          `SELECT id, region_code FROM organizations WHERE id = $1`,
          [organizationId],
        )
      : [];
    if (!organization)
      throw new AppException(OrganizationErrorCode.ORGANIZATION_NOT_FOUND, { id: organizationId.slice(0, 40) });
    this.assertCanRead(ctx, organization.id, organization.region_code);
    const byService = await this.aggregates(em, 's.organization_id = $1', [organizationId], period);
    const names = await em.query<{ id: string; name: string }[]>(
      `SELECT DISTINCT sv.id, sv.name FROM surveys s JOIN services sv ON sv.id = s.service_id
       WHERE s.organization_id = $1 ORDER BY sv.name, sv.id`,
      [organizationId],
    );
    return Object.assign(new OrganizationSurveyResultsResponse(), {
      organizationId,
      ...computeSkm(mergeAggregates([...byService.values()])),
      services: names.map((s) => ({
        serviceId: s.id,
        serviceName: s.name,
        ...computeSkm(byService.get(s.id) ?? mergeAggregates([])),
      })),
    });
  }

  /**
   * A QR code of the survey's absolute public link, to print at the service's counter. The base is PUBLIC_BASE_URL,
   * or else the address the caller reached us at (`requestBase`). Error correction M survives a creased printout.
   */
  async qrCode(ctx: RequestContext, id: string, format: 'svg' | 'png', requestBase: string): Promise<QrCode> {
    const survey = await this.survey(ctx, this.tx.manager(ctx), id);
    if (!survey.active) throw new AppException(SurveyErrorCode.SURVEY_CLOSED, { id });
    const url = `${this.config.publicBaseUrl ?? requestBase}${publicSurveyPath(survey.token)}`;
    const options = { errorCorrectionLevel: 'M' as const, margin: 4 };
    return format === 'svg'
      ? { url, contentType: 'image/svg+xml', body: await QRCode.toString(url, { ...options, type: 'svg' }) }
      : { url, contentType: 'image/png', body: await QRCode.toBuffer(url, { ...options, type: 'png', width: 512 }) };
  }

  async questionnaire(ctx: RequestContext, token: string): Promise<QuestionnaireResponse> {
    const em = this.tx.manager(ctx);
    const survey = await this.activeByToken(em, token);
    return {
      serviceName: survey.service_name,
      organizationName: survey.organization_name,
      title: survey.title,
      elements: SKM_ELEMENTS.map((e) => ({
        code: e.code,
        name: e.name,
        nameEn: e.nameEn,
        question: SKM_QUESTIONS[e.code].id,
        questionEn: SKM_QUESTIONS[e.code].en,
      })),
      scale: SKM_SCALE,
      profile: { ageBand: AGE_BANDS, sex: SEXES, education: EDUCATIONS, occupation: OCCUPATIONS },
      submitTo: `${publicSurveyPath(token)}/responses`,
    };
  }

  async submit(ctx: RequestContext, token: string, dto: SubmitSurveyResponseDto): Promise<void> {
    // The IP limit comes first, so guessing links is as limited as answering.
    await this.limiter.hit({ key: `survey-ip:${ctx.ip}`, ...IP_LIMIT });
    await this.tx.run(ctx, async (em) => {
      const survey = await this.activeByToken(em, token);
      await this.limiter.hit({ key: `survey-token:${survey.id}`, ...TOKEN_LIMIT });
      // Nothing that identifies the respondent is stored: no user, no IP, no timestamp finer than the row's own.
      await em.query(
        `INSERT INTO survey_responses (survey_id, ${SCORE_COLUMNS.join(', ')}, age_band, sex, education, occupation, comment)
         VALUES ($1, ${SCORE_COLUMNS.map((_, i) => `$${i + 2}`).join(', ')}, $11, $12, $13, $14, $15)`,
        [
          survey.id,
          ...SKM_ELEMENT_CODES.map((code) => dto.scores[code]),
          dto.ageBand ?? null,
          dto.sex ?? null,
          dto.education ?? null,
          dto.occupation ?? null,
          dto.comment ?? null,
        ],
      );
    });
  }

  /**
   * The SKM sums per service, in one query: per-element sums, and the number of respondents per total score
   * (9–36), from which the distribution of satisfaction levels follows.
   */
  private async aggregates(
    em: EntityManager,
    where: string,
    params: unknown[],
    period: SurveyPeriodQuery,
  ): Promise<Map<string, SkmAggregate>> {
    const clauses = [where];
    const values = [...params];
    // Calendar days in the organisation's own time zone (WIB in Jawa Timur, WITA in Kalimantan Timur).
    if (period.from !== undefined) {
      values.push(period.from);
      clauses.push(`r.submitted_at >= ($${values.length}::date)::timestamp AT TIME ZONE g.time_zone`);
    }
    if (period.to !== undefined) {
      values.push(period.to);
      clauses.push(`r.submitted_at < ($${values.length}::date + 1)::timestamp AT TIME ZONE g.time_zone`);
    }
    const rows = await em.query<{ service_id: string; total: number; n: number; sums: number[] }[]>(
      `SELECT s.service_id, r.total::int AS total, count(*)::int AS n,
              ARRAY[${SCORE_COLUMNS.map((c) => `sum(r.${c})::int`).join(', ')}] AS sums
         FROM (SELECT *, ${SCORE_COLUMNS.map((c) => `r0.${c}`).join(' + ')} AS total FROM survey_responses r0) r
         JOIN surveys s ON s.id = r.survey_id
         JOIN organizations o ON o.id = s.organization_id
         JOIN regions g ON g.code = o.region_code
        WHERE ${clauses.join(' AND ')}
        GROUP BY s.service_id, r.total`,
      values,
    );
    const byService = new Map<string, SkmAggregate[]>();
    for (const row of rows) {
      const part: SkmAggregate = {
        responses: row.n,
        elementSums: row.sums.map(Number),
        totals: [{ total: row.total, count: row.n }],
      };
      byService.set(row.service_id, [...(byService.get(row.service_id) ?? []), part]);
    }
    return new Map([...byService].map(([id, parts]) => [id, mergeAggregates(parts)]));
  }

  private async activeByToken(
    em: EntityManager,
    token: string,
  ): Promise<SurveyRow & { service_name: string; organization_name: string }> {
    const [survey] = /^[A-Za-z0-9_-]{16,64}$/.test(token)
      ? await em.query<(SurveyRow & { service_name: string; organization_name: string })[]>(
          `SELECT s.*, sv.name AS service_name, o.name AS organization_name
             FROM surveys s JOIN services sv ON sv.id = s.service_id JOIN organizations o ON o.id = s.organization_id
            WHERE s.token = $1 AND s.active AND sv.active`,
          [token],
        )
      : [];
    if (!survey) throw new AppException(SurveyErrorCode.SURVEY_LINK_NOT_FOUND);
    return survey;
  }

  private async service(em: EntityManager, id: string): Promise<OwnerRow> {
    const [service] = isUuid(id)
      ? await em.query<OwnerRow[]>(
          `SELECT s.id, s.organization_id, o.region_code, s.active, s.name
             FROM services s JOIN organizations o ON o.id = s.organization_id WHERE s.id = $1`,
          [id],
        )
      : [];
    if (!service) throw new AppException(ServiceErrorCode.SERVICE_NOT_FOUND, { id: id.slice(0, 40) });
    return service;
  }

  /** A survey the caller may read; one outside their scope is simply not found. */
  private async survey(
    ctx: RequestContext,
    em: EntityManager,
    id: string,
    lock = false,
  ): Promise<SurveyRow & { region_code: string }> {
    const [survey] = isUuid(id)
      ? await em.query<(SurveyRow & { region_code: string })[]>(
          `SELECT s.*, o.region_code FROM surveys s JOIN organizations o ON o.id = s.organization_id
            WHERE s.id = $1 ${lock ? 'FOR UPDATE OF s' : ''}`,
          [id],
        )
      : [];
    if (!survey || !this.canRead(ctx, survey.organization_id, survey.region_code))
      throw new AppException(SurveyErrorCode.SURVEY_NOT_FOUND, { id: id.slice(0, 40) });
    return survey;
  }

  private canRead(ctx: RequestContext, organizationId: string, regionCode: string): boolean {
    const principal = this.scope.principal(ctx);
    return this.scope.isProvinceWide(principal)
      ? regionCode.startsWith(this.scope.provinceOf(principal))
      : organizationId === principal.organizationId;
  }

  /** The service and organisation are visible in the directory, so reading outside scope is 403, not 404. */
  private assertCanRead(ctx: RequestContext, organizationId: string, regionCode: string): void {
    if (!this.canRead(ctx, organizationId, regionCode)) throw new AppException(SurveyErrorCode.SURVEY_OUTSIDE_SCOPE);
  }
}

/** A survey's QR code and the link it encodes. */
export interface QrCode {
  url: string;
  contentType: 'image/svg+xml' | 'image/png';
  body: string | Buffer;
}

function assertPeriod({ from, to }: SurveyPeriodQuery): void {
  // Dates in the same YYYY-MM-DD shape compare correctly as text.
  if (from !== undefined && to !== undefined && from > to) {
    throw new AppException(SurveyErrorCode.SURVEY_INVALID_PERIOD, { from, to }, [
      { field: 'from', message: { id: 'harus sebelum atau sama dengan to', en: 'must not be later than to' } },
    ]);
  }
}
