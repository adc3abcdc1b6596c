import { presentFields } from '../common/validation/present-fields';
import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { AppException } from '../common/errors/app-exception';
import { CommonErrorCode } from '../common/errors/common.errors';
import { isUuid } from '../common/ids';
import { Page, paginate } from '../common/pagination/pagination';
import { Permission } from '../identity/permissions';
import { ScopePolicy } from '../identity/scope-policy.service';
import { ConsentsService } from './consents.service';
import {
  AccessLogEntry,
  CreateDataSubjectRequestDto,
  DataExportResponse,
  DataSubjectRequestKind,
  DataSubjectRequestResponse,
  ListDataSubjectRequestsQuery,
  RecordCorrectionDto,
} from './dto/data-subject-request.dto';
import { DataSubjectRequest, toRequestResponse } from './data-subject-request.entity';
import { Person } from './person.entity';
import { PersonRightsErrorCode } from './person-rights.errors';
import { PersonsService } from './persons.service';

/** Default purpose of reads of requests, recorded unless the caller sends `X-Purpose`. */
const REQUEST_READ_PURPOSE = 'DATA_SUBJECT_REQUESTS';
/** Fields a correction may set to null; the others would leave the record without a required value. */
const NULLABLE_CORRECTIONS = new Set(['phone']);

/** UU PDP gives the controller 3×24 hours to act on access, correction and restriction requests. */
export const DATA_SUBJECT_REQUEST_DEADLINE_MS = 72 * 60 * 60 * 1000;
/** Tolerated difference between the client's clock and ours when checking that receivedAt is not in the future. */
const CLOCK_SKEW_MS = 60 * 1000;

/**
 * Data-subject requests (UU PDP): recording them with their 3×24-hour deadline, listing and answering them,
 * corrections recorded with their request, and the subject's copy of everything held (the data export).
 * Erasure, restriction and legal holds are in {@link PersonRightsActions}, which completes requests through this.
 */
@Injectable()
export class DataSubjectRightsService {
  constructor(
    private readonly tx: Tx,
    private readonly persons: PersonsService,
    private readonly consents: ConsentsService,
    private readonly scope: ScopePolicy,
    private readonly audit: AuditService,
  ) {}

  /** Works whatever the person's state (restricted, erased): a restriction or erasure does not end the subject's rights. */
  async create(
    ctx: RequestContext,
    personId: string,
    dto: CreateDataSubjectRequestDto,
  ): Promise<DataSubjectRequestResponse> {
    const principal = this.scope.principal(ctx);
    const receivedAt = dto.receivedAt === undefined ? new Date() : new Date(dto.receivedAt);
    if (receivedAt.getTime() > Date.now() + CLOCK_SKEW_MS) {
      throw new AppException(CommonErrorCode.VALIDATION_FAILED, {}, [
        { field: 'receivedAt', message: { id: 'tidak boleh di masa depan', en: 'must not be in the future' } },
      ]);
    }
    return this.tx.run(ctx, async (em) => {
      await this.persons.load(ctx, em, personId);
      const repository = em.getRepository(DataSubjectRequest);
      const request = await repository.save(
        repository.create({
          personId,
          kind: dto.kind,
          channel: dto.channel ?? null,
          description: dto.description ?? null,
          receivedAt,
          // Computed from a JS Date, so due_at has millisecond precision and is exact as a pagination cursor.
          dueAt: new Date(receivedAt.getTime() + DATA_SUBJECT_REQUEST_DEADLINE_MS),
          status: 'OPEN',
          resolvedAt: null,
          resolution: null,
          changedFields: [],
          recordedBy: principal.id,
          recordedByOrganizationId: principal.organizationId,
        }),
      );
      await this.audit.record(ctx, {
        action: 'CREATE',
        resourceType: 'data-subject-request',
        resourceId: request.id,
        personId,
        changedFields: presentFields(dto),
      });
      return toRequestResponse(request);
    });
  }

