import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PageOf, PageQuery } from '../../common/pagination/pagination';
import { BUSINESS_SECTORS, BusinessSector } from '../business.entities';
import { GROWTH_STATUSES, GrowthStatus } from '../growth-status';
import { trim, DATE } from '../../common/validation/transforms';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
const VILLAGE = /^\d{10}$/;
/** Bounds that keep Rupiah amounts exact as JavaScript numbers and within bigint. */
const MAX_IDR = 1_000_000_000_000;
const MAX_WORKERS = 10_000;

export class CreateBusinessDto {
  @ApiProperty({ format: 'uuid', description: 'The owner: a person you can see' })
  @IsUUID()
  personId: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The grant that funded it (checked once the grants module exists)',
  })
  @IsOptional()
  @IsUUID()
  grantId?: string;

  @ApiProperty({ enum: BUSINESS_SECTORS })
  @IsIn(BUSINESS_SECTORS)
  sector: BusinessSector;

  @ApiProperty({ example: 'Keset Perca Bu Sri' })
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: '3571011010', description: 'A village (kelurahan/desa) in your scope' })
  @Matches(VILLAGE)
  villageCode: string;

  @ApiProperty({ format: 'date', description: 'Not in the future' })
  @Matches(DATE)
  @IsISO8601({ strict: true })
  startDate: string;

  @ApiProperty({ minimum: 0, maximum: MAX_WORKERS, description: 'People working in it besides the owner' })
  @IsInt()
  @Min(0)
  @Max(MAX_WORKERS)
  workers: number;
}

export class UpdateBusinessDto {
  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  grantId?: string;

  @ApiPropertyOptional({ enum: BUSINESS_SECTORS })
  @IsOptional()
  @IsIn(BUSINESS_SECTORS)
  sector?: BusinessSector;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(VILLAGE)
  villageCode?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_WORKERS })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_WORKERS)
  workers?: number;
}

export class ReportValuesDto {
  @ApiProperty({ description: 'Whole Rupiah, ≥ 0', example: 3_000_000 })
  @IsInt()
  @Min(0)
  @Max(MAX_IDR)
  revenueIdr: number;

  @ApiProperty({ description: 'Whole Rupiah; negative for a loss', example: 1_800_000 })
  @IsInt()
  @Min(-MAX_IDR)
  @Max(MAX_IDR)
  netIncomeIdr: number;

  @ApiProperty({ minimum: 0, maximum: MAX_WORKERS })
  @IsInt()
  @Min(0)
  @Max(MAX_WORKERS)
  workers: number;

  @ApiProperty({ description: 'false: the business was closed this month' })
  @IsBoolean()
  open: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

export class CreateReportDto extends ReportValuesDto {
  @ApiProperty({
    example: '2025-06',
    description: "YYYY-MM; not after the village's current month, not before the start",
  })
  @Matches(PERIOD)
  period: string;
}

export class CorrectReportDto extends ReportValuesDto {
  @ApiProperty({ description: 'Why the report is corrected (kept with the replaced version)' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(1000)
  reason: string;
}

export class GraduateDto {
  @ApiProperty({ example: 'Usaha keset stabil, penghasilan cukup untuk hidup mandiri' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  note: string;
}

export class ListBusinessesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: GROWTH_STATUSES })
  @IsOptional()
  @IsIn(GROWTH_STATUSES)
  status?: GrowthStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  personId?: string;
}

export class GrowthView {
  @ApiProperty({ enum: GROWTH_STATUSES }) status: GrowthStatus;
  @ApiPropertyOptional({ nullable: true, type: String }) latestPeriod: string | null;
  @ApiProperty() reportsInWindow: number;
  @ApiProperty({ type: [String] }) recentPeriods: string[];
  @ApiPropertyOptional({ nullable: true, type: Number }) recentAverageIdr: number | null;
  @ApiProperty({ type: [String] }) previousPeriods: string[];
  @ApiPropertyOptional({ nullable: true, type: Number }) previousAverageIdr: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) changePercent: number | null;
  @ApiProperty({ description: 'Complete months without a report before the current month' }) silentMonths: number;
}

export class GraduationView {
  @ApiProperty({ format: 'date' }) graduatedOn: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) graduatedBy: string | null;
  @ApiProperty() note: string;
}

export class BusinessResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) personId: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) grantId: string | null;
  @ApiProperty({ enum: BUSINESS_SECTORS }) sector: string;
  @ApiProperty() name: string;
  @ApiProperty() villageCode: string;
  @ApiProperty({ format: 'date' }) startDate: string;
  @ApiProperty() workers: number;
  @ApiProperty({ type: GrowthView }) growth: GrowthView;
  @ApiProperty({ description: 'The graduation rule is met and the owner is not graduated yet' })
  graduationProposed: boolean;
  @ApiPropertyOptional({ nullable: true, type: GraduationView }) graduation: GraduationView | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class BusinessPage extends PageOf(BusinessResponse) {}

export class NeedsInterventionItem {
  @ApiProperty({ description: '1 is the most urgent' }) rank: number;
  @ApiProperty({ enum: ['TUTUP', 'MENURUN', 'SILENT', 'STAGNAN'] }) reason: 'TUTUP' | 'MENURUN' | 'SILENT' | 'STAGNAN';
  @ApiProperty({ type: BusinessResponse }) business: BusinessResponse;
}

export class NeedsInterventionResponse {
  @ApiProperty({ type: [NeedsInterventionItem] }) data: NeedsInterventionItem[];
  @ApiProperty() total: number;
}

export class ReportRevisionView {
  @ApiProperty() version: number;
  @ApiProperty() revenueIdr: number;
  @ApiProperty() netIncomeIdr: number;
  @ApiProperty() workers: number;
  @ApiProperty() open: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) notes: string | null;
  @ApiProperty() reportedAt: Date;
  @ApiProperty() replacedAt: Date;
  @ApiProperty({ description: 'Why it was replaced' }) reason: string;
}

export class ReportResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) businessId: string;
  @ApiProperty() period: string;
  @ApiProperty() revenueIdr: number;
  @ApiProperty() netIncomeIdr: number;
  @ApiProperty() workers: number;
  @ApiProperty() open: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) notes: string | null;
  @ApiProperty({ description: 'Increases with each correction' }) version: number;
  @ApiProperty({ type: [ReportRevisionView], description: 'Replaced versions, oldest first' })
  revisions: ReportRevisionView[];
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class ReportList {
  @ApiProperty({ type: [ReportResponse], description: 'Newest period first' }) data: ReportResponse[];
}
