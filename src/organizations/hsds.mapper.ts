import { todayIn } from '../common/dates';
import { uuidV5 } from '../common/ids';
import {
  HsdsAttribute,
  HsdsContact,
  HsdsOrganization,
  HsdsOrganizationListItem,
  HsdsPhone,
  HsdsService,
  HsdsServiceListItem,
} from './dto/hsds.dto';
import { Organization, OrganizationType } from './organization.entity';
import { CapacityStatus, Service } from './service.entity';
import { ServiceCategory } from './service-category.entity';

/**
 * Our directory in HSDS 3.0 terms (docs/directory.md has the table). Ids of HSDS objects we do not keep as rows
 * (phones, contacts, schedules, service areas, attributes, taxonomy terms) are name-based UUIDs derived from the row
 * they come from, so they are stable from one request to the next.
 */

const ORGANIZATION_KINDS: Record<OrganizationType, string> = {
  PROVINCIAL_OFFICE: 'Dinas Sosial provinsi',
  REGENCY_OFFICE: 'Dinas Sosial kabupaten/kota',
  UPT: 'Unit pelaksana teknis (UPT) Dinas Sosial',
  NGO: 'Lembaga kesejahteraan sosial (LKS/LSM)',
  COMMUNITY_GROUP: 'Kelompok masyarakat',
  BUSINESS: 'Badan usaha',
  GOVERNMENT_OFFICE: 'Instansi pemerintah',
  HEALTH_FACILITY: 'Fasilitas kesehatan',
};

const CAPACITY_TERMS: Record<CapacityStatus, { name: string; description: string }> = {
  ACCEPTING: { name: 'Menerima rujukan', description: 'Accepting referrals' },
  WAITLIST: { name: 'Daftar tunggu', description: 'Accepting referrals onto a waiting list' },
  NOT_ACCEPTING: { name: 'Tidak menerima rujukan', description: 'Not accepting referrals' },
};

export const CATEGORY_TAXONOMY = 'Jejaring: kategori layanan (GET /api/v1/service-categories)';
export const CAPACITY_TAXONOMY = 'Jejaring: status kapasitas layanan';

/**
 * ajv-formats' `email`, which is what HSDS validators apply. Our inputs are checked by class-validator, whose rule is
 * broader (quoted local parts, for instance); an address outside this subset is left out of the feed.
 */
const HSDS_EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

const hsdsId = (name: string): string => uuidV5(`hsds:${name}`);

export function categoryTermId(code: string): string {
  return hsdsId(`taxonomy-term:service-category:${code}`);
}

function email(value: string | null): { email: string } | Record<string, never> {
  return value !== null && HSDS_EMAIL.test(value) ? { email: value } : {};
}

/** Region names the organisation descriptions need: the regency (or province) and the province. */
export function organizationRegionCodes(organization: Organization): string[] {
  return [organization.regionCode.slice(0, 4), organization.regionCode.slice(0, 2)];
}

/** HSDS requires a description; we hold none, so it says what kind of organisation it is and where. */
function organizationDescription(organization: Organization, regionNames: ReadonlyMap<string, string>): string {
  const kind = ORGANIZATION_KINDS[organization.type];
  const [local, province] = organizationRegionCodes(organization).map((code) => regionNames.get(code));
  const place = [local, province].filter((n, i, all): n is string => n !== undefined && all.indexOf(n) === i);
  return place.length > 0 ? `${kind} di ${place.join(', ')}.` : `${kind}.`;
}

export function toHsdsOrganizationListItem(
  organization: Organization,
  regionNames: ReadonlyMap<string, string>,
): HsdsOrganizationListItem {
  return {
    id: organization.id,
    name: organization.name,
    description: organizationDescription(organization, regionNames),
    ...email(organization.email),
    ...(organization.parentId ? { parent_organization_id: organization.parentId } : {}),
  };
}

export function toHsdsOrganization(
  organization: Organization,
  services: Service[],
  regionNames: ReadonlyMap<string, string>,
): HsdsOrganization {
  const id = organization.id;
  return {
    ...toHsdsOrganizationListItem(organization, regionNames),
    phones: organization.phone
      ? [{ id: hsdsId(`organization-phone:${id}`), organization_id: id, number: organization.phone }]
      : [],
    // HSDS addresses need a postal code, city and country split out; we hold the address as one line.
    locations: organization.address
      ? [
          {
            id: hsdsId(`organization-location:${id}`),
            location_type: 'physical',
            organization_id: id,
            name: organization.name,
            description: organization.address,
          },
        ]
      : [],
    services: services.map((s) => toHsdsServiceListItem(s)),
  };
}