  /** Requests about people in the caller's scope, soonest deadline first. */
  async list(ctx: RequestContext, query: ListDataSubjectRequestsQuery): Promise<Page<DataSubjectRequestResponse>> {
    const condition = this.scope.persons(ctx, 'p');
    const qb = this.tx
      .manager(ctx)
      .getRepository(DataSubjectRequest)
      .createQueryBuilder('r')
      .innerJoin(Person, 'p', 'p.id = r.personId')
      .where(condition.sql, condition.params);
    if (query.status !== undefined) qb.andWhere('r.status = :status', { status: query.status });
    if (query.kind !== undefined) qb.andWhere('r.kind = :kind', { kind: query.kind });
    if (query.personId !== undefined) qb.andWhere('r.personId = :personId', { personId: query.personId });
    if (query.overdue !== undefined) {
      qb.andWhere(
        query.overdue ? `(r.status = 'OPEN' AND r.dueAt < now())` : `NOT (r.status = 'OPEN' AND r.dueAt < now())`,
      );
    }
    const now = Date.now();
    const page = await paginate(
      qb,
      query,
      [
        { expression: 'r.dueAt', value: (r) => r.dueAt.toISOString(), type: 'timestamp' },
        { expression: 'r.id', value: (r) => r.id, type: 'string' },
      ],
      (r) => toRequestResponse(r, now),
    );
    await this.audit.recordMany(
      ctx,
      page.data.map((r) => ({
        action: 'READ',
        resourceType: 'data-subject-request',
        resourceId: r.id,
        personId: r.personId,
        purpose: REQUEST_READ_PURPOSE,
      })),
    );
    return page;
  }

  async get(ctx: RequestContext, requestId: string): Promise<DataSubjectRequestResponse> {
    const request = await this.findInScope(ctx, this.tx.manager(ctx), requestId);
    await this.audit.record(ctx, {
      action: 'READ',
      resourceType: 'data-subject-request',
      resourceId: request.id,
      personId: request.personId,
      purpose: REQUEST_READ_PURPOSE,
    });
    return toRequestResponse(request);
  }

  /** Answers a request: COMPLETED or REFUSED, with what was done or why not (UU PDP wants the refusal reasoned). */
  async resolve(
    ctx: RequestContext,
    requestId: string,
    status: 'COMPLETED' | 'REFUSED',
    resolution: string,
  ): Promise<DataSubjectRequestResponse> {
    return this.tx.run(ctx, async (em) => {
      const found = await this.findInScope(ctx, em, requestId);
      const request = await this.lockOpen(em, found.id);
      return toRequestResponse(await this.close(ctx, em, request, status, resolution));
    });
  }

  /**
   * Applies a CORRECTION request through the person service (so the same validation, history and audit apply),
   * keeps the names of the corrected fields on the request and completes it, in one transaction. The person is
   * locked before the request, the same order as erase and restrict, so concurrent calls cannot deadlock.
   */
  async correct(ctx: RequestContext, requestId: string, dto: RecordCorrectionDto): Promise<DataSubjectRequestResponse> {
    const entries = Object.entries(dto.changes).filter(([, value]) => value !== undefined);
    const invalid = entries.filter(([field, value]) => value === null && !NULLABLE_CORRECTIONS.has(field));
    if (entries.length === 0 || invalid.length > 0) {
      throw new AppException(
        CommonErrorCode.VALIDATION_FAILED,
        {},
        entries.length === 0
          ? [{ field: 'changes', message: { id: 'minimal satu isian', en: 'must name at least one field' } }]
          : invalid.map(([field]) => ({
              field: `changes.${field}`,
              message: { id: 'tidak boleh null', en: 'must not be null' },
            })),
      );
    }
    return this.tx.run(ctx, async (em) => {
      const found = await this.findInScope(ctx, em, requestId);
      await this.persons.load(ctx, em, found.personId, true);
      const request = await this.lockOpen(em, found.id);
      assertKind(request, 'CORRECTION');
      // "*": the request is the authority for the change, whatever version an operator last saw.
      await this.persons.update(ctx, request.personId, '*', dto.changes);
      request.changedFields = entries.map(([field]) => field);
      const resolution = dto.resolution ?? `Dikoreksi / corrected: ${request.changedFields.join(', ')}`;
      return toRequestResponse(await this.close(ctx, em, request, 'COMPLETED', resolution, ['changedFields']));
    });
  }

