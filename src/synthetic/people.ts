import { nameKey } from '../persons/matching';
import { PiiCipher } from '../persons/pii/pii-cipher';
import { PII_CONTEXTS } from '../persons/pii/pii-columns';
import { addDays, dayNumber, fromDayNumber, maxDate, minDate } from './calendar';
import { SeedContext } from './context';
import { CopyValue } from './copy';
import { IdentityNumbers, kkNumber } from './identity-numbers';
import { aliasOf, Ethnicity, personName, pickEthnicity } from './names';
import { populationWeight } from './population';
import { Prng } from './prng';
import { RegencyRef, VillageRef } from './reference';
import { GUARDIAN_RELATIONS, phoneNumber } from './texts';

/** What brought a person into the registry; decides age, sex ratio, identity documents and their story. */
export type PersonKind = 'RESIDENT' | 'COMMUNITY' | 'PASUNG' | 'GENERAL';

export interface ConsentPlan {
  id: string;
  purpose: 'REFERRAL' | 'DATA_SHARING' | 'PRODUCT_PUBLICATION';
  recipientOrganizationId: string | null;
  givenBy: 'SELF' | 'GUARDIAN';
  givenOn: string;
  expiresOn: string | null;
  evidence: string;
  recordedByOrganizationId: string;
}

export interface GuardianPlan {
  name: string;
  relation: string;
  phone: string | null;
  nik: string | null;
}

export interface PersonPlan {
  index: number;
  id: string;
  kind: PersonKind;
  regency: RegencyRef;
  village: VillageRef;
  sex: 'M' | 'F';
  birthDate: string;
  birthDatePrecision: 'DAY' | 'YEAR' | 'ESTIMATED';
  ethnicity: Ethnicity;
  fullName: string;
  alias: string | null;
  nik: string | null;
  verified: boolean;
  kk: string | null;
  kkFrom: string | null;
  phone: string | null;
  disabilities: string[];
  guardian: GuardianPlan | null;
  dtksId: string | null;
  dtsenDecile: number | null;
  dtsenAsOf: string | null;
  registeredOn: string;
  registeredBy: string;
  ppks: string[];
  /** The day the person stopped being PPKS (graduated MANDIRI), if so. */
  ppksUntil: string | null;
  /** A discharge handed the person back to their village: the domicile history has a second row from that day. */
  domicileMovedOn: string | null;
  consents: ConsentPlan[];
  /** Set by the later plans, so no person gets two grants or two businesses. */
  hasGrant: boolean;
  hasBusiness: boolean;
}

export interface PersonSpec {
  kind: PersonKind;
  regency: RegencyRef;
  /** The day the person was registered; the birth date is drawn so the person is of the kind's age then. */
  registeredOn: string;
  registeredBy?: string;
  ppks?: string[];
  /** The sex, when the story fixes it. */
  sex?: 'M' | 'F';
}

/** PPKS types of people registered for other reasons than mental disability, with weights (docs/synthetic-data.md). */
const GENERAL_PPKS: ReadonlyArray<readonly [string, number]> = [
  ['PPKS-24', 30], // fakir miskin
  ['PPKS-08', 18], // lanjut usia telantar
  ['PPKS-09', 15], // penyandang disabilitas (physical, sensory, intellectual)
  ['PPKS-23', 8], // perempuan rawan sosial ekonomi
  ['PPKS-02', 5], // anak telantar
  ['PPKS-01', 2], // anak balita telantar
  ['PPKS-17', 4], // korban NAPZA
  ['PPKS-11', 3], // gelandangan
  ['PPKS-12', 3], // pengemis
  ['PPKS-13', 3], // pemulung
  ['PPKS-25', 3], // keluarga bermasalah sosial psikologis
  ['PPKS-15', 2], // bekas warga binaan lapas
  ['PPKS-21', 2], // korban bencana alam
  ['PPKS-16', 1], // ODHA
];

