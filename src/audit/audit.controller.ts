import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext } from '../common/context/request-context';
import { ApiProblems } from '../common/http/api-docs';
import { Page } from '../common/pagination/pagination';
import { RequirePermissions } from '../identity/decorators';
import { Permission } from '../identity/permissions';
import { AuditVerifyReport } from './audit-chain';
import { AuditService } from './audit.service';
import { AuditEventPage, AuditEventResponse, AuditVerifyResponse } from './dto/audit-event.response';
import { ListAuditEventsQuery } from './dto/list-audit-events.query';

@ApiTags('audit')
@Controller()
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('audit-events')
  @RequirePermissions(Permission.AUDIT_READ)
  @ApiOperation({ summary: 'List audit events by actor, person, resource, action and time, oldest first' })
  @ApiOkResponse({ type: AuditEventPage })
  @ApiProblems(400, 401, 403)
  list(@Ctx() ctx: RequestContext, @Query() query: ListAuditEventsQuery): Promise<Page<AuditEventResponse>> {
    return this.audit.list(ctx, query);
  }

  @Get('audit/verify')
  @RequirePermissions(Permission.AUDIT_VERIFY)
  @ApiOperation({ summary: 'Recompute the audit hash chain and report the first broken link and the unsealed events' })
  @ApiOkResponse({ type: AuditVerifyResponse })
  @ApiProblems(401, 403)
  verify(): Promise<AuditVerifyReport> {
    return this.audit.verify();
  }
}
