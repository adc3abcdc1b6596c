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
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { GraphQLContext, perRequestLoader } from '../common/graphql/loaders';
import { IsOptional, IsUUID, Matches } from 'class-validator';
import { Ctx, RequestContext } from '../common/context/request-context';
import { GqlPageArgs, GqlPageInfo } from '../common/graphql/page';
import { RequirePermissions } from '../identity/decorators';
import { Permission } from '../identity/permissions';
import { TrainingResponse } from './dto/training.dto';
import { EnrolmentsService } from './enrolments.service';
import { TrainingsService } from './trainings.service';

@ObjectType('TrainingSession')
class GqlTrainingSession {
  @Field(() => ID) id: string;
  @Field() date: string;
  @Field() status: string;
}

@ObjectType('TrainingParticipant')
class GqlParticipant {
  @Field(() => ID) enrolmentId: string;
  @Field(() => ID) personId: string;
  @Field() personName: string;
  @Field(() => Int) sessionsHeld: number;
  @Field(() => Int) sessionsAttended: number;
  @Field(() => Int) percent: number;
  @Field() completed: boolean;
  @Field() certificate: boolean;
}

@ObjectType('Training')
class GqlTraining {
  @Field(() => ID) id: string;
  @Field(() => ID) providerOrganizationId: string;
  @Field() skill: string;
  @Field() title: string;
  @Field() villageCode: string;
  @Field() place: string;
  @Field() startsOn: string;
  @Field() endsOn: string;
  @Field(() => [String]) weekdays: string[];
  @Field(() => Int) capacity: number;
  @Field(() => Int) enrolled: number;
  @Field(() => [String]) facilitators: string[];
  @Field(() => Int) minAttendancePercent: number;
  @Field(() => [GqlTrainingSession]) sessions: GqlTrainingSession[];
  @Field(() => Int) version: number;
}

@ObjectType('TrainingPage')
class GqlTrainingPage {
  @Field(() => [GqlTraining]) data: GqlTraining[];
  @Field(() => GqlPageInfo) page: GqlPageInfo;
}

@ArgsType()
class TrainingsArgs extends GqlPageArgs {
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(/^[A-Z_]{2,30}$/) skill?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() providerOrganizationId?: string;
}

const asGql = (t: TrainingResponse): GqlTraining => ({
  ...t,
  villageCode: t.venue.villageCode,
  place: t.venue.place,
});

/** Trainings over GraphQL: the same services, scope and audit as REST. */
@Resolver(() => GqlTraining)
@RequirePermissions(Permission.TRAININGS_READ)
export class TrainingsResolver {
  constructor(
    private readonly trainings: TrainingsService,
    private readonly enrolments: EnrolmentsService,
  ) {}

  @Query(() => GqlTraining, { name: 'training' })
  async getTraining(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }) id: string): Promise<GqlTraining> {
    return asGql(await this.trainings.get(ctx, id));
  }

  @Query(() => GqlTrainingPage, { name: 'trainings' })
  async listTrainings(@Ctx() ctx: RequestContext, @Args() args: TrainingsArgs): Promise<GqlTrainingPage> {
    const page = await this.trainings.list(ctx, { ...args });
    return { data: page.data.map(asGql), page: page.page };
  }

  // Per training rather than batched: a participant list is one query already, and pages of trainings with their
  // participants are bounded by the query cost limit.
  @ResolveField(() => [GqlParticipant])
  participants(
    @Parent() t: GqlTraining,
    @Ctx() ctx: RequestContext,
    @Context() context: GraphQLContext,
  ): Promise<GqlParticipant[]> {
    // One batch for every training of the page (DataLoader), not one query per training.
    return perRequestLoader(context, 'trainings.participants', async (ids: readonly string[]) => {
      const grouped = await this.enrolments.participantsOf(ctx, ids);
      return ids.map((id) =>
        (grouped.get(id) ?? []).map((e) => ({
          enrolmentId: e.id,
          personId: e.personId,
          personName: e.personName,
          ...e.progress,
        })),
      );
    }).load(t.id);
  }
}
