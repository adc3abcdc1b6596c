import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { PageOf, PageQuery } from '../../common/pagination/pagination';
import { trimAndCollapse as trim, DATE } from '../../common/validation/transforms';

/**
 * What a consent is for. Published: the referrals module and partner apps program against these words, so new
 * purposes are added at the end and none is ever renamed.
 */
export const CONSENT_PURPOSES = [
  'REFERRAL',
  'DATA_SHARING',
  'PRODUCT_PUBLICATION',
  'PHOTO_PUBLICATION',
  'RESEARCH',
] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** Who gave it: the person, or a guardian (wali) for a child or someone who cannot consent alone (UU PDP). */
export const CONSENT_GIVERS = ['SELF', 'GUARDIAN'] as const;
export type ConsentGiver = (typeof CONSENT_GIVERS)[number];

/** At least one letter and no control characters. */
const TEXT = /^[^\p{Cc}\p{Cf}]*\p{L}[^\p{Cc}\p{Cf}]*$/u;

export class CreateConsentDto {
  @ApiProperty({ enum: CONSENT_PURPOSES })
  @IsIn(CONSENT_PURPOSES)
  purpose: ConsentPurpose;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    description: 'The organisation the consent is for; absent or null means any organisation',
  })
  @IsOptional()
  @IsUUID()
  recipientOrganizationId?: string | null;

  @ApiProperty({ enum: CONSENT_GIVERS })
  @IsIn(CONSENT_GIVERS)
  givenBy: ConsentGiver;

  @ApiPropertyOptional({ example: 'Suparman', description: 'Required when givenBy is GUARDIAN, refused otherwise' })
  @ValidateIf((o: CreateConsentDto) => o.givenBy === 'GUARDIAN' || o.guardianName !== undefined)
  @Transform(trim)
  @IsString()
  @Matches(TEXT)
  @MaxLength(200)
  guardianName?: string;

  @ApiPropertyOptional({ example: 'AYAH', description: 'Required when givenBy is GUARDIAN, refused otherwise' })
  @ValidateIf((o: CreateConsentDto) => o.givenBy === 'GUARDIAN' || o.guardianRelation !== undefined)
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(50)
  guardianRelation?: string;

  @ApiProperty({ format: 'date', example: '2026-11-02', description: 'Not in the future' })
  @IsString()
  @Matches(DATE)
  @IsISO8601({ strict: true })
  givenOn: string;

  @ApiPropertyOptional({ format: 'date', description: 'Last day the consent holds; on or after givenOn' })
  @IsOptional()
  @IsString()
  @Matches(DATE)
  @IsISO8601({ strict: true })
  expiresOn?: string;

  @ApiProperty({ example: 'FPS-3571-2026-00123', description: 'Where the proof is kept, e.g. the scanned form number' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(300)
  evidenceReference: string;
}

export class RevokeConsentDto {
  @ApiProperty({ example: 'Dicabut lisan oleh ybs. saat kunjungan 12 Nov', maxLength: 500 })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason: string;
}

export class ListConsentsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CONSENT_PURPOSES })
  @IsOptional()
  @IsIn(CONSENT_PURPOSES)
  purpose?: ConsentPurpose;

  @ApiPropertyOptional({ description: 'Only consents that hold today (true) or only those that do not (false)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;
}

export class ConsentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) personId: string;
  @ApiProperty({ enum: CONSENT_PURPOSES }) purpose: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid', description: 'null: any organisation' })
  recipientOrganizationId: string | null;
  @ApiProperty({ enum: CONSENT_GIVERS }) givenBy: string;
  @ApiPropertyOptional({ nullable: true, type: String }) guardianName: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) guardianRelation: string | null;
  @ApiProperty({ format: 'date' }) givenOn: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) expiresOn: string | null;
  @ApiProperty() evidenceReference: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) recordedBy: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) recordedByOrganizationId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) revokedAt: Date | null;
  @ApiPropertyOptional({ nullable: true, type: String }) revocationReason: string | null;
  @ApiProperty({ description: 'Holds today (local day of the person’s region): not revoked, given, not expired' })
  active: boolean;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class ConsentPage extends PageOf(ConsentResponse) {}
