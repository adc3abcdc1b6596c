import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  refresh_token: string;
}

export class LogoutDto {
  @ApiPropertyOptional({ description: 'Ends this session only; without it every session of the user ends' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  refresh_token?: string;
}

export class TokenResponse {
  @ApiProperty() access_token: string;
  @ApiProperty({ example: 'Bearer' }) token_type: 'Bearer';
  @ApiProperty({ example: 900 }) expires_in: number;
  @ApiPropertyOptional() refresh_token?: string;
  @ApiPropertyOptional({ description: 'Granted scopes (client credentials)' }) scope?: string;
}

export class OAuthErrorResponse {
  @ApiProperty({
    enum: [
      'invalid_request',
      'invalid_client',
      'invalid_grant',
      'unauthorized_client',
      'unsupported_grant_type',
      'invalid_scope',
    ],
  })
  error: string;
  @ApiPropertyOptional() error_description?: string;
}
