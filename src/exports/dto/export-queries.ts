import { OmitType } from '@nestjs/swagger';
import { ListBusinessesQuery } from '../../businesses/dto/business.dto';
import { ListCasesQuery } from '../../cases/dto/case.dto';
import { ListAssetsQuery, ListBudgetsQuery, ListGrantsQuery } from '../../grants/dto/grant.dto';
import { ListOrganizationsQuery } from '../../organizations/dto/organization.dto';
import { ListServicesQuery } from '../../organizations/dto/service.dto';
import { ListPasungCasesQuery } from '../../pasung/dto/pasung-case.response';
import { ListPersonsQuery } from '../../persons/dto/person.response';
import { ListReferralsQuery } from '../../referrals/dto/referral.dto';
import { ListTrainingsQuery } from '../../trainings/dto/training.dto';

/*
 * Each export takes exactly the filters of its list, with the same validation (OmitType copies the class-validator
 * and class-transformer rules), and no paging: an export is every page. `limit` or `cursor` → 400, like any
 * unknown query parameter.
 */
const PAGING = ['limit', 'cursor'] as const;

export class ExportPersonsQuery extends OmitType(ListPersonsQuery, PAGING) {}
export class ExportCasesQuery extends OmitType(ListCasesQuery, PAGING) {}
export class ExportReferralsQuery extends OmitType(ListReferralsQuery, PAGING) {}
export class ExportGrantsQuery extends OmitType(ListGrantsQuery, PAGING) {}
export class ExportBudgetsQuery extends OmitType(ListBudgetsQuery, PAGING) {}
export class ExportAssetsQuery extends OmitType(ListAssetsQuery, PAGING) {}
export class ExportBusinessesQuery extends OmitType(ListBusinessesQuery, PAGING) {}
export class ExportPasungCasesQuery extends OmitType(ListPasungCasesQuery, PAGING) {}
export class ExportTrainingsQuery extends OmitType(ListTrainingsQuery, PAGING) {}
export class ExportOrganizationsQuery extends OmitType(ListOrganizationsQuery, PAGING) {}
export class ExportServicesQuery extends OmitType(ListServicesQuery, PAGING) {}
