import { Global, Module, OnApplicationBootstrap } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { ApiClient } from './api-client.entity';
import { ApiClientsController } from './api-clients.controller';
import { ApiClientsService } from './api-clients.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtStrategy } from './jwt.strategy';
import { OAuthTokenService } from './oauth-token.service';
import { RateLimiter } from './rate-limiter.service';
import { ScopePolicy } from './scope-policy.service';
import { TokenService } from './token.service';
import { User } from './user.entity';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([User, ApiClient]), PassportModule],
  controllers: [AuthController, UsersController, ApiClientsController],
  providers: [
    AuthService,
    OAuthTokenService,
    UsersService,
    ApiClientsService,
    TokenService,
    RateLimiter,
    ScopePolicy,
    JwtStrategy,
  ],
  exports: [ScopePolicy, RateLimiter],
})
export class IdentityModule implements OnApplicationBootstrap {
  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.bootstrapAdminPassword) await this.users.bootstrapAdmin(this.config.bootstrapAdminPassword);
  }
}
