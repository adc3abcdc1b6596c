import { Args, ArgsType, Field, ID, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Ctx, RequestContext } from '../common/context/request-context';
import { GqlPageArgs, GqlPageInfo } from '../common/graphql/page';
import { RequirePermissions } from '../identity/decorators';
import { Permission } from '../identity/permissions';
import { PersonResponse } from './dto/person.response';
import { DISABILITIES } from './person.entity';
import { PersonsService } from './persons.service';

@ObjectType('PersonPpksCategory')
class GqlPpks {
  @Field() code: string;
  @Field(() => String, { nullable: true }) since: string | null;
  @Field(() => String, { nullable: true }) until: string | null;
}

/** A person as GraphQL shows it: the same masking and scoping as REST, no guardian or history. */
@ObjectType('Person')
class GqlPerson {
  @Field(() => ID) id: string;
  @Field() fullName: string;
  @Field(() => [String]) aliases: string[];
  @Field() sex: string;
  @Field(() => String, { nullable: true }) birthDate: string | null;
  @Field(() => String, { nullable: true }) birthDatePrecision: string | null;
  @Field(() => String, { nullable: true, description: 'Masked unless the caller holds persons:pii' }) nik:
    string | null;
  @Field() identityStatus: string;
  @Field(() => String, { nullable: true }) domicileVillageCode: string | null;
  @Field(() => [String]) disabilities: string[];
  @Field(() => [GqlPpks]) ppksCategories: GqlPpks[];
  @Field() status: string;
  @Field(() => Int) version: number;

  static of(p: PersonResponse): GqlPerson {
    return {
      id: p.id,
      fullName: p.fullName,
      aliases: p.aliases,
      sex: p.sex,
      birthDate: p.birthDate,
      birthDatePrecision: p.birthDatePrecision,
      nik: p.nik,
      identityStatus: p.identityStatus,
      domicileVillageCode: p.domicile?.villageCode ?? null,
      disabilities: p.disabilities,
      ppksCategories: p.ppksCategories,
      status: p.status,
      version: p.version,
    };
  }
}

@ObjectType('PersonPage')
class GqlPersonPage {
  @Field(() => [GqlPerson]) data: GqlPerson[];
  @Field(() => GqlPageInfo) page: GqlPageInfo;
}

@ArgsType()
class PersonsArgs extends GqlPageArgs {
  @Field(() => String, { nullable: true, description: 'Name, fuzzy' })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  search?: string;

  @Field(() => String, { nullable: true, description: 'Region code of the domicile, any level' })
  @IsOptional()
  @Matches(/^(\d{2}|\d{4}|\d{6}|\d{10})$/)
  region?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^[A-Z]{4}-\d{2}$/)
  ppksCategory?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsIn(DISABILITIES)
  disability?: string;
}

@Resolver(() => GqlPerson)
@RequirePermissions(Permission.PERSONS_READ)
export class PersonsResolver {
  constructor(private readonly persons: PersonsService) {}

  @Query(() => GqlPerson, { name: 'person', description: 'A person in your scope (audited)' })
  async getPerson(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }) id: string): Promise<GqlPerson> {
    return GqlPerson.of(await this.persons.get(ctx, id));
  }

  @Query(() => GqlPersonPage, { name: 'persons', description: 'People in your scope (each listed person is audited)' })
  async listPersons(@Ctx() ctx: RequestContext, @Args() args: PersonsArgs): Promise<GqlPersonPage> {
    const page = await this.persons.list(ctx, {
      q: args.search,
      region: args.region,
      ppksCategory: args.ppksCategory,
      disability: args.disability,
      limit: args.limit,
      cursor: args.cursor,
    });
    return { data: page.data.map(GqlPerson.of), page: page.page };
  }
}
