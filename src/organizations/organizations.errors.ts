import { registerErrors } from '../common/errors/app-exception';

export enum OrganizationErrorCode {
  ORGANIZATION_NOT_FOUND = 'ORGANIZATION_NOT_FOUND',
  UNKNOWN_PARENT_ORGANIZATION = 'UNKNOWN_PARENT_ORGANIZATION',
  PARENT_CYCLE = 'PARENT_CYCLE',
  CAPACITY_ONLY_FOR_UPT = 'CAPACITY_ONLY_FOR_UPT',
  UNKNOWN_PPKS_CATEGORY = 'UNKNOWN_PPKS_CATEGORY',
  ORGANIZATION_CODE_TAKEN = 'ORGANIZATION_CODE_TAKEN',
  ORGANIZATION_INACTIVE = 'ORGANIZATION_INACTIVE',
}

export const ORGANIZATION_ERRORS = registerErrors<OrganizationErrorCode>({
  ORGANIZATION_NOT_FOUND: {
    status: 404,
    title: { id: 'Organisasi tidak ditemukan', en: 'Organisation not found' },
    detail: { id: 'Organisasi {id} tidak ditemukan.', en: 'Organisation {id} was not found.' },
  },
  UNKNOWN_PARENT_ORGANIZATION: {
    status: 422,
    title: { id: 'Induk organisasi tidak dikenal', en: 'Unknown parent organisation' },
    detail: {
      id: 'parentId {id} tidak merujuk ke organisasi yang ada.',
      en: 'parentId {id} is not an existing organisation.',
    },
  },
  PARENT_CYCLE: {
    status: 422,
    title: { id: 'Induk organisasi melingkar', en: 'Parent cycle' },
    detail: {
      id: 'Organisasi tidak boleh menjadi induk dari dirinya sendiri, langsung atau tidak langsung.',
      en: 'An organisation cannot be its own parent, directly or indirectly.',
    },
  },
  CAPACITY_ONLY_FOR_UPT: {
    status: 422,
    title: { id: 'Kapasitas hanya untuk UPT', en: 'Capacity is for UPTs only' },
    detail: {
      id: 'capacity dan ppksCategories hanya berlaku untuk organisasi bertipe UPT.',
      en: 'capacity and ppksCategories apply only to organisations of type UPT.',
    },
  },
  UNKNOWN_PPKS_CATEGORY: {
    status: 422,
    title: { id: 'Kategori PPKS tidak dikenal', en: 'Unknown PPKS category' },
    detail: { id: 'Kategori PPKS {codes} tidak dikenal.', en: 'PPKS categories {codes} are not known.' },
  },
  ORGANIZATION_CODE_TAKEN: {
    status: 409,
    title: { id: 'Kode organisasi sudah dipakai', en: 'Organisation code taken' },
    detail: {
      id: 'Kode {code} sudah dipakai organisasi lain.',
      en: 'Code {code} is already used by another organisation.',
    },
  },
  ORGANIZATION_INACTIVE: {
    status: 409,
    title: { id: 'Organisasi tidak aktif', en: 'Organisation inactive' },
    detail: { id: 'Organisasi {id} sudah dinonaktifkan.', en: 'Organisation {id} has been deactivated.' },
  },
});
