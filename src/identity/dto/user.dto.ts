import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEnum, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { PageOf, PageQuery } from '../../common/pagination/pagination';
import { Role } from '../permissions';
import { MIN_PASSWORD_LENGTH } from '../secrets';
import { User } from '../user.entity';

const lower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class CreateUserDto {
  @ApiProperty({ example: 'operator.kotakediri', description: '3–64 characters: a–z, 0–9, dot, dash, underscore' })
  @Transform(lower)
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{2,63}$/)
  username: string;

  @ApiProperty({ example: 'Operator Dinsos Kota Kediri' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName: string;

  @ApiProperty({ enum: Role })
  @IsEnum(Role)
  role: Role;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  organizationId: string;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH, maxLength: 200 })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(200)
  password: string;
}

export class UpdateUserDto extends PartialType(
  PickType(CreateUserDto, ['displayName', 'role', 'organizationId', 'password'] as const),
) {
  @ApiPropertyOptional({ enum: ['ACTIVE', 'DISABLED'] })
  @IsOptional()
  @IsIn(['ACTIVE', 'DISABLED'])
  status?: 'ACTIVE' | 'DISABLED';
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MaxLength(200)
  currentPassword: string;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH, maxLength: 200 })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(200)
  newPassword: string;
}

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: Role })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional({ enum: ['ACTIVE', 'DISABLED'] })
  @IsOptional()
  @IsIn(['ACTIVE', 'DISABLED'])
  status?: 'ACTIVE' | 'DISABLED';
}

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: Role }) role: Role;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty({ enum: ['ACTIVE', 'DISABLED'] }) status: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) lastLoginAt: Date | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;

  static of(u: User): UserResponse {
    return {
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      organizationId: u.organizationId,
      status: u.status,
      lastLoginAt: u.lastLoginAt,
      version: u.version,
      createdAt: u.createdAt,
      updatedAt: u.updatedAt,
    };
  }
}

export class MeResponse {
  @ApiProperty({ enum: ['user', 'client'] }) kind: string;
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: Role }) role: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty({ type: [String] }) permissions: string[];
  @ApiPropertyOptional({ type: UserResponse }) user?: UserResponse;
}

export class UserPage extends PageOf(UserResponse) {}
