import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageOf, PageQuery } from '../../common/pagination/pagination';
import {
  ASSET_STATUSES,
  AssetStatus,
  GRANT_ITEM_KINDS,
  GRANT_STATUSES,
  GrantItemKind,
  GrantStatus,
  MAX_AMOUNT_IDR,
} from '../grant.entities';
import { DATE } from '../../common/validation/transforms';

// ---- Budgets ----

export class CreateBudgetDto {
  @ApiProperty({ example: '3571', description: '4-digit regency code of a supported province' })
  @IsString()
  @Matches(/^\d{4}$/)
  regencyCode: string;

  @ApiProperty({ example: 2026 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiProperty({ description: 'Whole Rupiah, 1 – 10^13', example: 150_000_000 })
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_IDR)
  amountIdr: number;
}

export class TopUpDto {
  @ApiProperty({ description: 'Whole Rupiah, 1 – 10^13' })
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_IDR)
  amountIdr: number;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class ListBudgetsQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^\d{4}$/)
  regencyCode?: string;
}

export class TopUpResponse {
  @ApiProperty() id: string;
  @ApiProperty() amountIdr: number;
  @ApiPropertyOptional({ nullable: true, type: String }) note: string | null;
  @ApiProperty() createdAt: Date;
}

export class BudgetResponse {
  @ApiProperty() id: string;
  @ApiProperty() regencyCode: string;
  @ApiProperty() year: number;
  @ApiProperty({ description: 'Initial amount plus every top-up' }) totalIdr: number;
  @ApiProperty({ description: 'Committed by approved, disbursed and closed grants' }) approvedIdr: number;
  @ApiProperty() disbursedIdr: number;
  @ApiProperty({ description: 'totalIdr − approvedIdr: what approvals may still draw' }) availableIdr: number;
  @ApiProperty({ type: [TopUpResponse] }) topUps: TopUpResponse[];
  @ApiProperty() version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class BudgetPage extends PageOf(BudgetResponse) {}

// ---- Grants ----

export class GrantItemDto {
  @ApiProperty({ enum: GRANT_ITEM_KINDS })
  @IsIn(GRANT_ITEM_KINDS)
  kind: GrantItemKind;

  @ApiProperty({ maxLength: 500 })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  description: string;

  @ApiProperty({ minimum: 1, maximum: 1000 })
  @IsInt()
  @Min(1)
  @Max(1000)
  quantity: number;

  @ApiProperty({ description: 'Whole Rupiah per unit, 0 – 10^13' })
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT_IDR)
  unitValueIdr: number;
}

export class CreateGrantDto {
  @ApiProperty()
  @IsUUID()
  personId: string;

  @ApiPropertyOptional({ description: 'An open or closed case of that person you can see' })
  @IsOptional()
  @IsUUID()
  caseId?: string;

  @ApiProperty({ maxLength: 4000 })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  businessPlan: string;

  @ApiPropertyOptional({ maxLength: 300, description: 'The skill criterion when no completed training is on record' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  statedSkill?: string;

  @ApiProperty({ type: [GrantItemDto], minItems: 1, maxItems: 50 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => GrantItemDto)
  items: GrantItemDto[];
}

export class ListGrantsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: GRANT_STATUSES })
  @IsOptional()
  @IsIn(GRANT_STATUSES)
  status?: GrantStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  personId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class ApproveDto {
  @ApiPropertyOptional({ description: 'Required when a criterion fails: why the grant is approved anyway' })
  @IsOptional()
  @IsString()
  @MinLength(5)
  @MaxLength(2000)
  criteriaOverrideReason?: string;
}

export class ReasonDto {
  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason: string;
}

export class OptionalReasonDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class DisburseDto {
  @ApiProperty({ format: 'date', description: 'Date of the handover (BAST)' })
  @Matches(DATE)
  @IsISO8601({ strict: true })
  date: string;

  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  receiverName: string;

  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  witnessName: string;

