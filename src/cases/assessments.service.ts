import { presentFields } from '../common/validation/present-fields';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { AppException } from '../common/errors/app-exception';
import { Page, paginate, PageQuery } from '../common/pagination/pagination';
import { Permission } from '../identity/permissions';
import { User } from '../identity/user.entity';
import { AftercareErrorCode } from './aftercare.errors';
import { CaseTimeline } from './case-timeline';
import { Case, CaseAssessment, Severity } from './case.entities';
import { CASE_READ_PURPOSE, CasesService } from './cases.service';
import { AssessmentResponse, ASSESSMENT_RESULTS, CreateAssessmentDto } from './dto/aftercare.dto';

/**
 * Assessments of a case (stability, needs, severity, other). Their notes are health data (UU PDP): stored as given,
 * read back only by callers holding `persons:pii`, and never copied into the timeline.
 */
@Injectable()
export class AssessmentsService {
  constructor(
    private readonly tx: Tx,
    private readonly cases: CasesService,
    private readonly timeline: CaseTimeline,
    private readonly audit: AuditService,
  ) {}

  async create(ctx: RequestContext, caseId: string, dto: CreateAssessmentDto): Promise<AssessmentResponse> {
    return this.tx.run(ctx, async (em) => {
      const found = await this.cases.loadOpen(ctx, em, caseId);
      const allowed = ASSESSMENT_RESULTS[dto.kind];
      if (allowed && !allowed.includes(dto.result)) {
        throw new AppException(
          AftercareErrorCode.ASSESSMENT_RESULT_NOT_ALLOWED,
          { kind: dto.kind, allowed: allowed.join(', ') },
          [
            {
              field: 'result',
              message: {
                id: `harus salah satu dari: ${allowed.join(', ')}`,
                en: `must be one of: ${allowed.join(', ')}`,
              },
            },
          ],
          undefined,
          { allowed },
        );
      }
      const today = await this.cases.todayOf(em, found);
      this.cases.assertNotFuture('assessedOn', dto.assessedOn, today);
      if (dto.assessedOn < found.openedOn) {
        this.cases.dateError('assessedOn', {
          id: 'tidak boleh sebelum kasus dibuka',
          en: 'must not be before the case was opened',
        });
      }
      if (dto.assessorUserId) {
        await assertStaffUser(em, found.managingOrganizationId, 'assessorUserId', dto.assessorUserId);
      }
      const repository = em.getRepository(CaseAssessment);
      const saved = await repository.save(
        repository.create({
          caseId: found.id,
          kind: dto.kind,
          result: dto.result,
          score: dto.score === undefined ? null : dto.score.toFixed(2),
          assessorName: dto.assessorName,
          assessorUserId: dto.assessorUserId ?? null,
          assessedOn: dto.assessedOn,
          notes: dto.notes ?? null,
          recordedBy: ctx.principal?.id ?? null,
        }),
      );
      const severity = dto.kind === 'SEVERITY' ? await this.applySeverity(ctx, em, found, saved) : undefined;
      await this.timeline.record(ctx, found.id, 'ASSESSED', dto.assessedOn, {
        data: {
          assessmentId: saved.id,
          kind: saved.kind,
          result: saved.result,
          score: saved.score === null ? null : Number(saved.score),
          ...(severity ? { severity } : {}),
        },
      });
      await this.audit.record(ctx, {
        action: 'CREATE',
        resourceType: 'case-assessment',
        resourceId: saved.id,
        personId: found.personId,
        changedFields: presentFields(dto),
      });
      return this.view(ctx, saved);
    });
  }

  async list(ctx: RequestContext, caseId: string, query: PageQuery): Promise<Page<AssessmentResponse>> {
    const em = this.tx.manager(ctx);
    const found = await this.cases.load(ctx, em, caseId);
    const qb = em
      .getRepository(CaseAssessment)
      .createQueryBuilder('a')
      .where('a.case_id = :caseId', { caseId: found.id });
    const page = await paginate(
      qb,
      query,
      [
        { expression: 'a.assessedOn', value: (a) => a.assessedOn, type: 'string' },
        { expression: 'a.id', value: (a) => a.id, type: 'string' },
      ],
      (a) => this.view(ctx, a),
    );
    // Every row is about the same person: one event says who read this case's assessments.
    await this.audit.record(ctx, {
      action: 'READ',
      resourceType: 'case-assessment',
      resourceId: found.id,
      personId: found.personId,
      purpose: CASE_READ_PURPOSE,
    });
    return page;
  }

  /**
   * The most recent STABILITY assessment of any case of the person dated on or after `onOrAfter`, whatever its
   * result (an UNSTABLE after a STABLE wins): training eligibility needs it to be STABLE.
   */
  async latestStability(em: EntityManager, personId: string, onOrAfter: string): Promise<CaseAssessment | null> {
    return em
      .getRepository(CaseAssessment)
      .createQueryBuilder('a')
      .innerJoin(Case, 'c', 'c.id = a.case_id')
      .where('c.person_id = :personId', { personId })
      .andWhere(`a.kind = 'STABILITY'`)
      .andWhere('a.assessed_on >= :onOrAfter', { onOrAfter })
      .orderBy('a.assessed_on', 'DESC')
      .addOrderBy('a.created_at', 'DESC')
      .getOne();
  }

  view(ctx: RequestContext, a: CaseAssessment): AssessmentResponse {
    return AssessmentResponse.of(a, ctx.principal?.permissions.has(Permission.PERSONS_PII) ?? false);
  }

  /**
   * A severity assessment sets the case's severity, unless a later-dated one exists: recording an old assessment
   * afterwards must not undo a newer finding.
   */
  private async applySeverity(
    ctx: RequestContext,
    em: EntityManager,
    found: Case,
    saved: CaseAssessment,
  ): Promise<{ from: Severity | null; to: Severity } | undefined> {
    const newer = await em
      .getRepository(CaseAssessment)
      .createQueryBuilder('a')
      .where(`a.case_id = :caseId AND a.kind = 'SEVERITY' AND a.assessed_on > :on`, {
        caseId: found.id,
        on: saved.assessedOn,
      })
      .getExists();
    const to = saved.result as Severity;
    if (newer || found.severity === to) return undefined;
    const from = found.severity;
    found.severity = to;
    await em.getRepository(Case).save(found);
    await this.audit.record(ctx, {
      action: 'UPDATE',
      resourceType: 'case',
      resourceId: found.id,
      personId: found.personId,
      changedFields: ['severity'],
    });
    return { from, to };
  }
}

/** Assessors and visiting officers named by user id must be active users of the case's managing organisation. */
export async function assertStaffUser(
  em: EntityManager,
  organizationId: string,
  field: string,
  userId: string,
): Promise<void> {
  const exists = await em.getRepository(User).exists({ where: { id: userId, organizationId, status: 'ACTIVE' } });
  if (!exists) {
    throw new AppException(AftercareErrorCode.CASE_STAFF_USER_UNKNOWN, { field, id: userId }, [
      {
        field,
        message: {
          id: 'bukan pengguna aktif organisasi pengelola',
          en: 'is not an active user of the managing organisation',
        },
      },
    ]);
  }
}
