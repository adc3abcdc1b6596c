import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { PageInfo, PageOf, PageQuery } from '../../common/pagination/pagination';
import { REPORT_SOURCES, RESTRAINT_TYPES } from '../pasung-case.entity';
import { PASUNG_STATUSES, PasungStatus } from '../pasung-status';

export class PasungPersonView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ enum: ['M', 'F'] }) sex: string;
}

export class FamilyContactView {
  @ApiProperty() name: string;
  @ApiProperty() relation: string;
  @ApiPropertyOptional({ nullable: true, type: String }) phone: string | null;
}

export class PasungEventDetailsView {
  @ApiPropertyOptional({ nullable: true, type: String }) releaseTeam: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) hospitalName: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) uptOrganizationId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) causeOfDeath: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) caseId: string | null;
}

export class PasungEventView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Order of recording; breaks ties between events of one day' }) seq: number;
  @ApiProperty({ enum: PASUNG_STATUSES }) status: PasungStatus;
  @ApiProperty({ format: 'date' }) occurredOn: string;
  @ApiPropertyOptional({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ type: PasungEventDetailsView }) details: PasungEventDetailsView;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) recordedBy: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) recordedByOrganizationId: string | null;
  @ApiProperty() createdAt: Date;
}

export class PasungCaseResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: PasungPersonView }) person: PasungPersonView;
  @ApiProperty({ example: '3571011010' }) villageCode: string;
  @ApiProperty({ example: '3571' }) regencyCode: string;
  @ApiProperty({ format: 'date' }) reportedOn: string;
  @ApiProperty({ enum: REPORT_SOURCES }) reportSource: string;
  @ApiPropertyOptional({ nullable: true, type: String }) reportSourceDetail: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'null: not known' }) shackledMonths: number | null;
  @ApiProperty({ enum: RESTRAINT_TYPES }) restraintType: string;
  @ApiPropertyOptional({ nullable: true, type: String }) restraintDetail: string | null;
  @ApiPropertyOptional({ nullable: true, type: FamilyContactView }) familyContact: FamilyContactView | null;
  @ApiProperty({ format: 'uuid' }) managingOrganizationId: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) caseId: string | null;
  @ApiProperty({ enum: PASUNG_STATUSES, description: 'Status of the latest event (by date, ties: the later recorded)' })
  currentStatus: PasungStatus;
  @ApiProperty({ format: 'date' }) currentStatusOn: string;
  @ApiProperty({ enum: PASUNG_STATUSES, isArray: true, description: 'Statuses an event may record next' })
  nextStatuses: PasungStatus[];
  @ApiProperty() version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

/** A case with the event that set its current status: answered by GET, POST, PATCH and POST …/events. */
export class PasungCaseDetailResponse extends PasungCaseResponse {
  @ApiProperty({ type: PasungEventView }) currentEvent: PasungEventView;
}

export class PasungCasePage extends PageOf(PasungCaseResponse) {}

export class PasungTimelinePage {
  @ApiProperty({ type: [PasungEventView], description: 'Oldest first: by date, ties by order of recording' })
  data: PasungEventView[];
  @ApiProperty({ type: PageInfo }) page: PageInfo;
}

export class ListPasungCasesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PASUNG_STATUSES, description: 'Current status' })
  @IsOptional()
  @IsIn(PASUNG_STATUSES)
  status?: PasungStatus;

  @ApiPropertyOptional({
    description: 'Region where found, any level (province, regency, district, village)',
    example: '3571',
  })
  @IsOptional()
  @Matches(/^(\d{2}|\d{4}|\d{6}|\d{10})$/)
  region?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Pasung cases of one person' })
  @IsOptional()
  @IsUUID()
  personId?: string;
}

export class PasungStatsQuery {
  @ApiPropertyOptional({ example: '35', description: "Province code (default: the caller's province)" })
  @IsOptional()
  @Matches(/^\d{2}$/)
  province?: string;
}

export class PasungStatusCounts {
  @ApiProperty() MASIH_TERPASUNG: number;
  @ApiProperty() BEBAS_PASUNG: number;
  @ApiProperty() PERAWATAN: number;
  @ApiProperty() REHABILITASI: number;
  @ApiProperty() KEMBALI_KE_KELUARGA: number;
  @ApiProperty() REPASUNG: number;
  @ApiProperty() MENINGGAL: number;
}

export class PasungRegencyStats {
  @ApiProperty({ example: '3571' }) regencyCode: string;
  @ApiProperty({ example: 'Kota Kediri' }) regencyName: string;
  @ApiProperty({ type: PasungStatusCounts, description: 'Cases by current status' }) byStatus: PasungStatusCounts;
  @ApiProperty({ description: 'Cases' }) total: number;
  @ApiProperty({ description: 'Cases with a BEBAS_PASUNG event, whatever their status now' }) everFreed: number;
  @ApiProperty({ description: 'Cases with a REPASUNG event (initial or later), whatever their status now' })
  everRepasung: number;
}

export class PasungStatsResponse {
  @ApiProperty({ example: '35' }) province: string;
  @ApiProperty({ format: 'date', description: "The province's local day the figures were counted" }) asOf: string;
  @ApiProperty({ type: [PasungRegencyStats], description: 'Regencies with at least one case, by code' })
  regencies: PasungRegencyStats[];
  @ApiProperty({ type: PasungRegencyStats, description: 'The whole province (regencyCode is the province code)' })
  total: PasungRegencyStats;
}
