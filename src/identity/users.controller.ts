import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext } from '../common/context/request-context';
import { ApiIdempotent, ApiProblems } from '../common/http/api-docs';
import { IfMatch, IfMatchVersion, RequiresIfMatch, WithEtag } from '../common/http/etag';
import { Page } from '../common/pagination/pagination';
import { RequirePermissions } from './decorators';
import {
  ChangePasswordDto,
  CreateUserDto,
  ListUsersQuery,
  MeResponse,
  UpdateUserDto,
  UserPage,
  UserResponse,
} from './dto/user.dto';
import { Permission } from './permissions';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  @RequirePermissions()
  @ApiOperation({ summary: 'Who the caller is: role, organisation and permissions' })
  @ApiOkResponse({ type: MeResponse })
  @ApiProblems(401)
  me(@Ctx() ctx: RequestContext): Promise<MeResponse> {
    return this.users.me(ctx);
  }

  @Post('me/password')
  @RequirePermissions()
  @HttpCode(204)
  @ApiOperation({ summary: 'Change your own password (ends your other sessions)' })
  @ApiResponse({ status: 204, description: 'Changed' })
  @ApiProblems(400, 401, 403)
  async changePassword(@Ctx() ctx: RequestContext, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.users.changePassword(ctx, dto);
  }

  @Post('users')
  @RequirePermissions(Permission.USERS_WRITE)
  @WithEtag()
  @ApiIdempotent()
  @ApiOperation({ summary: 'Create a user' })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiProblems(400, 401, 403, 409, 422)
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateUserDto): Promise<UserResponse> {
    return this.users.create(ctx, dto);
  }

  @Get('users')
  @RequirePermissions(Permission.USERS_READ)
  @ApiOperation({ summary: 'List users in your scope' })
  @ApiOkResponse({ type: UserPage })
  @ApiProblems(400, 401, 403)
  list(@Ctx() ctx: RequestContext, @Query() query: ListUsersQuery): Promise<Page<UserResponse>> {
    return this.users.list(ctx, query);
  }

  @Get('users/:id')
  @RequirePermissions(Permission.USERS_READ)
  @WithEtag()
  @ApiOperation({ summary: 'Get a user' })
  @ApiOkResponse({ type: UserResponse })
  @ApiProblems(401, 403, 404)
  get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<UserResponse> {
    return this.users.get(ctx, id);
  }

  @Patch('users/:id')
  @RequirePermissions(Permission.USERS_WRITE)
  @WithEtag()
  @RequiresIfMatch()
  @ApiOperation({ summary: 'Change a user: name, role, organisation, status (ACTIVE/DISABLED) or password' })
  @ApiOkResponse({ type: UserResponse })
  @ApiProblems(400, 401, 403, 404, 412, 422, 428)
  update(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @IfMatch() expected: IfMatchVersion,
    @Body() dto: UpdateUserDto,
  ): Promise<UserResponse> {
    return this.users.update(ctx, id, expected, dto);
  }
}
