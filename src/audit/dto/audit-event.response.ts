import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { PageInfo } from '../../common/pagination/pagination';
import { BREAK_REASONS, BreakReason } from '../audit-chain';
import { ACTOR_KINDS, ActorKind, AUDIT_ACTIONS, AuditEvent } from '../audit-event.entity';

export class AuditEventResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Order of recording; the list is sorted by it' }) seq: number;
  @ApiProperty({ format: 'date-time' }) occurredAt: Date;
  @ApiProperty({ enum: ACTOR_KINDS }) actorKind: ActorKind;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) actorId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) actorName: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid', description: 'On behalf of which organisation' })
  organizationId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) role: string | null;
  @ApiProperty({ enum: AUDIT_ACTIONS }) action: string;
  @ApiProperty({ example: 'person' }) resourceType: string;
  @ApiPropertyOptional({ nullable: true, type: String }) resourceId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) personId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'X-Purpose header, or the endpoint default' })
  purpose: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) requestId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) ip: string | null;
  @ApiProperty({ type: [String], description: 'Names of the fields a write changed (never their values)' })
  changedFields: string[];

  static of(e: AuditEvent): AuditEventResponse {
    return {
      id: e.id,
      seq: e.seq,
      occurredAt: e.occurredAt,
      actorKind: e.actorKind,
      actorId: e.actorId,
      actorName: e.actorName,
      organizationId: e.organizationId,
      role: e.role,
      action: e.action,
      resourceType: e.resourceType,
      resourceId: e.resourceId,
      personId: e.personId,
      purpose: e.purpose,
      requestId: e.requestId,
      ip: e.ip,
      changedFields: e.changedFields,
    };
  }
}

export class AuditEventPage {
  @ApiProperty({ type: [AuditEventResponse] }) data: AuditEventResponse[];
  @ApiProperty({ type: PageInfo }) @Type(() => PageInfo) page: PageInfo;
}

export class AuditChainHead {
  @ApiProperty() position: number;
  @ApiProperty({ example: 'a3f1…', description: 'sha256, hex' }) hash: string;
}

export class AuditVerifyResponse {
  @ApiProperty({ description: 'True when every sealed link recomputes' }) ok: boolean;
  @ApiProperty({ description: 'Links found intact' }) checked: number;
  @ApiPropertyOptional() firstBrokenPosition?: number;
  @ApiPropertyOptional({ format: 'uuid' }) firstBrokenEventId?: string;
  @ApiPropertyOptional({ enum: BREAK_REASONS }) reason?: BreakReason;
  @ApiProperty({ description: 'Committed events not yet linked into the chain' }) unsealed: number;
  @ApiPropertyOptional({
    type: AuditChainHead,
    nullable: true,
    description: 'Last intact link, to keep outside the database',
  })
  head: AuditChainHead | null;
}
