import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PageOf, PageQuery } from '../../common/pagination/pagination';
import { ApiClient } from '../api-client.entity';
import { Permission, Role } from '../permissions';

export class CreateApiClientDto {
  @ApiProperty({ example: 'SIKS Kota Kediri' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  organizationId: string;

  @ApiProperty({ enum: Permission, isArray: true, example: ['regions:read', 'organizations:read'] })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsEnum(Permission, { each: true })
  scopes: Permission[];
}

export class ListApiClientsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;
}

export class ApiClientResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() client_id: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty({ enum: Role }) role: string;
  @ApiProperty({ type: [String] }) scopes: string[];
  @ApiProperty({ enum: ['ACTIVE', 'REVOKED'] }) status: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) lastUsedAt: Date | null;
  @ApiProperty() secretRotatedAt: Date;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: Date;

  static of(c: ApiClient): ApiClientResponse {
    return {
      id: c.id,
      client_id: c.clientId,
      name: c.name,
      organizationId: c.organizationId,
      role: c.role,
      scopes: c.scopes,
      status: c.status,
      lastUsedAt: c.lastUsedAt,
      secretRotatedAt: c.secretRotatedAt,
      version: c.version,
      createdAt: c.createdAt,
    };
  }
}

export class ApiClientWithSecretResponse extends ApiClientResponse {
  @ApiProperty({ description: 'Shown once; only its hash is stored' }) client_secret: string;
}

export class ApiClientPage extends PageOf(ApiClientResponse) {}
