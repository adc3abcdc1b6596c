import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PageOf, PageQuery } from '../../common/pagination/pagination';
import { BIRTH_DATE_PRECISIONS, DISABILITIES, IDENTITY_STATUSES, SEXES } from '../person.entity';

export class DomicileView {
  @ApiProperty() villageCode: string;
  @ApiPropertyOptional({ nullable: true, type: String }) address: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) from: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) to: string | null;
}

export class KkView {
  @ApiProperty({ example: '3571********0001', description: 'Masked unless the caller holds persons:pii' })
  number: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) from: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) to: string | null;
}

export class PpksView {
  @ApiProperty({ example: 'PPKS-09' }) code: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) since: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) until: string | null;
}

export class GuardianView {
  @ApiProperty() name: string;
  @ApiProperty() relation: string;
  @ApiPropertyOptional({ nullable: true, type: String }) phone: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Masked unless persons:pii' }) nik: string | null;
}

export class ExternalIdsView {
  @ApiPropertyOptional({ nullable: true, type: String }) dtksId: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) dtsenDecile: number | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) dtsenAsOf: string | null;
}

export class WarningView {
  @ApiProperty({ example: 'NIK_SEX_MISMATCH' }) code: string;
  @ApiProperty() message: string;
}

export class PossibleDuplicateView {
  @ApiProperty({ format: 'uuid' }) personId: string;
  @ApiProperty() fullName: string;
  @ApiPropertyOptional({ nullable: true, type: String }) birthDate: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) domicileVillageCode: string | null;
  @ApiProperty({ description: '0–1; higher is more likely the same person' }) score: number;
  @ApiProperty({ type: [String] }) reasons: string[];
}

export class PersonResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ type: [String] }) aliases: string[];
  @ApiProperty({ enum: SEXES }) sex: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) birthDate: string | null;
  @ApiPropertyOptional({ nullable: true, enum: BIRTH_DATE_PRECISIONS }) birthDatePrecision: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) birthPlace: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: '3571********0001',
    description: 'Masked unless persons:pii',
  })
  nik: string | null;
  @ApiProperty({ enum: IDENTITY_STATUSES }) identityStatus: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) identityVerifiedAt: Date | null;
  @ApiPropertyOptional({ nullable: true, type: DomicileView }) domicile: DomicileView | null;
  @ApiPropertyOptional({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ enum: DISABILITIES, isArray: true }) disabilities: string[];
  @ApiProperty({ type: [PpksView] }) ppksCategories: PpksView[];
  @ApiPropertyOptional({ nullable: true, type: GuardianView }) guardian: GuardianView | null;
  @ApiProperty({ type: ExternalIdsView }) externalIds: ExternalIdsView;
  @ApiProperty({ enum: ['ACTIVE', 'MERGED', 'ERASED'] }) status: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) mergedIntoId: string | null;
  @ApiProperty({ description: "Processing restricted at the data subject's request" }) restricted: boolean;
  @ApiProperty() legalHold: boolean;
  @ApiProperty({ format: 'uuid' }) registeredByOrganizationId: string;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class PersonDetailResponse extends PersonResponse {
  @ApiProperty({ type: [KkView] }) kkNumbers: KkView[];
  @ApiProperty({ type: [DomicileView] }) domicileHistory: DomicileView[];
}

export class PersonCreatedResponse extends PersonDetailResponse {
  @ApiProperty({ type: [WarningView] }) warnings: WarningView[];
  @ApiProperty({ type: [PossibleDuplicateView] }) possibleDuplicates: PossibleDuplicateView[];
}

export class PersonPage extends PageOf(PersonResponse) {}

export class PossibleDuplicatesResponse {
  @ApiProperty({ type: [PossibleDuplicateView] }) data: PossibleDuplicateView[];
}

export class ListPersonsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Name, fuzzy (spelling variants and titles ignored)', example: 'siti aminah' })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'Exact NIK, found through the blind index' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  nik?: string;

  @ApiPropertyOptional({ description: 'Region code of the domicile, any level', example: '3571' })
  @IsOptional()
  @Matches(/^(\d{2}|\d{4}|\d{6}|\d{10})$/)
  region?: string;

  @ApiPropertyOptional({ example: 'PPKS-09' })
  @IsOptional()
  @Matches(/^[A-Z]{4}-\d{2}$/)
  ppksCategory?: string;

  @ApiPropertyOptional({ enum: DISABILITIES })
  @IsOptional()
  @IsIn(DISABILITIES)
  disability?: string;
}