/** Ages (at registration) and share of men per PPKS type or kind of story. */
function ageAndSex(prng: Prng, kind: PersonKind, ppks: string): { age: number; male: number } {
  const clampAge = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(n)));
  if (kind === 'RESIDENT' || kind === 'COMMUNITY') return { age: clampAge(prng.normal(37, 10), 18, 68), male: 0.7 };
  if (kind === 'PASUNG') return { age: clampAge(prng.normal(40, 11), 18, 75), male: 0.8 };
  switch (ppks) {
    case 'PPKS-08':
      return { age: prng.int(60, 88), male: 0.42 };
    case 'PPKS-01':
      return { age: prng.int(0, 5), male: 0.5 };
    case 'PPKS-02':
      return { age: prng.int(6, 17), male: 0.55 };
    case 'PPKS-23':
      return { age: prng.int(20, 59), male: 0 };
    case 'PPKS-17':
      return { age: prng.int(16, 40), male: 0.85 };
    case 'PPKS-09':
      return { age: prng.int(15, 70), male: 0.55 };
    default:
      return { age: clampAge(prng.normal(45, 13), 18, 80), male: 0.5 };
  }
}

export class PeoplePlan {
  readonly persons: PersonPlan[] = [];
  private readonly regencyWeights: Map<string, ReadonlyArray<readonly [RegencyRef, number]>> = new Map();

  constructor(
    private readonly ctx: SeedContext,
    readonly numbers: IdentityNumbers,
  ) {}

  /** A regency of the province (or of both), weighted by population. */
  regency(prng: Prng, provinceCode?: string): RegencyRef {
    const key = provinceCode ?? '*';
    let weights = this.regencyWeights.get(key);
    if (!weights) {
      weights = this.ctx.ref.regencies
        .filter((r) => !provinceCode || r.provinceCode === provinceCode)
        .map((r) => [r, populationWeight(r.code)] as const);
      this.regencyWeights.set(key, weights);
    }
    return prng.weighted(weights);
  }

  add(spec: PersonSpec): PersonPlan {
    const ctx = this.ctx;
    const index = this.persons.length;
    const prng = ctx.prng('person', index);
    const regency = spec.regency;
    const village = prng.pick(regency.villages);
    const ppks = spec.ppks ?? [spec.kind === 'GENERAL' ? generalPpks(prng, regency) : 'PPKS-09'];
    const { age, male } = ageAndSex(prng, spec.kind, ppks[0]);
    const sex = spec.sex ?? (prng.chance(male) ? 'M' : 'F');
    // Born `age` years before registration, on any day of that year (never after the registration itself).
    const birthDay = dayNumber(spec.registeredOn) - age * 365 - prng.int(0, 364);
    const birthDate = fromDayNumber(Math.min(birthDay, dayNumber(spec.registeredOn) - 1));
    const ethnicity = pickEthnicity(prng, regency.code);
    const fullName = personName(prng, ethnicity, sex, Number(birthDate.slice(0, 4)));
    const nikShare =
      spec.kind === 'PASUNG'
        ? 0.55
        : spec.kind === 'GENERAL'
          ? ppks[0] === 'PPKS-11' || ppks[0] === 'PPKS-12'
            ? 0.6
            : 0.93
          : 0.76;
    const hasNik = prng.chance(nikShare);
    let precision: PersonPlan['birthDatePrecision'] = 'DAY';
    let shownBirthDate = birthDate;
    if (!hasNik) {
      // Without a document the birth date is often known to the year only, or guessed from appearance.
      precision = prng.weighted([
        ['DAY', 30],
        ['YEAR', 30],
        ['ESTIMATED', 40],
      ] as const);
      if (precision === 'YEAR') shownBirthDate = `${birthDate.slice(0, 4)}-07-01`;
    }
    const nik = hasNik ? this.numbers.nik(prng, village.districtCode, birthDate, sex) : null;
    const kkFrom = hasNik && prng.chance(0.8) ? kkDate(prng, birthDate, spec.registeredOn) : null;
    const kk = kkFrom ? kkNumber(village.districtCode, kkFrom, prng.int(1, 9999)) : null;
    const needsGuardian =
      spec.kind !== 'GENERAL' || age < 18 || ppks[0] === 'PPKS-08' ? prng.chance(0.93) : prng.chance(0.1);
    const disabilities =
      spec.kind !== 'GENERAL'
        ? ['MENTAL']
        : ppks[0] === 'PPKS-09'
          ? [
              prng.weighted([
                ['FISIK', 45],
                ['SENSORIK', 25],
                ['INTELEKTUAL', 20],
                ['MENTAL', 10],
              ] as const),
            ]
          : [];
    const dtsen = prng.chance(0.6);
    const person: PersonPlan = {
      index,
      id: ctx.seqId('person', index),
      kind: spec.kind,
      regency,
      village,
      sex,
      birthDate: shownBirthDate,
      birthDatePrecision: precision,
      ethnicity,
      fullName,
      alias: prng.chance(0.06) ? aliasOf(fullName) : null,
      nik,
      verified: nik !== null && prng.chance(0.55),
      kk,
      kkFrom,
      phone: prng.chance(age >= 15 ? 0.55 : 0) ? phoneNumber(prng) : null,
      disabilities,
      guardian: needsGuardian ? this.guardian(prng, ethnicity, birthDate, age, village) : null,
      dtksId: prng.chance(0.4) ? `${regency.code}${String(prng.int(1, 999_999_999)).padStart(10, '0')}` : null,
      dtsenDecile: dtsen
        ? prng.weighted([
            [1, 40],
            [2, 30],
            [3, 18],
            [4, 12],
          ] as const)
        : null,
      dtsenAsOf: dtsen ? dtsenDate(prng, ctx.asOf) : null,
      registeredOn: spec.registeredOn,
      registeredBy: spec.registeredBy ?? regency.officeId,
      ppks,
      ppksUntil: null,
      domicileMovedOn: null,
      consents: [],
      hasGrant: false,
      hasBusiness: false,
    };
    this.persons.push(person);
    return person;
  }

