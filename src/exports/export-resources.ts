import { Injectable } from '@nestjs/common';
import { BusinessResponse } from '../businesses/dto/business.dto';
import { BusinessesService } from '../businesses/businesses.service';
import { CaseResponse } from '../cases/dto/case.dto';
import { CasesService } from '../cases/cases.service';
import { TableColumn } from '../common/tabular';
import { AssetsService } from '../grants/assets.service';
import { BudgetsService } from '../grants/budgets.service';
import { AssetResponse, BudgetResponse, GrantResponse } from '../grants/dto/grant.dto';
import { GrantsService } from '../grants/grants.service';
import { OrganizationResponse } from '../organizations/dto/organization.dto';
import { ServiceResponse } from '../organizations/dto/service.dto';
import { OrganizationsService } from '../organizations/organizations.service';
import { ServicesService } from '../organizations/services.service';
import { PasungCaseResponse } from '../pasung/dto/pasung-case.response';
import { PasungCasesService } from '../pasung/pasung-cases.service';
import { PersonResponse } from '../persons/dto/person.response';
import { PersonsService } from '../persons/persons.service';
import { ReferralResponse } from '../referrals/dto/referral.dto';
import { ReferralsService } from '../referrals/referrals.service';
import { TrainingResponse } from '../trainings/dto/training.dto';
import { TrainingsService } from '../trainings/trainings.service';
import {
  ExportAssetsQuery,
  ExportBudgetsQuery,
  ExportBusinessesQuery,
  ExportCasesQuery,
  ExportGrantsQuery,
  ExportOrganizationsQuery,
  ExportPasungCasesQuery,
  ExportPersonsQuery,
  ExportReferralsQuery,
  ExportServicesQuery,
  ExportTrainingsQuery,
} from './dto/export-queries';
import { ExportResource } from './export-resource';

/*
 * Columns are the fields of each list's JSON items, flattened: the header is the field's path in the JSON
 * (`domicile.villageCode`), so a file and the API name things the same way. Lists of values become one cell joined
 * with "; ". Fields that are the same on every listed row (a person list shows only ACTIVE, unrestricted people) or
 * only serve a user interface (`allowedActions`, `nextStatuses`) are left out. docs/exports.md lists them.
 */

const audit = [
  { key: 'version', type: 'number' },
  { key: 'createdAt', type: 'datetime' },
  { key: 'updatedAt', type: 'datetime' },
] as const;

const PERSON_COLUMNS: TableColumn<PersonResponse>[] = [
  { key: 'id' },
  { key: 'fullName', width: 32 },
  { key: 'aliases' },
  { key: 'sex', width: 6 },
  { key: 'birthDate', type: 'date' },
  { key: 'birthDatePrecision' },
  { key: 'birthPlace' },
  // Masked (3571********0001) unless the caller holds persons:pii: the same view as the list's.
  { key: 'nik', width: 20 },
  { key: 'identityStatus' },
  { key: 'identityVerifiedAt', type: 'datetime' },
  { key: 'domicile.villageCode', width: 14 },
  { key: 'phone' },
  { key: 'disabilities' },
  { key: 'ppksCategories', value: (p) => p.ppksCategories.map((c) => c.code) },
  { key: 'guardian.name' },
  { key: 'guardian.relation' },
  { key: 'guardian.phone' },
  { key: 'guardian.nik', width: 20 },
  { key: 'externalIds.dtksId' },
  { key: 'externalIds.dtsenDecile', type: 'number' },
  { key: 'externalIds.dtsenAsOf', type: 'date' },
  { key: 'legalHold', type: 'boolean' },
  { key: 'registeredByOrganizationId' },
  ...audit,
];

