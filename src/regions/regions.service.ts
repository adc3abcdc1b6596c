import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { AppException } from '../common/errors/app-exception';
import { Page, paginate } from '../common/pagination/pagination';
import { likePattern } from '../common/database/search';
import { RegionDetailResponse, RegionResponse } from './dto/region.response';
import { ListRegionsQuery } from './dto/list-regions.query';
import { ancestorCodes, Region, REGION_CODE_PATTERN } from './region.entity';
import { RegionErrorCode } from './regions.errors';

/**
 * Read access to the region reference data. Regions are public reference information, so no scoping applies.
 */
@Injectable()
export class RegionsService implements OnApplicationBootstrap {
  private codes?: Promise<{ regencies: ReadonlySet<string>; districts: ReadonlySet<string> }>;
  private index?: Promise<Map<string, Region>>;

  constructor(@InjectRepository(Region) private readonly regions: Repository<Region>) {}

  /** Loaded before the first request, so no request ever waits for (or takes a connection for) the load. */
  async onApplicationBootstrap(): Promise<void> {
    await this.byCode();
  }

  async get(code: string): Promise<RegionDetailResponse> {
    if (!REGION_CODE_PATTERN.test(code))
      throw new AppException(RegionErrorCode.REGION_NOT_FOUND, { code: code.slice(0, 20) });
    const rows = await this.regions.find({ where: { code: In([code, ...ancestorCodes(code)]) } });
    const region = rows.find((r) => r.code === code);
    if (!region) throw new AppException(RegionErrorCode.REGION_NOT_FOUND, { code });
    const parents = rows
      .filter((r) => r.code !== code)
      .sort((a, b) => b.code.length - a.code.length)
      .map((r) => ({ code: r.code, name: r.name, level: r.level, type: r.type }));
    return { ...RegionResponse.of(region), parents };
  }

  async list(query: ListRegionsQuery): Promise<Page<RegionResponse>> {
    if (query.parent) await this.assertExists(query.parent, 'parent');
    const qb = this.regions.createQueryBuilder('r');
    if (query.parent) qb.andWhere('r.parent_code = :parent', { parent: query.parent });
    if (query.level) qb.andWhere('r.level = :level', { level: query.level });
    if (query.q) qb.andWhere(`search_key(r.name) LIKE search_key(:q)`, { q: likePattern(query.q) });
    return paginate(qb, query, [{ expression: 'r.code', value: (r) => r.code, type: 'string' }], RegionResponse.of);
  }

  /**
   * Every regency and district code, for validating the region part of NIK and KK numbers without a query per
   * number.
   */
  async knownCodes(): Promise<{ regencies: ReadonlySet<string>; districts: ReadonlySet<string> }> {
    this.codes ??= this.byCode().then((index) => {
      const all = [...index.values()];
      return {
        regencies: new Set(all.filter((r) => r.level === 'REGENCY').map((r) => r.code)),
        districts: new Set(all.filter((r) => r.level === 'DISTRICT').map((r) => r.code)),
      };
    });
    return this.codes;
  }

  async findByCodes(codes: readonly string[]): Promise<Region[]> {
    const index = await this.byCode();
    return [...new Set(codes)].flatMap((code) => index.get(code) ?? []);
  }

  async childrenOf(parentCodes: readonly string[]): Promise<Region[]> {
    return this.regions.find({ where: { parentCode: In([...parentCodes]) }, order: { code: 'ASC' } });
  }

  /** Throws 422 naming the field when a referenced region code does not exist. */
  async assertExists(code: string, field: string): Promise<Region> {
    const region = REGION_CODE_PATTERN.test(code) ? ((await this.byCode()).get(code) ?? null) : null;
    if (!region) throw new AppException(RegionErrorCode.UNKNOWN_REGION, { code: code.slice(0, 20), field });
    return region;
  }

  /**
   * Every region by its code (about 10 000 rows, a few MB), loaded once per process: region data changes only
   * through migrations, which run before the service starts. Lookups by code are then free, and above all they
   * take no pool connection: they are made inside write transactions (a person's domicile, an organisation's
   * region), where a second connection per request could wait forever once as many writes as the pool has
   * connections each held their first.
   */
  private byCode(): Promise<Map<string, Region>> {
    this.index ??= this.regions.find().then(
      (rows) => new Map(rows.map((r) => [r.code, r])),
      (error: unknown) => {
        // A failed load is not kept: the next lookup tries again.
        this.index = undefined;
        this.codes = undefined;
        throw error;
      },
    );
    return this.index;
  }
}
