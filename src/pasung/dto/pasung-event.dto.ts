import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PASUNG_STATUSES, PasungStatus } from '../pasung-status';
import { DATE, trim } from './pasung-case-input.dto';

/** Details that belong to one status each (docs/pasung.md); a detail given with another status is refused. */
export class PasungEventDetailsInput {
  @ApiPropertyOptional({
    maxLength: 500,
    example: 'JSC, Dinsos Kota Kediri, Puskesmas Sukorame, Babinsa',
    description: 'BEBAS_PASUNG',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  releaseTeam?: string;

  @ApiPropertyOptional({ maxLength: 200, example: 'RSJ Menur', description: 'PERAWATAN' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  hospitalName?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'REHABILITASI: the UPT where the person is placed' })
  @IsOptional()
  @IsUUID()
  uptOrganizationId?: string;

  @ApiPropertyOptional({ maxLength: 500, description: 'MENINGGAL' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  causeOfDeath?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'PERAWATAN or REHABILITASI: links the rehabilitation case of the same person',
  })
  @IsOptional()
  @IsUUID()
  caseId?: string;
}

export class CreatePasungEventDto {
  @ApiProperty({ enum: PASUNG_STATUSES })
  @IsIn(PASUNG_STATUSES)
  status: PasungStatus;

  @ApiProperty({ format: 'date', example: '2026-03-10', description: 'Not in the future (the region’s local day)' })
  @IsString()
  @Matches(DATE)
  @IsISO8601({ strict: true })
  occurredOn: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({ type: PasungEventDetailsInput })
  @IsOptional()
  @ValidateNested()
  @Type(() => PasungEventDetailsInput)
  details?: PasungEventDetailsInput;
}