const CASE_COLUMNS: TableColumn<CaseResponse>[] = [
  { key: 'id' },
  { key: 'personId' },
  { key: 'managingOrganizationId' },
  { key: 'kind' },
  { key: 'ppksCategory' },
  { key: 'severity' },
  { key: 'stage' },
  { key: 'status' },
  { key: 'openedOn', type: 'date' },
  { key: 'closedOn', type: 'date' },
  { key: 'outcome' },
  { key: 'closingNote' },
  { key: 'parentCaseId' },
  { key: 'assignedWorkerIds' },
  { key: 'residence.organizationId' },
  { key: 'residence.admittedOn', type: 'date' },
  { key: 'residence.ward' },
  { key: 'residence.dischargedOn', type: 'date' },
  { key: 'residence.destinationVillageCode' },
  { key: 'residence.receivingName' },
  { key: 'residence.receivingRelation' },
  { key: 'residence.dischargeReason' },
  { key: 'longStay', type: 'boolean' },
  ...audit,
];

const REFERRAL_COLUMNS: TableColumn<ReferralResponse>[] = [
  { key: 'id' },
  { key: 'fromOrganizationId' },
  { key: 'toOrganizationId' },
  // A partner's view of the person (name, sex, age, village, contact) is all any caller gets in a referral.
  { key: 'person.id' },
  { key: 'person.name', width: 32 },
  { key: 'person.sex', width: 6 },
  { key: 'person.age', type: 'number', width: 6 },
  { key: 'person.villageCode' },
  { key: 'person.villageName' },
  { key: 'person.contact' },
  { key: 'caseId' },
  { key: 'serviceId' },
  { key: 'escalationId' },
  { key: 'reason', width: 40 },
  { key: 'priority' },
  { key: 'transfer', type: 'boolean' },
  { key: 'status' },
  { key: 'statusChangedAt', type: 'datetime' },
  { key: 'respondBy', type: 'datetime' },
  { key: 'rejectionReasonCode' },
  { key: 'statusNote' },
  { key: 'outcomeNote' },
  { key: 'consentOverridden', type: 'boolean' },
  { key: 'version', type: 'number' },
  { key: 'createdAt', type: 'datetime' },
];

const GRANT_COLUMNS: TableColumn<GrantResponse>[] = [
  { key: 'id' },
  { key: 'personId' },
  { key: 'caseId' },
  { key: 'regencyCode' },
  { key: 'year', type: 'number' },
  { key: 'proposingOrganizationId' },
  { key: 'businessPlan', width: 40 },
  { key: 'statedSkill' },
  { key: 'items', width: 40, value: (g) => g.items.map((i) => `${i.quantity} x ${i.description}`) },
  { key: 'totalIdr', type: 'number' },
  { key: 'status' },
  { key: 'criteriaPassed', type: 'boolean' },
  { key: 'criteriaOverrideReason' },
  { key: 'budgetId' },
  { key: 'approvedAt', type: 'datetime' },
  { key: 'rejectionReason' },
  { key: 'bast.date', type: 'date' },
  { key: 'bast.receiverName' },
  { key: 'bast.witnessName' },
  { key: 'bast.documentReference' },
  { key: 'closedOn', type: 'date' },
  ...audit,
];

const BUDGET_COLUMNS: TableColumn<BudgetResponse>[] = [
  { key: 'id' },
  { key: 'regencyCode' },
  { key: 'year', type: 'number' },
  { key: 'totalIdr', type: 'number' },
  { key: 'approvedIdr', type: 'number' },
  { key: 'disbursedIdr', type: 'number' },
  { key: 'availableIdr', type: 'number' },
  { key: 'topUps.length', type: 'number' },
  ...audit,
];

const ASSET_COLUMNS: TableColumn<AssetResponse>[] = [
  { key: 'id' },
  { key: 'grantId' },
  { key: 'grantItemId' },
  { key: 'kind' },
  { key: 'description', width: 32 },
  { key: 'serialNumber' },
  { key: 'status' },
  { key: 'statusOn', type: 'date' },
  { key: 'version', type: 'number' },
];