  private guardian(
    prng: Prng,
    ethnicity: Ethnicity,
    birthDate: string,
    age: number,
    village: VillageRef,
  ): GuardianPlan {
    const [relation, sex] =
      age < 18
        ? prng.pick([
            ['Ibu', 'F'],
            ['Ayah', 'M'],
          ] as const)
        : prng.weighted(GUARDIAN_RELATIONS.map(([r, s, w]) => [[r, s] as const, w] as const));
    const offset =
      relation === 'Ibu' || relation === 'Ayah'
        ? 25
        : relation === 'Anak'
          ? -28
          : relation === 'Kakak'
            ? 4
            : relation === 'Adik'
              ? -4
              : 0;
    const guardianBirth = addDays(birthDate, -offset * 365 + prng.int(-700, 700));
    const birthYear = Number(guardianBirth.slice(0, 4));
    // A guardian's NIK is asked for on consent forms; recorded for about a third of them.
    const nik =
      prng.chance(0.3) && guardianBirth < addDays(this.ctx.asOf, -17 * 365)
        ? this.numbers.nik(prng, village.districtCode, guardianBirth, sex)
        : null;
    return {
      name: personName(prng, ethnicity, sex, birthYear),
      relation,
      phone: prng.chance(0.8) ? phoneNumber(prng) : null,
      nik,
    };
  }
}

function generalPpks(prng: Prng, regency: RegencyRef): string {
  // Komunitas adat terpencil: the remote Dayak communities of Kalimantan Timur's interior.
  if (regency.provinceCode === '64' && (regency.code === '6411' || regency.code === '6407') && prng.chance(0.1))
    return 'PPKS-26';
  return prng.weighted(GENERAL_PPKS);
}

/** When the family card was issued: at some point of adult life (or at birth for a child), before registration. */
function kkDate(prng: Prng, birthDate: string, registeredOn: string): string {
  const from = maxDate(addDays(birthDate, 18 * 365), '2005-01-01');
  const latest = addDays(registeredOn, -10);
  if (from >= latest) return maxDate(addDays(birthDate, 7), minDate(latest, addDays(birthDate, 60)));
  return addDays(from, prng.int(0, dayNumber(latest) - dayNumber(from)));
}

