import { Body, Controller, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Ctx, RequestContext } from '../common/context/request-context';
import { ApiProblems } from '../common/http/api-docs';
import { OwnTransactions, SkipIdempotency } from '../common/idempotency/transaction.interceptor';
import { AuthService } from './auth.service';
import { Public, RequirePermissions } from './decorators';
import { LoginDto, LogoutDto, OAuthErrorResponse, RefreshDto, TokenResponse } from './dto/auth.dto';
import { OAuthTokenService } from './oauth-token.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly oauth: OAuthTokenService,
  ) {}

  @Post('login')
  @Public()
  @SkipIdempotency()
  @OwnTransactions()
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in with username and password; 5 failures lock the username for 15 minutes' })
  @ApiOkResponse({ type: TokenResponse })
  @ApiProblems(400, 401, 429)
  async login(
    @Ctx() ctx: RequestContext,
    @Body() dto: LoginDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenResponse> {
    void reply.header('cache-control', 'no-store');
    return this.auth.login(ctx, dto);
  }

  @Post('refresh')
  @Public()
  @SkipIdempotency()
  @OwnTransactions()
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for new tokens (rotation; a reused token revokes its family)' })
  @ApiOkResponse({ type: TokenResponse })
  @ApiProblems(400, 401, 429)
  async refresh(
    @Ctx() ctx: RequestContext,
    @Body() dto: RefreshDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenResponse> {
    void reply.header('cache-control', 'no-store');
    return this.auth.refresh(ctx, dto.refresh_token);
  }

  @Post('logout')
  @RequirePermissions()
  @SkipIdempotency()
  @HttpCode(204)
  @ApiOperation({ summary: 'End this session (with refresh_token) or every session of the caller' })
  @ApiResponse({ status: 204, description: 'Logged out' })
  @ApiProblems(400, 401)
  async logout(@Ctx() ctx: RequestContext, @Body() dto: LogoutDto): Promise<void> {
    await this.auth.logout(ctx, dto.refresh_token);
  }

  @Post('token')
  @Public()
  @SkipIdempotency()
  @OwnTransactions()
  @ApiOperation({
    summary:
      'OAuth2 token endpoint, client_credentials grant (RFC 6749 §4.4); credentials by HTTP Basic or in the body',
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['grant_type'],
      properties: {
        grant_type: { type: 'string', enum: ['client_credentials'] },
        scope: { type: 'string', description: 'Space-separated subset of the client scopes' },
        client_id: { type: 'string' },
        client_secret: { type: 'string' },
      },
    },
  })
  @ApiOkResponse({ type: TokenResponse })
  @ApiResponse({ status: 400, type: OAuthErrorResponse, description: 'RFC 6749 §5.2 error' })
  @ApiResponse({ status: 401, type: OAuthErrorResponse, description: 'invalid_client' })
  @ApiProblems(429)
  async token(
    @Ctx() ctx: RequestContext,
    @Headers('content-type') contentType: string | undefined,
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const result = await this.oauth.token(ctx, contentType, authorization, body);
    void reply.status(result.status).headers(result.headers);
    return result.body;
  }
}
