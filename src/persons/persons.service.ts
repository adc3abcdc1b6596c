import { presentFields } from '../common/validation/present-fields';
import { Injectable } from '@nestjs/common';
import { EntityManager, In, QueryFailedError, SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/context/request-context';
import { likePattern } from '../common/database/search';
import { Tx } from '../common/database/tx.service';
import { timeZoneOfRegion, todayIn } from '../common/dates';
import { AppException } from '../common/errors/app-exception';
import { CommonErrorCode } from '../common/errors/common.errors';
import { assertVersion, IfMatchVersion } from '../common/http/etag';
import { isUuid } from '../common/ids';
import { localize } from '../common/i18n';
import { Page, paginate } from '../common/pagination/pagination';
import { ScopePolicy } from '../identity/scope-policy.service';
import { PpksCategory } from '../ppks/ppks.entities';
import { RegionsService } from '../regions/regions.service';
import { CreatePersonDto, UpdatePersonDto, VerifyIdentityDto } from './dto/person-input.dto';
import {
  ListPersonsQuery,
  PersonCreatedResponse,
  PersonDetailResponse,
  PersonResponse,
  PpksView,
  WarningView,
} from './dto/person.response';
import { nameKey } from './matching';
import { PersonDuplicates } from './person-duplicates.service';
import { PersonDomicile, PersonKkNumber, PersonPpksCategory } from './person-history.entities';
import { personHistorySql } from './person-history-sql';
import { PersonHistory, PersonView } from './person-view';
import { Person } from './person.entity';
import { PersonErrorCode } from './persons.errors';
import { PersonInputValidator } from './person-input.validator';
import { PiiCipher } from './pii/pii-cipher';
import { PII_CONTEXTS } from './pii/pii-columns';

/** Default purposes of reads, recorded in the audit trail unless the caller sends `X-Purpose`. */
export const PERSON_READ_PURPOSE = 'PERSON_RECORD_VIEW';
export const PERSON_SEARCH_PURPOSE = 'PERSON_SEARCH';

/** The person registry: create, find, read and change people, with scoping, protection and auditing. */
@Injectable()
export class PersonsService {
  constructor(
    private readonly tx: Tx,
    private readonly scope: ScopePolicy,
    private readonly audit: AuditService,
    private readonly regions: RegionsService,
    private readonly cipher: PiiCipher,
    private readonly view: PersonView,
    private readonly duplicates: PersonDuplicates,
    private readonly input: PersonInputValidator,
  ) {}

  async create(ctx: RequestContext, dto: CreatePersonDto): Promise<PersonCreatedResponse> {
    const principal = this.scope.principal(ctx);
    const checked = await this.input.check(ctx, dto);
    return this.tx.run(ctx, async (em) => {
      const nikIndex = checked.nik ? this.cipher.blindIndex(checked.nik, PII_CONTEXTS.nik) : null;
      if (checked.nik) await this.assertNikFree(ctx, em, checked.nik);
      const repository = em.getRepository(Person);
      const person = repository.create({
        fullName: dto.fullName,
        nameKey: nameKey(dto.fullName),
        aliases: dto.aliases ?? [],
        sex: dto.sex,
        birthDate: dto.birthDate ?? null,
        birthDatePrecision: dto.birthDate ? (dto.birthDatePrecision ?? 'DAY') : null,
        birthPlace: dto.birthPlace ?? null,
        nikEncrypted: checked.nik ? this.cipher.encrypt(checked.nik, PII_CONTEXTS.nik) : null,
        nikIndex,
        identityStatus: checked.nik ? 'CLAIMED' : 'UNKNOWN',
        phone: dto.phone ?? null,
        disabilities: dto.disabilities ?? [],
        dtksId: dto.externalIds?.dtksId ?? null,
        dtsenDecile: dto.externalIds?.dtsenDecile ?? null,
        dtsenAsOf: dto.externalIds?.dtsenAsOf ?? null,
        domicileVillageCode: dto.domicile?.villageCode ?? null,
        registeredByOrganizationId: principal.organizationId,
        ...this.guardianColumns(dto.guardian, checked.guardianNik),
      });
      const saved = await this.insertPerson(em, person);
      const today = todayIn(timeZoneOfRegion(dto.domicile?.villageCode ?? principal.regionCode));
      if (dto.domicile) {
        await em.getRepository(PersonDomicile).insert({
          personId: saved.id,
          villageCode: dto.domicile.villageCode,
          address: dto.domicile.address ?? null,
          validFrom: dto.domicile.from ?? today,
        });
      }
      if (checked.kk) await this.insertKk(em, saved.id, checked.kk, dto.kk?.from ?? null);
      for (const code of dto.ppksCategories ?? []) {
        await em.getRepository(PersonPpksCategory).insert({ personId: saved.id, ppksCode: code, since: today });
      }
      await this.audit.record(ctx, {
        action: 'CREATE',
        resourceType: 'person',
        resourceId: saved.id,
        personId: saved.id,
        changedFields: presentFields(dto),
      });
      const detail = await this.detail(ctx, em, saved);
      const possibleDuplicates = await this.duplicates.find(ctx, em, saved);
      return { ...detail, warnings: this.warnings(ctx, checked.warnings), possibleDuplicates };
    });
  }

  /**
   * The hot path of the registry (docs/benchmarks.md): the person and their histories in one statement, then the
   * audit row, so a read costs two round trips to PostgreSQL.
   */
  async get(ctx: RequestContext, id: string): Promise<PersonDetailResponse> {
    const em = this.tx.manager(ctx);
    if (!isUuid(id)) throw new AppException(PersonErrorCode.PERSON_NOT_FOUND, { id: id.slice(0, 40) });
    const condition = this.scope.persons(ctx, 'p');
    const qb = em
      .getRepository(Person)
      .createQueryBuilder('p')
      .where('p.id = :id', { id })
      .andWhere(condition.sql, condition.params);
    for (const [name, sql] of Object.entries(personHistorySql('p.id'))) qb.addSelect(sql, `history_${name}`);
    const { entities, raw } = await qb.getRawAndEntities<Record<string, unknown>>();
    const person = entities[0];
    if (!person) throw new AppException(PersonErrorCode.PERSON_NOT_FOUND, { id });
    this.assertNotRestricted(person);
    const response = this.view.detail(ctx, person, {
      ppks: raw[0].history_ppks as PersonHistory['ppks'],
      kk: raw[0].history_kk as PersonHistory['kk'],
      domiciles: raw[0].history_domiciles as PersonHistory['domiciles'],
    });
    await this.audit.record(ctx, {
      action: 'READ',
      resourceType: 'person',
      resourceId: id,
      personId: id,
      purpose: PERSON_READ_PURPOSE,
    });
    return response;
  }

  async list(ctx: RequestContext, query: ListPersonsQuery): Promise<Page<PersonResponse>> {
    const page = await this.findPage(ctx, query);
    await this.audit.recordMany(
      ctx,
      page.data.map((p) => ({
        action: 'READ',
        resourceType: 'person',
        resourceId: p.id,
        personId: p.id,
        purpose: PERSON_SEARCH_PURPOSE,
      })),
    );
    return page;
  }

  /**
   * One page of the list, not audited: the list audits it as READ, the export (src/exports) as EXPORT, so both
   * show exactly the same rows, scope and masking.
   */
  async findPage(ctx: RequestContext, query: ListPersonsQuery): Promise<Page<PersonResponse>> {
    const em = this.tx.manager(ctx);
    const condition = this.scope.persons(ctx, 'p');
    const qb = em
      .getRepository(Person)
      .createQueryBuilder('p')
      .where(condition.sql, condition.params)
      .andWhere(`p.status = 'ACTIVE'`)
      .andWhere('NOT p.restricted');
    if (query.nik !== undefined) {
      const nik = this.input.nikOrThrow(query.nik, 'nik');
      // Under every key still in use, so a lookup stays right while a key rotation is under way.
      qb.andWhere('p.nik_index IN (:...nikIndexes)', { nikIndexes: this.cipher.blindIndexes(nik, PII_CONTEXTS.nik) });
    }
    if (query.q !== undefined) this.whereNameMatches(qb, query.q);
    if (query.region !== undefined) {
      await this.regions.assertExists(query.region, 'region');
      qb.andWhere('p.domicile_village_code LIKE :regionPrefix', { regionPrefix: `${query.region}%` });
    }
    if (query.ppksCategory !== undefined) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM person_ppks_categories pc WHERE pc.person_id = p.id AND pc.ppks_code = :ppks AND pc.until IS NULL)`,
        { ppks: query.ppksCategory },
      );
    }
    if (query.disability !== undefined)
      qb.andWhere(':disability = ANY(p.disabilities)', { disability: query.disability });
    const page = await paginate(
      qb,
      query,
      [
        { expression: 'p.fullName', value: (p) => p.fullName, type: 'string' },
        { expression: 'p.id', value: (p) => p.id, type: 'string' },
      ],
      (p) => p,
    );
    const ppks = await this.activePpks(
      em,
      page.data.map((p) => p.id),
    );
    return { data: page.data.map((p) => this.view.summary(ctx, p, ppks.get(p.id) ?? [])), page: page.page };
  }

  async update(
    ctx: RequestContext,
    id: string,
    expected: IfMatchVersion,
    dto: UpdatePersonDto,
  ): Promise<PersonDetailResponse> {
    // PATCH may clear optional fields with null, never the ones a person must have.
    const required = (
      ['fullName', 'sex', 'aliases', 'disabilities', 'ppksCategories', 'domicile', 'kk', 'externalIds'] as const
    ).filter((field) => (dto as Record<string, unknown>)[field] === null);
    if (required.length > 0) {
      throw new AppException(
        CommonErrorCode.VALIDATION_FAILED,
        {},
        required.map((field) => ({ field, message: { id: 'tidak boleh null', en: 'must not be null' } })),
      );
    }
    const checked = await this.input.check(ctx, dto);
    return this.tx.run(ctx, async (em) => {
      const person = await this.load(ctx, em, id, true);
      this.assertWritable(person);
      assertVersion(expected, person.version);
      const today = todayIn(timeZoneOfRegion(dto.domicile?.villageCode ?? person.domicileVillageCode));
      if (dto.fullName !== undefined) {
        person.fullName = dto.fullName;
        person.nameKey = nameKey(dto.fullName);
      }
      if (dto.aliases !== undefined) person.aliases = dto.aliases;
      if (dto.sex !== undefined) person.sex = dto.sex;
      if (dto.birthDate !== undefined) {
        person.birthDate = dto.birthDate;
        person.birthDatePrecision = dto.birthDatePrecision ?? 'DAY';
      } else if (dto.birthDatePrecision !== undefined) {
        person.birthDatePrecision = dto.birthDatePrecision;
      }
      if (dto.birthPlace !== undefined) person.birthPlace = dto.birthPlace;
      if (dto.phone !== undefined) person.phone = dto.phone;
      if (dto.disabilities !== undefined) person.disabilities = dto.disabilities;
      if (dto.externalIds !== undefined) {
        person.dtksId = dto.externalIds.dtksId ?? person.dtksId;
        person.dtsenDecile = dto.externalIds.dtsenDecile ?? person.dtsenDecile;
        person.dtsenAsOf = dto.externalIds.dtsenAsOf ?? person.dtsenAsOf;
      }
      if (dto.guardian !== undefined)
        Object.assign(person, this.guardianColumns(dto.guardian ?? undefined, checked.guardianNik));
      if (checked.nik !== undefined) {
        const nikIndex = this.cipher.blindIndex(checked.nik, PII_CONTEXTS.nik);
        if (nikIndex !== person.nikIndex) {
          await this.assertNikFree(ctx, em, checked.nik);
          person.nikEncrypted = this.cipher.encrypt(checked.nik, PII_CONTEXTS.nik);
          person.nikIndex = nikIndex;
          // A new number has not been checked with Dukcapil yet.
          person.identityStatus = 'CLAIMED';
          person.identityVerifiedAt = null;
          person.identityVerifiedBy = null;
        }
      }
      if (dto.domicile !== undefined) {
        await em.query(`UPDATE person_domiciles SET valid_to = $2 WHERE person_id = $1 AND valid_to IS NULL`, [
          id,
          dto.domicile.from ?? today,
        ]);
        await em.getRepository(PersonDomicile).insert({
          personId: id,
          villageCode: dto.domicile.villageCode,
          address: dto.domicile.address ?? null,
          validFrom: dto.domicile.from ?? today,
        });
        person.domicileVillageCode = dto.domicile.villageCode;
      }
      if (checked.kk !== undefined) {
        await em.query(`UPDATE person_kk_numbers SET valid_to = $2 WHERE person_id = $1 AND valid_to IS NULL`, [
          id,
          dto.kk?.from ?? today,
        ]);
        await this.insertKk(em, id, checked.kk, dto.kk?.from ?? today);
      }
      if (dto.ppksCategories !== undefined) await this.replacePpks(em, id, dto.ppksCategories, today);
      await em.getRepository(Person).save(person);
      await this.audit.record(ctx, {
        action: 'UPDATE',
        resourceType: 'person',
        resourceId: id,
        personId: id,
        changedFields: presentFields(dto),
      });
      return this.detail(ctx, em, await this.load(ctx, em, id));
    });
  }

  async verifyIdentity(ctx: RequestContext, id: string, dto: VerifyIdentityDto): Promise<PersonDetailResponse> {
    const principal = this.scope.principal(ctx);
    return this.tx.run(ctx, async (em) => {
      const person = await this.load(ctx, em, id, true);
      this.assertWritable(person);
      if (!person.nikEncrypted) throw new AppException(PersonErrorCode.PERSON_NO_NIK);
      person.identityStatus = 'VERIFIED';
      person.identityVerifiedAt = new Date();
      person.identityVerifiedBy = principal.id;
      await em.getRepository(Person).save(person);
      await this.audit.record(ctx, {
        action: 'UPDATE',
        resourceType: 'person',
        resourceId: id,
        personId: id,
        changedFields: ['identityStatus'],
        purpose: `IDENTITY_VERIFIED: ${dto.evidence}`.slice(0, 200),
      });
      return this.detail(ctx, em, person);
    });
  }

  /** Loads a person the caller may see; anything else (missing, malformed id, out of scope) is the same 404. */
  async load(ctx: RequestContext, em: EntityManager, id: string, lock = false): Promise<Person> {
    if (!isUuid(id)) throw new AppException(PersonErrorCode.PERSON_NOT_FOUND, { id: id.slice(0, 40) });
    const condition = this.scope.persons(ctx, 'p');
    const qb = em
      .getRepository(Person)
      .createQueryBuilder('p')
      .where('p.id = :id', { id })
      .andWhere(condition.sql, condition.params);
    if (lock) qb.setLock('pessimistic_write');
    const person = await qb.getOne();
    if (!person) throw new AppException(PersonErrorCode.PERSON_NOT_FOUND, { id });
    return person;
  }

  async detail(ctx: RequestContext, em: EntityManager, person: Person): Promise<PersonDetailResponse> {
    const sql = personHistorySql('$1');
    const [row]: { ppks: PersonHistory['ppks']; kk: PersonHistory['kk']; domiciles: PersonHistory['domiciles'] }[] =
      await em.query(`SELECT ${sql.ppks} AS ppks, ${sql.kk} AS kk, ${sql.domiciles} AS domiciles`, [person.id]);
    return this.view.detail(ctx, person, row);
  }

  assertNotRestricted(person: Person): void {
    if (person.restricted) throw new AppException(PersonErrorCode.PERSON_RESTRICTED);
  }

  assertWritable(person: Person): void {
    if (person.status !== 'ACTIVE')
      throw new AppException(PersonErrorCode.PERSON_NOT_ACTIVE, { id: person.id, status: person.status });
    this.assertNotRestricted(person);
  }

  /** Fuzzy name match: trigram similarity on the normalised key, or the key containing the query's key. */
  private whereNameMatches(qb: SelectQueryBuilder<Person>, q: string): void {
    const key = nameKey(q);
    qb.andWhere(`(similarity(p.name_key, :nameKey) >= 0.35 OR p.name_key LIKE :nameLike)`, {
      nameKey: key,
      nameLike: likePattern(key),
    });
  }

  /** Same NIK → 409, naming the existing person only if the caller may see them. */
  private async assertNikFree(ctx: RequestContext, em: EntityManager, nik: string): Promise<void> {
    const existing: { id: string }[] = await em.query(
      `SELECT id FROM persons WHERE nik_index = ANY($1) AND status = 'ACTIVE'`,
      [this.cipher.blindIndexes(nik, PII_CONTEXTS.nik)],
    );
    if (existing.length === 0) return;
    throw await this.nikExists(ctx, em, existing[0].id);
  }

  private async nikExists(ctx: RequestContext, em: EntityManager, existingId: string): Promise<AppException> {
    const condition = this.scope.persons(ctx, 'p');
    const visible = await em
      .getRepository(Person)
      .createQueryBuilder('p')
      .where('p.id = :id', { id: existingId })
      .andWhere(condition.sql, condition.params)
      .getExists();
    return new AppException(
      PersonErrorCode.PERSON_NIK_EXISTS,
      {},
      undefined,
      undefined,
      visible ? { existingPersonId: existingId } : {},
    );
  }

  /** Inserts the person; a concurrent insert of the same NIK loses on the unique index and gets the same 409. */
  private async insertPerson(em: EntityManager, person: Person): Promise<Person> {
    try {
      return await em.getRepository(Person).save(person);
    } catch (error) {
      const constraint = (error as QueryFailedError & { driverError?: { constraint?: string } }).driverError
        ?.constraint;
      if (error instanceof QueryFailedError && constraint === 'uq_persons_nik_index') {
        throw new AppException(PersonErrorCode.PERSON_NIK_EXISTS);
      }
      throw error;
    }
  }

  private async insertKk(em: EntityManager, personId: string, kk: string, from: string | null): Promise<void> {
    await em.getRepository(PersonKkNumber).insert({
      personId,
      kkEncrypted: this.cipher.encrypt(kk, PII_CONTEXTS.kk),
      kkIndex: this.cipher.blindIndex(kk, PII_CONTEXTS.kk),
      validFrom: from,
    });
  }

  /** Set semantics with history: removed categories end today, new ones start today. */
  private async replacePpks(em: EntityManager, personId: string, codes: string[], today: string): Promise<void> {
    await em.query(
      `UPDATE person_ppks_categories SET until = $3 WHERE person_id = $1 AND until IS NULL AND NOT (ppks_code = ANY($2))`,
      [personId, codes, today],
    );
    const current: { ppks_code: string }[] = await em.query(
      `SELECT ppks_code FROM person_ppks_categories WHERE person_id = $1 AND until IS NULL`,
      [personId],
    );
    for (const code of codes.filter((c) => !current.some((r) => r.ppks_code === c))) {
      await em.getRepository(PersonPpksCategory).insert({ personId, ppksCode: code, since: today });
    }
  }

  private guardianColumns(
    guardian: CreatePersonDto['guardian'],
    guardianNik: string | undefined,
  ): Pick<Person, 'guardianName' | 'guardianRelation' | 'guardianPhone' | 'guardianNikEncrypted'> {
    return {
      guardianName: guardian?.name ?? null,
      guardianRelation: guardian?.relation ?? null,
      guardianPhone: guardian?.phone ?? null,
      guardianNikEncrypted: guardianNik ? this.cipher.encrypt(guardianNik, PII_CONTEXTS.guardianNik) : null,
    };
  }

  private async activePpks(em: EntityManager, ids: string[]): Promise<Map<string, PpksView[]>> {
    const map = new Map<string, PpksView[]>();
    if (ids.length === 0) return map;
    const rows = await em
      .getRepository(PersonPpksCategory)
      .find({ where: { personId: In(ids) }, order: { createdAt: 'ASC' } });
    for (const row of rows.filter((r) => r.until === null)) {
      const list = map.get(row.personId) ?? [];
      list.push({ code: row.ppksCode, since: row.since, until: row.until });
      map.set(row.personId, list);
    }
    return map;
  }

  private warnings(
    ctx: RequestContext,
    warnings: { code: string; message: { id: string; en: string } }[],
  ): WarningView[] {
    return warnings.map((w) => ({ code: w.code, message: localize(w.message, ctx.lang) }));
  }

  /** Exposed for the GraphQL resolver and other modules that must check a PPKS code exists. */
  async ppksExists(em: EntityManager, codes: string[]): Promise<string[]> {
    const found = await em.getRepository(PpksCategory).find({ where: { code: In(codes) } });
    return codes.filter((c) => !found.some((f) => f.code === c));
  }
}