  /**
   * The subject's copy of everything held about them (UU PDP rights of access and to the processing trail):
   * the record with unmasked identity numbers (it is their own data, handed over by the DPO), the histories,
   * consents, requests, and every audited access to the record or to records merged into it. Works while
   * processing is restricted: a restriction stops processing, not the subject's access.
   */
  async export(ctx: RequestContext, personId: string): Promise<DataExportResponse> {
    const em = this.tx.manager(ctx);
    const principal = this.scope.principal(ctx);
    const person = await this.persons.load(ctx, em, personId);
    const withPii = ctx.withPrincipal({
      ...principal,
      permissions: new Set([...principal.permissions, Permission.PERSONS_PII]),
    });
    const ids = await this.recordsOf(em, person.id);
    const [detail, consents, requests, accessLog] = await Promise.all([
      this.persons.detail(withPii, em, person),
      this.consents.allOf(em, person),
      em
        .getRepository(DataSubjectRequest)
        .find({ where: { personId: In(ids) }, order: { receivedAt: 'ASC', id: 'ASC' } }),
      this.accessLog(em, ids),
    ]);
    await this.audit.record(ctx, {
      action: 'EXPORT',
      resourceType: 'person',
      resourceId: person.id,
      personId: person.id,
      purpose: 'DATA_SUBJECT_ACCESS',
    });
    const now = Date.now();
    return {
      generatedAt: new Date(now),
      person: detail,
      consents,
      dataSubjectRequests: requests.map((r) => toRequestResponse(r, now)),
      accessLog,
      records: await this.relatedRecords(em, ids),
    };
  }

  /** The person's case and Bebas Pasung files, as stored: the export holds everything, not only the registry. */
  private async relatedRecords(em: EntityManager, ids: string[]): Promise<Record<string, unknown[]>> {
    const of = async (sql: string): Promise<unknown[]> =>
      ((await em.query(sql, [ids])) as { row: unknown }[]).map((r) => r.row);
    const inCases = `(SELECT id FROM cases WHERE person_id = ANY($1))`;
    return {
      cases: await of(`SELECT row_to_json(t) AS row FROM cases t WHERE person_id = ANY($1) ORDER BY opened_on, id`),
      caseEvents: await of(`SELECT row_to_json(t) AS row FROM case_events t WHERE case_id IN ${inCases} ORDER BY seq`),
      caseResidences: await of(
        `SELECT row_to_json(t) AS row FROM case_residences t WHERE case_id IN ${inCases} ORDER BY admitted_on`,
      ),
      caseAssessments: await of(
        `SELECT row_to_json(t) AS row FROM case_assessments t WHERE case_id IN ${inCases} ORDER BY assessed_on`,
      ),
      caseVisits: await of(
        `SELECT row_to_json(t) AS row FROM case_visits t WHERE case_id IN ${inCases} ORDER BY visited_on`,
      ),
      pasungCases: await of(
        `SELECT row_to_json(t) AS row FROM pasung_cases t WHERE person_id = ANY($1) ORDER BY reported_on`,
      ),
      pasungEvents: await of(
        `SELECT row_to_json(t) AS row FROM pasung_case_events t
          WHERE pasung_case_id IN (SELECT id FROM pasung_cases WHERE person_id = ANY($1)) ORDER BY seq`,
      ),
    };
  }

  /**
   * Locks an OPEN request of `personId` of the given kind, named in the body of an erase/restrict/lift call: a
   * request that does not exist or is another person's is 422 (a body reference), not 404.
   */
  async lockRequestOf(
    em: EntityManager,
    personId: string,
    requestId: string,
    kind: DataSubjectRequestKind,
  ): Promise<DataSubjectRequest> {
    const request = await em
      .getRepository(DataSubjectRequest)
      .findOne({ where: { id: requestId, personId }, lock: { mode: 'pessimistic_write' } });
    if (!request) throw new AppException(PersonRightsErrorCode.DATA_SUBJECT_REQUEST_UNKNOWN, { id: requestId });
    assertOpen(request);
    assertKind(request, kind);
    return request;
  }