/** Short-term notice of a service that is not taking people in as usual. */
function alert(service: Service): { alert: string } | Record<string, never> {
  // The day as people in Jawa Timur count it (WIB).
  const since = todayIn('Asia/Jakarta', service.capacityUpdatedAt);
  if (service.capacityStatus === 'WAITLIST') return { alert: `Daftar tunggu sejak ${since}.` };
  if (service.capacityStatus === 'NOT_ACCEPTING') return { alert: `Tidak menerima rujukan baru sejak ${since}.` };
  return {};
}

export function toHsdsServiceListItem(service: Service, organization?: HsdsOrganizationListItem): HsdsServiceListItem {
  return {
    id: service.id,
    organization_id: service.organizationId,
    name: service.name,
    ...(service.description ? { description: service.description } : {}),
    ...email(service.contactEmail),
    // Only active services (of active organisations) are in the feed.
    status: 'active',
    ...(service.eligibility ? { eligibility_description: service.eligibility } : {}),
    ...alert(service),
    last_modified: service.updatedAt.toISOString(),
    ...(organization ? { organization } : {}),
  };
}

export function toHsdsService(
  service: Service,
  category: ServiceCategory,
  organization: HsdsOrganizationListItem,
): HsdsService {
  const id = service.id;
  const phones: HsdsPhone[] = [];
  const contacts: HsdsContact[] = [];
  if (service.contactName !== null || service.contactPhone !== null || service.contactEmail !== null) {
    const contactId = hsdsId(`service-contact:${id}`);
    const contactPhones = service.contactPhone
      ? [{ id: hsdsId(`service-phone:${id}`), service_id: id, contact_id: contactId, number: service.contactPhone }]
      : [];
    // The contact's phone is also the service's phone: one HSDS phone row linked to both.
    phones.push(...contactPhones);
    contacts.push({
      id: contactId,
      service_id: id,
      ...(service.contactName ? { name: service.contactName } : {}),
      ...email(service.contactEmail),
      phones: contactPhones,
    });
  }
  return {
    ...toHsdsServiceListItem(service, organization),
    phones,
    contacts,
    schedules: service.schedule
      ? [{ id: hsdsId(`service-schedule:${id}`), service_id: id, description: service.schedule }]
      : [],
    service_areas: [...(service.areas ?? [])]
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((region) => ({
        id: hsdsId(`service-area:${id}:${region.code}`),
        service_id: id,
        name: region.name,
        description: `Kode wilayah Kemendagri ${region.code}`,
      })),
    attributes: [categoryAttribute(id, category), capacityAttribute(service)],
  };
}

function categoryAttribute(serviceId: string, category: ServiceCategory): HsdsAttribute {
  const termId = categoryTermId(category.code);
  return {
    id: hsdsId(`service-attribute:${serviceId}:category`),
    link_id: serviceId,
    link_entity: 'service',
    taxonomy_term_id: termId,
    taxonomy_term: {
      id: termId,
      code: category.code,
      name: category.name,
      description: `${category.nameEn}. ${category.description}`,
      taxonomy: CATEGORY_TAXONOMY,
      language: 'id',
    },
  };
}

/** HSDS has no capacity field; the status is a term of our own taxonomy, its value the time it last changed. */
function capacityAttribute(service: Service): HsdsAttribute {
  const termId = hsdsId(`taxonomy-term:capacity-status:${service.capacityStatus}`);
  return {
    id: hsdsId(`service-attribute:${service.id}:capacity-status`),
    link_id: service.id,
    link_entity: 'service',
    taxonomy_term_id: termId,
    taxonomy_term: {
      id: termId,
      code: service.capacityStatus,
      ...CAPACITY_TERMS[service.capacityStatus],
      taxonomy: CAPACITY_TAXONOMY,
      language: 'id',
    },
    value: service.capacityUpdatedAt.toISOString(),
  };
}
