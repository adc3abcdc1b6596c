import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';
import { PageQuery } from '../../common/pagination/pagination';
import { RESOURCE_ID, RESOURCE_TYPE } from '../audit-entry';
import { AUDIT_ACTIONS, AuditAction } from '../audit-event.entity';

// RFC 3339 date-time with an explicit offset: a bare date or local time would be ambiguous across WIB and WITA.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;

export class ListAuditEventsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'The user or API client that acted' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The person the events are about' })
  @IsOptional()
  @IsUUID()
  personId?: string;

  @ApiPropertyOptional({ example: 'person', description: 'Kind of resource, lower-case' })
  @IsOptional()
  @Matches(RESOURCE_TYPE)
  resourceType?: string;

  @ApiPropertyOptional({ description: 'Id of the resource (usually a UUID; a code for reference data)' })
  @IsOptional()
  @Matches(RESOURCE_ID)
  resourceId?: string;

  @ApiPropertyOptional({ enum: AUDIT_ACTIONS })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS)
  action?: AuditAction;

  @ApiPropertyOptional({ format: 'date-time', example: '2025-01-01T00:00:00+07:00', description: 'Events at or after' })
  @IsOptional()
  @Matches(DATE_TIME)
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2025-01-31T23:59:59+07:00',
    description: 'Events at or before',
  })
  @IsOptional()
  @Matches(DATE_TIME)
  @IsISO8601({ strict: true })
  to?: string;
}
