import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';

/**
 * Documents of the Open Referral HSDS 3.0 feed. Property names are HSDS's (snake_case); a field we do not hold is
 * left out, never sent as null, because the HSDS schemas type every field without null.
 */

export interface HsdsTaxonomyTerm {
  id: string;
  code: string;
  name: string;
  description: string;
  taxonomy: string;
  language: string;
}

export interface HsdsAttribute {
  id: string;
  link_id: string;
  link_entity: string;
  taxonomy_term_id: string;
  taxonomy_term: HsdsTaxonomyTerm;
  value?: string;
}

export interface HsdsPhone {
  id: string;
  number: string;
  organization_id?: string;
  service_id?: string;
  contact_id?: string;
}

export interface HsdsContact {
  id: string;
  service_id: string;
  name?: string;
  email?: string;
  phones: HsdsPhone[];
}

export interface HsdsSchedule {
  id: string;
  service_id: string;
  description: string;
}

export interface HsdsServiceArea {
  id: string;
  service_id: string;
  name: string;
  description: string;
}

export interface HsdsLocation {
  id: string;
  location_type: 'physical';
  organization_id: string;
  name: string;
  description: string;
}

/** organization_list.json: the one-to-one fields of an organisation. */
export interface HsdsOrganizationListItem {
  id: string;
  name: string;
  description: string;
  email?: string;
  parent_organization_id?: string;
}

/** service_list.json: the one-to-one fields of a service, with its organisation. */
export interface HsdsServiceListItem {
  id: string;
  organization_id: string;
  name: string;
  description?: string;
  email?: string;
  status: 'active';
  eligibility_description?: string;
  alert?: string;
  last_modified: string;
  organization?: HsdsOrganizationListItem;
}

/** service.json: the service with everything we hold about it. */
export interface HsdsService extends HsdsServiceListItem {
  phones: HsdsPhone[];
  contacts: HsdsContact[];
  schedules: HsdsSchedule[];
  service_areas: HsdsServiceArea[];
  attributes: HsdsAttribute[];
}

/** organization.json: the organisation with its phones, location and services. */
export interface HsdsOrganization extends HsdsOrganizationListItem {
  phones: HsdsPhone[];
  locations: HsdsLocation[];
  services: HsdsServiceListItem[];
}

/** HSDS's paginated list (the `Page` schema of the HSDS OpenAPI, plus `contents`). */
export interface HsdsPage<T> {
  total_items: number;
  total_pages: number;
  page_number: number;
  /** The number of entities in this page, as the HSDS OpenAPI defines it. */
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: T[];
}

export const HSDS_MAX_PER_PAGE = 200;
export const HSDS_DEFAULT_PER_PAGE = 50;

/** HSDS pages by number (`?page=&per_page=`), unlike the rest of the API's cursors: the HSDS API prescribes it. */
export class HsdsPageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 10000, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: HSDS_MAX_PER_PAGE, default: HSDS_DEFAULT_PER_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(HSDS_MAX_PER_PAGE)
  per_page?: number;

  @ApiPropertyOptional({ description: 'Part of the name; case and accents are ignored' })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  search?: string;
}

export class HsdsServicesQuery extends HsdsPageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Services of this organisation' })
  @IsOptional()
  @IsUUID()
  organization_id?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "Services with this taxonomy term (a category's term id)" })
  @IsOptional()
  @IsUUID()
  taxonomy_term_id?: string;
}

const SCHEMA_BASE = 'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/compiled';

/** The HSDS list envelope, for the OpenAPI document; `contents` follows the HSDS schema named in its description. */
export class HsdsPageDocument {
  @ApiProperty() total_items: number;
  @ApiProperty() total_pages: number;
  @ApiProperty() page_number: number;
  @ApiProperty({ description: 'Number of entities in this page' }) size: number;
  @ApiProperty() first_page: boolean;
  @ApiProperty() last_page: boolean;
  @ApiProperty() empty: boolean;
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'HSDS 3.0 documents' })
  contents: object[];
}

export const HSDS_SCHEMA_URLS = {
  organization: `${SCHEMA_BASE}/organization.json`,
  organizationList: `${SCHEMA_BASE}/organization_list.json`,
  service: `${SCHEMA_BASE}/service.json`,
  serviceList: `${SCHEMA_BASE}/service_list.json`,
};