const BUSINESS_COLUMNS: TableColumn<BusinessResponse>[] = [
  { key: 'id' },
  { key: 'personId' },
  { key: 'grantId' },
  { key: 'sector' },
  { key: 'name', width: 32 },
  { key: 'villageCode' },
  { key: 'startDate', type: 'date' },
  { key: 'workers', type: 'number' },
  { key: 'growth.status' },
  { key: 'growth.latestPeriod' },
  { key: 'growth.reportsInWindow', type: 'number' },
  { key: 'growth.recentAverageIdr', type: 'number' },
  { key: 'growth.previousAverageIdr', type: 'number' },
  { key: 'growth.changePercent', type: 'number' },
  { key: 'growth.silentMonths', type: 'number' },
  { key: 'graduationProposed', type: 'boolean' },
  { key: 'graduation.graduatedOn', type: 'date' },
  { key: 'graduation.note' },
  ...audit,
];

const PASUNG_COLUMNS: TableColumn<PasungCaseResponse>[] = [
  { key: 'id' },
  { key: 'person.id' },
  { key: 'person.fullName', width: 32 },
  { key: 'person.sex', width: 6 },
  { key: 'villageCode' },
  { key: 'regencyCode' },
  { key: 'reportedOn', type: 'date' },
  { key: 'reportSource' },
  { key: 'reportSourceDetail' },
  { key: 'shackledMonths', type: 'number' },
  { key: 'restraintType' },
  { key: 'restraintDetail' },
  { key: 'familyContact.name' },
  { key: 'familyContact.relation' },
  { key: 'familyContact.phone' },
  { key: 'managingOrganizationId' },
  { key: 'caseId' },
  { key: 'currentStatus' },
  { key: 'currentStatusOn', type: 'date' },
  ...audit,
];

const TRAINING_COLUMNS: TableColumn<TrainingResponse>[] = [
  { key: 'id' },
  { key: 'providerOrganizationId' },
  { key: 'skill' },
  { key: 'title', width: 32 },
  { key: 'venue.villageCode' },
  { key: 'venue.place' },
  { key: 'startsOn', type: 'date' },
  { key: 'endsOn', type: 'date' },
  { key: 'weekdays' },
  { key: 'capacity', type: 'number' },
  { key: 'enrolled', type: 'number' },
  { key: 'facilitators' },
  { key: 'minAttendancePercent', type: 'number' },
  // The days of the sessions still scheduled; cancelled ones are left out.
  { key: 'sessions', value: (t) => t.sessions.filter((s) => s.status === 'SCHEDULED').map((s) => s.date) },
  { key: 'version', type: 'number' },
  { key: 'createdAt', type: 'datetime' },
];

const ORGANIZATION_COLUMNS: TableColumn<OrganizationResponse>[] = [
  { key: 'id' },
  { key: 'code' },
  { key: 'name', width: 40 },
  { key: 'type' },
  { key: 'regionCode' },
  { key: 'address', width: 40 },
  { key: 'phone' },
  { key: 'email' },
  { key: 'parentId' },
  { key: 'capacity', type: 'number' },
  { key: 'ppksCategories' },
  { key: 'active', type: 'boolean' },
  { key: 'deactivatedAt', type: 'datetime' },
  ...audit,
];

const SERVICE_COLUMNS: TableColumn<ServiceResponse>[] = [
  { key: 'id' },
  { key: 'organizationId' },
  { key: 'name', width: 40 },
  { key: 'description', width: 40 },
  { key: 'category' },
  { key: 'eligibility' },
  { key: 'serviceArea' },
  { key: 'schedule' },
  { key: 'contact.name' },
  { key: 'contact.phone' },
  { key: 'contact.email' },
  { key: 'capacityStatus' },
  { key: 'capacityUpdatedAt', type: 'datetime' },
  { key: 'active', type: 'boolean' },
  { key: 'deactivatedAt', type: 'datetime' },
  ...audit,
];

