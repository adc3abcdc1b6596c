import { Column, Entity } from 'typeorm';
import { BaseEntity } from '../database/base.entity';
import {
  DataSubjectRequestChannel,
  DataSubjectRequestKind,
  DataSubjectRequestResponse,
  DataSubjectRequestStatus,
} from './dto/data-subject-request.dto';

/** A request of a data subject under UU PDP, with the deadline the law sets for answering it. */
@Entity('data_subject_requests')
export class DataSubjectRequest extends BaseEntity {
  @Column({ type: 'uuid' }) personId: string;
  @Column({ type: 'varchar', length: 20 }) kind: DataSubjectRequestKind;
  @Column({ type: 'varchar', length: 30, nullable: true }) channel: DataSubjectRequestChannel | null;
  @Column({ type: 'varchar', length: 2000, nullable: true }) description: string | null;
  @Column({ type: 'timestamptz' }) receivedAt: Date;
  @Column({ type: 'timestamptz' }) dueAt: Date;
  @Column({ type: 'varchar', length: 10, default: 'OPEN' }) status: DataSubjectRequestStatus;
  @Column({ type: 'timestamptz', nullable: true }) resolvedAt: Date | null;
  @Column({ type: 'varchar', length: 2000, nullable: true }) resolution: string | null;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) changedFields: string[];
  @Column({ type: 'uuid', nullable: true }) recordedBy: string | null;
  @Column({ type: 'uuid', nullable: true }) recordedByOrganizationId: string | null;
}

export function toRequestResponse(r: DataSubjectRequest, now = Date.now()): DataSubjectRequestResponse {
  return {
    id: r.id,
    personId: r.personId,
    kind: r.kind,
    channel: r.channel,
    description: r.description,
    receivedAt: r.receivedAt,
    dueAt: r.dueAt,
    status: r.status,
    overdue: r.status === 'OPEN' && r.dueAt.getTime() < now,
    resolvedAt: r.resolvedAt,
    resolution: r.resolution,
    changedFields: r.changedFields,
    recordedBy: r.recordedBy,
    recordedByOrganizationId: r.recordedByOrganizationId,
    version: r.version,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}