/** DTSEN is updated every three months (DOMAIN.md §9): one of the last six quarter starts on or before the day. */
function dtsenDate(prng: Prng, asOf: string): string {
  const year = Number(asOf.slice(0, 4));
  const month = Number(asOf.slice(5, 7));
  const quarterIndex = year * 4 + Math.floor((month - 1) / 3) - prng.int(0, 5);
  const y = Math.floor(quarterIndex / 4);
  return `${y}-${String((quarterIndex - y * 4) * 3 + 1).padStart(2, '0')}-01`;
}

export const PERSON_COLUMNS = [
  'id',
  'full_name',
  'name_key',
  'aliases',
  'sex',
  'birth_date',
  'birth_date_precision',
  'birth_place',
  'nik_encrypted',
  'nik_index',
  'identity_status',
  'identity_verified_at',
  'phone',
  'disabilities',
  'guardian_name',
  'guardian_relation',
  'guardian_phone',
  'guardian_nik_encrypted',
  'dtks_id',
  'dtsen_decile',
  'dtsen_as_of',
  'domicile_village_code',
  'registered_by_organization_id',
  'status',
  'version',
  'created_at',
  'updated_at',
];

/** Identity numbers are encrypted and indexed exactly as the registry does (PiiCipher, same contexts). */
export function* personRows(ctx: SeedContext, people: PeoplePlan, cipher: PiiCipher): Generator<CopyValue[]> {
  for (const p of people.persons) {
    const province = p.regency.provinceCode;
    const created = ctx.at(p.registeredOn, province);
    const updated = p.domicileMovedOn ? ctx.at(p.domicileMovedOn, province) : created;
    yield [
      p.id,
      p.fullName,
      nameKey(p.fullName),
      p.alias ? [p.alias] : [],
      p.sex,
      p.birthDate,
      p.birthDatePrecision,
      p.regency.shortName,
      p.nik ? cipher.encrypt(p.nik, PII_CONTEXTS.nik) : null,
      p.nik ? cipher.blindIndex(p.nik, PII_CONTEXTS.nik) : null,
      p.nik ? (p.verified ? 'VERIFIED' : 'CLAIMED') : 'UNKNOWN',
      p.verified ? ctx.at(addDays(p.registeredOn, 3), province) : null,
      p.phone,
      p.disabilities,
      p.guardian?.name ?? null,
      p.guardian?.relation ?? null,
      p.guardian?.phone ?? null,
      p.guardian?.nik ? cipher.encrypt(p.guardian.nik, PII_CONTEXTS.guardianNik) : null,
      p.dtksId,
      p.dtsenDecile,
      p.dtsenAsOf,
      p.village.code,
      p.registeredBy,
      'ACTIVE',
      p.domicileMovedOn ? 2 : 1,
      created,
      updated,
    ];
  }
}

export function* domicileRows(ctx: SeedContext, people: PeoplePlan): Generator<CopyValue[]> {
  for (const p of people.persons) {
    const prng = ctx.prng('domicile', p.index);
    const address = `RT ${String(prng.int(1, 12)).padStart(3, '0')}/RW ${String(prng.int(1, 8)).padStart(3, '0')}, ${p.village.name}`;
    const created = ctx.at(p.registeredOn, p.regency.provinceCode);
    yield [
      ctx.seqId('domicile', p.index * 2),
      p.id,
      p.village.code,
      address,
      p.registeredOn,
      p.domicileMovedOn,
      created,
    ];
    if (p.domicileMovedOn) {
      // What the discharge writes: the stay's destination, the family's village.
      yield [
        ctx.seqId('domicile', p.index * 2 + 1),
        p.id,
        p.village.code,
        address,
        p.domicileMovedOn,
        null,
        ctx.at(p.domicileMovedOn, p.regency.provinceCode),
      ];
    }
  }
}
export const DOMICILE_COLUMNS = ['id', 'person_id', 'village_code', 'address', 'valid_from', 'valid_to', 'created_at'];

