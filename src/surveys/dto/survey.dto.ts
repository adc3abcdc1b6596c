import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Max,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { DATE, trimAndCollapseSpaces as trim } from '../../common/validation/transforms';
import { SATISFACTION_LEVELS, SKM_ELEMENTS, SkmCategory, SkmResult } from '../skm';

export const AGE_BANDS = ['UNDER_20', '20_29', '30_39', '40_49', '50_59', '60_PLUS'] as const;
export const SEXES = ['MALE', 'FEMALE'] as const;
export const EDUCATIONS = ['NONE', 'SD', 'SMP', 'SMA', 'D1_D3', 'D4_S1', 'S2', 'S3'] as const;
export const OCCUPATIONS = ['PNS', 'TNI', 'POLRI', 'SWASTA', 'WIRAUSAHA', 'PELAJAR', 'OTHER'] as const;

export class CreateSurveyDto {
  @ApiPropertyOptional({ example: 'SKM semester I 2027', maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  title?: string;
}

const Score = () => (target: object, key: string) => {
  ApiProperty({ minimum: 1, maximum: 4, example: 4 })(target, key);
  IsDefined()(target, key);
  IsInt()(target, key);
  Min(1)(target, key);
  Max(4)(target, key);
};

/** The nine element scores on the regulation's 1–4 scale (1 tidak baik … 4 sangat baik). */
export class SkmScoresInput {
  @Score() U1: number;
  @Score() U2: number;
  @Score() U3: number;
  @Score() U4: number;
  @Score() U5: number;
  @Score() U6: number;
  @Score() U7: number;
  @Score() U8: number;
  @Score() U9: number;
}

export class SubmitSurveyResponseDto {
  @ApiProperty({ type: SkmScoresInput })
  @IsDefined()
  @ValidateNested()
  @Type(() => SkmScoresInput)
  scores: SkmScoresInput;

  @ApiPropertyOptional({ enum: AGE_BANDS })
  @IsOptional()
  @IsIn(AGE_BANDS)
  ageBand?: (typeof AGE_BANDS)[number];

  @ApiPropertyOptional({ enum: SEXES })
  @IsOptional()
  @IsIn(SEXES)
  sex?: (typeof SEXES)[number];

  @ApiPropertyOptional({ enum: EDUCATIONS })
  @IsOptional()
  @IsIn(EDUCATIONS)
  education?: (typeof EDUCATIONS)[number];

  @ApiPropertyOptional({ enum: OCCUPATIONS })
  @IsOptional()
  @IsIn(OCCUPATIONS)
  occupation?: (typeof OCCUPATIONS)[number];

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  comment?: string;
}

export interface SurveyRow {
  id: string;
  service_id: string;
  organization_id: string;
  token: string;
  title: string | null;
  active: boolean;
  closed_at: Date | null;
  created_at: Date;
}

export class SurveyResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty({ type: String, nullable: true }) title: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ description: 'The public token of the questionnaire link' }) token: string;
  @ApiProperty({
    example: '/api/v1/public/surveys/3q2…',
    description: 'Path of the public questionnaire (for a QR code)',
  })
  link: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;

  static of(row: SurveyRow): SurveyResponse {
    return Object.assign(new SurveyResponse(), {
      id: row.id,
      serviceId: row.service_id,
      organizationId: row.organization_id,
      title: row.title,
      active: row.active,
      token: row.token,
      link: publicSurveyPath(row.token),
      closedAt: row.closed_at?.toISOString() ?? null,
      createdAt: row.created_at.toISOString(),
    });
  }
}

export class SurveyList {
  @ApiProperty({ type: [SurveyResponse] }) data: SurveyResponse[];
}

export class QuestionnaireElement {
  @ApiProperty({ example: 'U1' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty() nameEn: string;
  @ApiProperty() question: string;
  @ApiProperty() questionEn: string;
}

export class ScaleOption {
  @ApiProperty({ minimum: 1, maximum: 4 }) value: number;
  @ApiProperty() label: string;
  @ApiProperty() labelEn: string;
}

export class QuestionnaireResponse {
  @ApiProperty() serviceName: string;
  @ApiProperty() organizationName: string;
  @ApiProperty({ type: String, nullable: true }) title: string | null;
  @ApiProperty({ type: [QuestionnaireElement] }) elements: QuestionnaireElement[];
  @ApiProperty({ type: [ScaleOption] }) scale: ScaleOption[];
  @ApiProperty({ type: Object, description: 'Allowed values of the optional profile fields' })
  profile: Record<string, readonly string[]>;
  @ApiProperty({ example: '/api/v1/public/surveys/3q2…/responses' }) submitTo: string;
}

export class SubmittedResponse {
  @ApiProperty() received: boolean;
}

export class ElementAverage {
  @ApiProperty({ enum: SKM_ELEMENTS.map((e) => e.code) }) code: string;
  @ApiProperty({ description: 'Nilai rata-rata per unsur (1–4), two decimals' }) average: number;
}

export class SatisfactionShare {
  @ApiProperty({ enum: SATISFACTION_LEVELS }) level: string;
  @ApiProperty() count: number;
  @ApiProperty({ description: 'Share of respondents, percent with two decimals' }) percent: number;
}

export class SkmResults {
  @ApiProperty() responses: number;
  @ApiProperty({ type: [ElementAverage] }) elements: ElementAverage[];
  @ApiProperty({ type: Number, nullable: true, description: '(Σ element averages ÷ 9) × 25, 0–100' })
  ikm: number | null;
  @ApiProperty({ type: String, enum: ['A', 'B', 'C', 'D'], nullable: true }) category: SkmCategory | null;
  @ApiProperty({ type: String, nullable: true, example: 'Baik' }) categoryLabel: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Good' }) categoryLabelEn: string | null;
  @ApiProperty({ type: [SatisfactionShare] }) distribution: SatisfactionShare[];

  static of(result: SkmResult): SkmResults {
    return Object.assign(new SkmResults(), result);
  }
}

export class SurveyResultsResponse extends SkmResults {
  @ApiProperty({ format: 'uuid' }) surveyId: string;
  @ApiProperty({ format: 'uuid' }) serviceId: string;
}

export class ServiceSkmResults extends SkmResults {
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty() serviceName: string;
}

export class OrganizationSurveyResultsResponse extends SkmResults {
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty({ type: [ServiceSkmResults] }) services: ServiceSkmResults[];
}

/** Path of a survey's public questionnaire; the QR code prefixes it with the public base URL. */
export function publicSurveyPath(token: string): string {
  return `/api/v1/public/surveys/${token}`;
}

/** The answers counted in results: those submitted on these calendar days, in the organisation's local time. */
export class SurveyPeriodQuery {
  @ApiPropertyOptional({ format: 'date', example: '2027-01-01', description: 'First day (inclusive)' })
  @IsOptional()
  @Matches(DATE)
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date', example: '2027-06-30', description: 'Last day (inclusive)' })
  @IsOptional()
  @Matches(DATE)
  @IsISO8601({ strict: true })
  to?: string;
}
