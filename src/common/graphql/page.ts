import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_LIMIT, MAX_LIMIT } from '../pagination/pagination';

@ObjectType('PageInfo')
export class GqlPageInfo {
  @Field(() => String, { nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor: string | null;

  @Field(() => Int)
  limit: number;
}

/** `limit` and `cursor` arguments, the same rules as REST `?limit=&cursor=`. */
@ArgsType()
export class GqlPageArgs {
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit?: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}