/** Every exportable list, wired to its module's service. */
@Injectable()
export class ExportResources {
  readonly persons: ExportResource<ExportPersonsQuery, PersonResponse>;
  readonly cases: ExportResource<ExportCasesQuery, CaseResponse>;
  readonly referrals: ExportResource<ExportReferralsQuery, ReferralResponse>;
  readonly grants: ExportResource<ExportGrantsQuery, GrantResponse>;
  readonly budgets: ExportResource<ExportBudgetsQuery, BudgetResponse>;
  readonly assets: ExportResource<ExportAssetsQuery, AssetResponse>;
  readonly businesses: ExportResource<ExportBusinessesQuery, BusinessResponse>;
  readonly pasungCases: ExportResource<ExportPasungCasesQuery, PasungCaseResponse>;
  readonly trainings: ExportResource<ExportTrainingsQuery, TrainingResponse>;
  readonly organizations: ExportResource<ExportOrganizationsQuery, OrganizationResponse>;
  readonly services: ExportResource<ExportServicesQuery, ServiceResponse>;

  constructor(
    persons: PersonsService,
    cases: CasesService,
    referrals: ReferralsService,
    grants: GrantsService,
    budgets: BudgetsService,
    assets: AssetsService,
    businesses: BusinessesService,
    pasungCases: PasungCasesService,
    trainings: TrainingsService,
    organizations: OrganizationsService,
    services: ServicesService,
  ) {
    this.persons = {
      name: 'persons',
      columns: PERSON_COLUMNS,
      page: (ctx, query, cursor, limit) => persons.findPage(ctx, { ...query, cursor, limit }),
      audit: { resourceType: 'person', personId: (p) => p.id },
    };
    this.cases = {
      name: 'cases',
      columns: CASE_COLUMNS,
      page: (ctx, query, cursor, limit) => cases.findPage(ctx, { ...query, cursor, limit }),
      audit: { resourceType: 'case', personId: (c) => c.personId },
    };
    this.referrals = {
      name: 'referrals',
      columns: REFERRAL_COLUMNS,
      page: (ctx, query, cursor, limit) => referrals.findPage(ctx, { ...query, cursor, limit }),
      audit: { resourceType: 'referral', personId: (r) => r.person.id },
    };
    this.grants = {
      name: 'grants',
      columns: GRANT_COLUMNS,
      page: (ctx, query, cursor, limit) => grants.findPage(ctx, { ...query, cursor, limit }),
      audit: { resourceType: 'grant', personId: (g) => g.personId },
    };
    this.budgets = {
      name: 'grant-budgets',
      columns: BUDGET_COLUMNS,
      page: (ctx, query, cursor, limit) => budgets.list(ctx, { ...query, cursor, limit }),
    };
    this.assets = {
      name: 'assets',
      columns: ASSET_COLUMNS,
      page: (ctx, query, cursor, limit) => assets.list(ctx, { ...query, cursor, limit }),
    };
    this.businesses = {
      name: 'businesses',
      columns: BUSINESS_COLUMNS,
      // The growth status is derived: the list evaluates every business in scope per page to filter by it. The
      // export walks the same order unfiltered and keeps the rows of that status, page by page, in flat memory.
      page: async (ctx, query, cursor, limit) => {
        const page = await businesses.findPage(ctx, { personId: query.personId, cursor, limit });
        const data = query.status ? page.data.filter((b) => b.growth.status === query.status) : page.data;
        return { data, page: page.page };
      },
      audit: { resourceType: 'business', personId: (b) => b.personId },
    };
    this.pasungCases = {
      name: 'pasung-cases',
      columns: PASUNG_COLUMNS,
      page: (ctx, query, cursor, limit) => pasungCases.findPage(ctx, { ...query, cursor, limit }),
      audit: { resourceType: 'pasung-case', personId: (r) => r.person.id },
    };
    this.trainings = {
      name: 'trainings',
      columns: TRAINING_COLUMNS,
      page: (ctx, query, cursor, limit) => trainings.list(ctx, { ...query, cursor, limit }),
    };
    this.organizations = {
      name: 'organizations',
      columns: ORGANIZATION_COLUMNS,
      page: (ctx, query, cursor, limit) => organizations.list(ctx, { ...query, cursor, limit }),
    };
    this.services = {
      name: 'services',
      columns: SERVICE_COLUMNS,
      page: (ctx, query, cursor, limit) => services.list(ctx, { ...query, cursor, limit }),
    };
  }
}