  /** Completes or refuses a locked request and audits it. */
  async close(
    ctx: RequestContext,
    em: EntityManager,
    request: DataSubjectRequest,
    status: 'COMPLETED' | 'REFUSED',
    resolution: string,
    alsoChanged: string[] = [],
  ): Promise<DataSubjectRequest> {
    request.status = status;
    request.resolution = resolution;
    request.resolvedAt = new Date();
    const saved = await em.getRepository(DataSubjectRequest).save(request);
    await this.audit.record(ctx, {
      action: 'UPDATE',
      resourceType: 'data-subject-request',
      resourceId: request.id,
      personId: request.personId,
      changedFields: ['status', 'resolution', 'resolvedAt', ...alsoChanged],
    });
    return saved;
  }

  /** The person's id and those of every record merged into it (directly or through another merge). */
  async recordsOf(em: EntityManager, personId: string): Promise<string[]> {
    const rows: { id: string }[] = await em.query(
      `WITH RECURSIVE merged AS (
         SELECT id FROM persons WHERE id = $1
         UNION
         SELECT p.id FROM persons p JOIN merged m ON p.merged_into_id = m.id
       )
       SELECT id FROM merged`,
      [personId],
    );
    return rows.map((r) => r.id);
  }

  /** A request about a person the caller may see; anything else is the same 404. */
  private async findInScope(ctx: RequestContext, em: EntityManager, requestId: string): Promise<DataSubjectRequest> {
    const notFound = () =>
      new AppException(PersonRightsErrorCode.DATA_SUBJECT_REQUEST_NOT_FOUND, { id: requestId.slice(0, 40) });
    if (!isUuid(requestId)) throw notFound();
    const condition = this.scope.persons(ctx, 'p');
    const request = await em
      .getRepository(DataSubjectRequest)
      .createQueryBuilder('r')
      .innerJoin(Person, 'p', 'p.id = r.personId')
      .where('r.id = :requestId', { requestId })
      .andWhere(condition.sql, condition.params)
      .getOne();
    if (!request) throw notFound();
    return request;
  }

  private async lockOpen(em: EntityManager, id: string): Promise<DataSubjectRequest> {
    const request = await em
      .getRepository(DataSubjectRequest)
      .findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
    assertOpen(request);
    return request;
  }

  /** Straight from the append-only trail, with the organisation's name so the subject can read who it was. */
  private accessLog(em: EntityManager, personIds: string[]): Promise<AccessLogEntry[]> {
    return em.query(
      `SELECT e.occurred_at AS "occurredAt", e.actor_kind AS "actorKind", e.actor_name AS "actorName",
              e.organization_id AS "organizationId", o.name AS "organizationName", e.role, e.action,
              e.resource_type AS "resourceType", e.resource_id AS "resourceId", e.purpose,
              e.changed_fields AS "changedFields"
         FROM audit_events e
         LEFT JOIN organizations o ON o.id = e.organization_id
        WHERE e.person_id = ANY($1)
        ORDER BY e.seq`,
      [personIds],
    );
  }
}

function assertOpen(request: DataSubjectRequest): void {
  if (request.status !== 'OPEN') {
    throw new AppException(PersonRightsErrorCode.DATA_SUBJECT_REQUEST_NOT_OPEN, {
      id: request.id,
      status: request.status,
    });
  }
}

function assertKind(request: DataSubjectRequest, expected: DataSubjectRequestKind): void {
  if (request.kind !== expected) {
    throw new AppException(PersonRightsErrorCode.DATA_SUBJECT_REQUEST_WRONG_KIND, {
      id: request.id,
      kind: request.kind,
      expected,
    });
  }
}