export function* kkRows(ctx: SeedContext, people: PeoplePlan, cipher: PiiCipher): Generator<CopyValue[]> {
  for (const p of people.persons) {
    if (!p.kk) continue;
    yield [
      ctx.seqId('kk', p.index),
      p.id,
      cipher.encrypt(p.kk, PII_CONTEXTS.kk),
      cipher.blindIndex(p.kk, PII_CONTEXTS.kk),
      p.kkFrom,
      null,
      ctx.at(p.registeredOn, p.regency.provinceCode),
    ];
  }
}
export const KK_COLUMNS = ['id', 'person_id', 'kk_encrypted', 'kk_index', 'valid_from', 'valid_to', 'created_at'];

export function* ppksRows(ctx: SeedContext, people: PeoplePlan): Generator<CopyValue[]> {
  for (const p of people.persons) {
    for (const [i, code] of p.ppks.entries()) {
      yield [
        ctx.seqId('person-ppks', p.index * 8 + i),
        p.id,
        code,
        p.registeredOn,
        p.ppksUntil,
        ctx.at(p.registeredOn, p.regency.provinceCode),
      ];
    }
  }
}
export const PPKS_COLUMNS = ['id', 'person_id', 'ppks_code', 'since', 'until', 'created_at'];

export function* consentRows(ctx: SeedContext, people: PeoplePlan): Generator<CopyValue[]> {
  for (const p of people.persons) {
    for (const c of p.consents) {
      const byGuardian = c.givenBy === 'GUARDIAN' && p.guardian !== null;
      const at = ctx.at(c.givenOn, p.regency.provinceCode);
      yield [
        c.id,
        p.id,
        c.purpose,
        c.recipientOrganizationId,
        byGuardian ? 'GUARDIAN' : 'SELF',
        byGuardian ? p.guardian!.name : null,
        byGuardian ? p.guardian!.relation : null,
        c.givenOn,
        c.expiresOn,
        c.evidence,
        c.recordedByOrganizationId,
        1,
        at,
        at,
      ];
    }
  }
}
export const CONSENT_COLUMNS = [
  'id',
  'person_id',
  'purpose',
  'recipient_organization_id',
  'given_by',
  'guardian_name',
  'guardian_relation',
  'given_on',
  'expires_on',
  'evidence_reference',
  'recorded_by_organization_id',
  'version',
  'created_at',
  'updated_at',
];

/** Adds a consent of `purpose` to `recipient`, given shortly before `on`, and returns it. */
export function addConsent(
  ctx: SeedContext,
  person: PersonPlan,
  purpose: ConsentPlan['purpose'],
  recipient: string | null,
  on: string,
  recordedBy: string,
  key: string,
): ConsentPlan {
  const prng = ctx.prng('consent', key);
  const givenOn = maxDate(person.registeredOn, addDays(on, -prng.int(0, 45)));
  const consent: ConsentPlan = {
    id: ctx.id('consent', key),
    purpose,
    recipientOrganizationId: recipient,
    // People under guardianship (ODGJ, children, the very old) consent through their guardian (UU PDP).
    givenBy:
      person.guardian && (person.disabilities.includes('MENTAL') ? prng.chance(0.6) : prng.chance(0.15))
        ? 'GUARDIAN'
        : 'SELF',
    givenOn,
    expiresOn: prng.chance(0.6) ? addDays(givenOn, 365 * prng.int(1, 3)) : null,
    evidence: `Formulir persetujuan No. ${prng.int(1, 999)}/${purpose === 'REFERRAL' ? 'RUJ' : purpose === 'PRODUCT_PUBLICATION' ? 'PRD' : 'DAT'}/${givenOn.slice(0, 4)}`,
    recordedByOrganizationId: recordedBy,
  };
  person.consents.push(consent);
  return consent;
}
