import {
  Args,
  ArgsType,
  Context,
  Field,
  ID,
  Int,
  ObjectType,
  Parent,
  Query,
  registerEnumType,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { IsEnum, IsOptional, IsUUID, Matches } from 'class-validator';
import { In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Ctx, RequestContext } from '../common/context/request-context';
import { Tx } from '../common/database/tx.service';
import { GraphQLContext, perRequestLoader } from '../common/graphql/loaders';
import { GqlPageArgs, GqlPageInfo } from '../common/graphql/page';
import { RequirePermissions } from '../identity/decorators';
import { Permission } from '../identity/permissions';
import { PersonView } from '../persons/person-view';
import { Person } from '../persons/person.entity';
import { CaseTimeline } from './case-timeline';
import { CaseAssessment, CaseVisit } from './case.entities';
import { CASE_READ_PURPOSE, CasesService } from './cases.service';
import { CaseResponse } from './dto/case.dto';

enum GqlCaseStatus {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}
enum GqlCaseKind {
  RESIDENTIAL = 'RESIDENTIAL',
  COMMUNITY = 'COMMUNITY',
}
registerEnumType(GqlCaseStatus, { name: 'CaseStatus' });
registerEnumType(GqlCaseKind, { name: 'CaseKind' });

@ObjectType('CaseEvent')
class GqlCaseEvent {
  @Field() type: string;
  @Field() occurredOn: string;
  @Field(() => String, { nullable: true }) note: string | null;
}

@ObjectType('CaseAssessment')
class GqlAssessment {
  @Field(() => ID) id: string;
  @Field() kind: string;
  @Field() result: string;
  @Field() assessedOn: string;
  @Field(() => String, { nullable: true, description: 'Health data: null unless the caller holds persons:pii' }) notes:
    string | null;
}

@ObjectType('CaseVisit')
class GqlVisit {
  @Field(() => ID) id: string;
  @Field() visitedOn: string;
  @Field() medicationAdherence: string;
  @Field() relapse: boolean;
}

@ObjectType('CasePerson')
class GqlCasePerson {
  @Field(() => ID) id: string;
  @Field() fullName: string;
  @Field() sex: string;
  @Field(() => String, { nullable: true }) birthDate: string | null;
  @Field(() => String, { nullable: true }) domicileVillageCode: string | null;
}

@ObjectType('Case')
class GqlCase {
  @Field(() => ID) id: string;
  @Field(() => ID) personId: string;
  @Field(() => ID) managingOrganizationId: string;
  @Field(() => GqlCaseKind) kind: string;
  @Field() stage: string;
  @Field(() => GqlCaseStatus) status: string;
  @Field(() => String, { nullable: true }) severity: string | null;
  @Field() openedOn: string;
  @Field(() => String, { nullable: true }) closedOn: string | null;
  @Field(() => String, { nullable: true }) outcome: string | null;
  @Field(() => ID, { nullable: true }) parentCaseId: string | null;
  @Field() longStay: boolean;
  @Field(() => Int) version: number;
}

@ObjectType('CasePage')
class GqlCasePage {
  @Field(() => [GqlCase]) data: GqlCase[];
  @Field(() => GqlPageInfo) page: GqlPageInfo;
}

@ArgsType()
class CasesArgs extends GqlPageArgs {
  @Field(() => GqlCaseStatus, { nullable: true }) @IsOptional() @IsEnum(GqlCaseStatus) status?: GqlCaseStatus;
  @Field(() => GqlCaseKind, { nullable: true }) @IsOptional() @IsEnum(GqlCaseKind) kind?: GqlCaseKind;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() personId?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(/^[A-Z_]{2,30}$/) stage?: string;
}

const asGql = (c: CaseResponse): GqlCase => ({ ...c });

/** Cases over GraphQL: the same scope as REST; person, timeline, assessments and visits load per level, batched. */
@Resolver(() => GqlCase)
@RequirePermissions(Permission.CASES_READ)
export class CasesResolver {
  constructor(
    private readonly cases: CasesService,
    private readonly timeline: CaseTimeline,
    private readonly tx: Tx,
    private readonly view: PersonView,
    private readonly audit: AuditService,
  ) {}

  @Query(() => GqlCase, { name: 'case' })
  async getCase(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }) id: string): Promise<GqlCase> {
    return asGql(await this.cases.get(ctx, id));
  }

  @Query(() => GqlCasePage, { name: 'cases' })
  async listCases(@Ctx() ctx: RequestContext, @Args() args: CasesArgs): Promise<GqlCasePage> {
    const page = await this.cases.list(ctx, { ...args, limit: args.limit, cursor: args.cursor });
    return { data: page.data.map(asGql), page: page.page };
  }

  @ResolveField(() => GqlCasePerson)
  person(@Parent() c: GqlCase, @Ctx() ctx: RequestContext, @Context() context: GraphQLContext): Promise<GqlCasePerson> {
    // The case is in scope, so its person is too (DESIGN.md §5); the read is audited like any read of a person.
    return perRequestLoader(context, 'cases.person', async (ids: readonly string[]) => {
      const rows = await this.tx
        .manager(ctx)
        .getRepository(Person)
        .find({ where: { id: In([...ids]) } });
      await this.audit.recordMany(
        ctx,
        rows.map((p) => ({
          action: 'READ',
          resourceType: 'person',
          resourceId: p.id,
          personId: p.id,
          purpose: CASE_READ_PURPOSE,
        })),
      );
      const map = new Map(rows.map((p) => [p.id, p]));
      return ids.map((id) => {
        const p = map.get(id)!;
        return {
          id: p.id,
          fullName: p.fullName,
          sex: p.sex,
          birthDate: p.birthDate,
          domicileVillageCode: p.domicileVillageCode,
        };
      });
    }).load(c.personId);
  }

  @ResolveField(() => [GqlCaseEvent], { name: 'timeline' })
  timelineEvents(
    @Parent() c: GqlCase,
    @Ctx() ctx: RequestContext,
    @Context() context: GraphQLContext,
  ): Promise<GqlCaseEvent[]> {
    return this.groupedLoad(context, 'cases.timeline', c.id, async (ids) => {
      const events = await this.timeline.list(ctx, ids);
      return events.map((e) => ({ caseId: e.caseId, value: { type: e.type, occurredOn: e.occurredOn, note: e.note } }));
    });
  }

  @ResolveField(() => [GqlAssessment])
  assessments(
    @Parent() c: GqlCase,
    @Ctx() ctx: RequestContext,
    @Context() context: GraphQLContext,
  ): Promise<GqlAssessment[]> {
    const pii = this.view.canSeePii(ctx);
    return this.groupedLoad(context, 'cases.assessments', c.id, async (ids) => {
      const rows = await this.tx
        .manager(ctx)
        .getRepository(CaseAssessment)
        .find({ where: { caseId: In(ids) }, order: { assessedOn: 'ASC' } });
      return rows.map((a) => ({
        caseId: a.caseId,
        value: { id: a.id, kind: a.kind, result: a.result, assessedOn: a.assessedOn, notes: pii ? a.notes : null },
      }));
    });
  }

  @ResolveField(() => [GqlVisit])
  visits(@Parent() c: GqlCase, @Ctx() ctx: RequestContext, @Context() context: GraphQLContext): Promise<GqlVisit[]> {
    return this.groupedLoad(context, 'cases.visits', c.id, async (ids) => {
      const rows = await this.tx
        .manager(ctx)
        .getRepository(CaseVisit)
        .find({ where: { caseId: In(ids) }, order: { visitedOn: 'ASC' } });
      return rows.map((v) => ({
        caseId: v.caseId,
        value: { id: v.id, visitedOn: v.visitedOn, medicationAdherence: v.medicationAdherence, relapse: v.relapse },
      }));
    });
  }

  /** One query for all cases of a page: rows fetched for every key at once, then grouped per case. */
  private groupedLoad<V>(
    context: GraphQLContext,
    name: string,
    caseId: string,
    fetch: (ids: string[]) => Promise<{ caseId: string; value: V }[]>,
  ): Promise<V[]> {
    return perRequestLoader(context, name, async (ids: readonly string[]) => {
      const groups = new Map<string, V[]>(ids.map((id) => [id, []]));
      for (const row of await fetch([...ids])) groups.get(row.caseId)?.push(row.value);
      return ids.map((id) => groups.get(id) ?? []);
    }).load(caseId);
  }
}
