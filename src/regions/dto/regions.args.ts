import { ArgsType, Field } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { GqlPageArgs } from '../../common/graphql/page';
import { RegionLevelEnum } from './region.response';

@ArgsType()
export class RegionsGqlArgs extends GqlPageArgs {
  @Field(() => String, { nullable: true, description: 'Parent region code: its direct children' })
  @IsOptional()
  @Matches(/^(\d{2}|\d{4}|\d{6})$/)
  parent?: string;

  @Field(() => RegionLevelEnum, { nullable: true })
  @IsOptional()
  @IsEnum(RegionLevelEnum)
  level?: RegionLevelEnum;

  @Field(() => String, { nullable: true, description: 'Part of the name; case and accents are ignored' })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  search?: string;
}