  @ApiProperty({ maxLength: 100, description: 'Number of the BAST document' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  documentReference: string;

  @ApiPropertyOptional({
    description: 'Serial numbers per in-kind item id, one per unit; items left out get generated serials',
    example: { '00000000-0000-0000-0000-000000000000': ['JUKI-8700-001'] },
  })
  @IsOptional()
  @IsObject()
  serials?: Record<string, unknown>;
}

export class CloseDto {
  @ApiPropertyOptional({ format: 'date', description: "Default: today (the regency's local day)" })
  @IsOptional()
  @Matches(DATE)
  @IsISO8601({ strict: true })
  date?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class GrantItemResponse {
  @ApiProperty() id: string;
  @ApiProperty() position: number;
  @ApiProperty({ enum: GRANT_ITEM_KINDS }) kind: GrantItemKind;
  @ApiProperty() description: string;
  @ApiProperty() quantity: number;
  @ApiProperty() unitValueIdr: number;
  @ApiProperty() totalIdr: number;
}

export class CriterionResponse {
  @ApiProperty({ enum: ['SKILL', 'NO_RECENT_GRANT'] }) code: string;
  @ApiProperty() passed: boolean;
  @ApiProperty({ description: 'Localized reason' }) reason: string;
}

export class GrantEventResponse {
  @ApiProperty() action: string;
  @ApiPropertyOptional({ nullable: true, type: String }) fromStatus: string | null;
  @ApiProperty() toStatus: string;
  @ApiPropertyOptional({ nullable: true, type: String }) note: string | null;
  @ApiProperty() at: Date;
}

export class BastResponse {
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty() receiverName: string;
  @ApiProperty() witnessName: string;
  @ApiProperty() documentReference: string;
}

export class GrantResponse {
  @ApiProperty() id: string;
  @ApiProperty() personId: string;
  @ApiPropertyOptional({ nullable: true, type: String }) caseId: string | null;
  @ApiProperty() regencyCode: string;
  @ApiProperty() year: number;
  @ApiProperty() proposingOrganizationId: string;
  @ApiProperty() businessPlan: string;
  @ApiPropertyOptional({ nullable: true, type: String }) statedSkill: string | null;
  @ApiProperty({ type: [GrantItemResponse] }) items: GrantItemResponse[];
  @ApiProperty() totalIdr: number;
  @ApiProperty({ enum: GRANT_STATUSES }) status: GrantStatus;
  @ApiProperty({ type: [CriterionResponse] }) criteria: CriterionResponse[];
  @ApiProperty() criteriaPassed: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) criteriaOverrideReason: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) budgetId: string | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) approvedAt: Date | null;
  @ApiPropertyOptional({ nullable: true, type: String }) rejectionReason: string | null;
  @ApiPropertyOptional({ nullable: true, type: BastResponse }) bast: BastResponse | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) closedOn: string | null;
  @ApiProperty({ description: 'Actions possible in the current status', type: [String] }) allowedActions: string[];
  @ApiProperty({ type: [GrantEventResponse] }) history: GrantEventResponse[];
  @ApiProperty() version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class GrantPage extends PageOf(GrantResponse) {}

// ---- Assets ----

export class ListAssetsQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  grantId?: string;

  @ApiPropertyOptional({ enum: ASSET_STATUSES })
  @IsOptional()
  @IsIn(ASSET_STATUSES)
  status?: AssetStatus;
}

export class AssetStatusDto {
  @ApiProperty({ enum: ASSET_STATUSES })
  @IsIn(ASSET_STATUSES)
  status: AssetStatus;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({ format: 'date', description: "Default: today (the regency's local day)" })
  @IsOptional()
  @Matches(DATE)
  @IsISO8601({ strict: true })
  date?: string;
}

export class AssetEventResponse {
  @ApiProperty({ enum: ASSET_STATUSES }) status: AssetStatus;
  @ApiProperty({ format: 'date' }) date: string;
  @ApiPropertyOptional({ nullable: true, type: String }) note: string | null;
}

export class AssetResponse {
  @ApiProperty() id: string;
  @ApiProperty() grantId: string;
  @ApiProperty() grantItemId: string;
  @ApiProperty() kind: string;
  @ApiProperty() description: string;
  @ApiProperty() serialNumber: string;
  @ApiProperty({ enum: ASSET_STATUSES }) status: AssetStatus;
  @ApiProperty({ format: 'date' }) statusOn: string;
  @ApiProperty({ type: [AssetEventResponse] }) history: AssetEventResponse[];
  @ApiProperty() version: number;
}

export class AssetPage extends PageOf(AssetResponse) {}
