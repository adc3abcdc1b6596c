import { Injectable } from '@nestjs/common';
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
export class RegionsService {
  private codes?: Promise<{ regencies: ReadonlySet<string>; districts: ReadonlySet<string> }>;

  constructor(@InjectRepository(Region) private readonly regions: Repository<Region>) {}

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
   * number. Loaded once per process: region data changes only through migrations, which run before the service.
   */
  async knownCodes(): Promise<{ regencies: ReadonlySet<string>; districts: ReadonlySet<string> }> {
    this.codes ??= this.regions
      .createQueryBuilder('r')
      .select(['r.code', 'r.level'])
      .where(`r.level IN ('REGENCY', 'DISTRICT')`)
      .getMany()
      .then((rows) => ({
        regencies: new Set(rows.filter((r) => r.level === 'REGENCY').map((r) => r.code)),
        districts: new Set(rows.filter((r) => r.level === 'DISTRICT').map((r) => r.code)),
      }));
    return this.codes;
  }

  async findByCodes(codes: readonly string[]): Promise<Region[]> {
    return this.regions.find({ where: { code: In([...codes]) } });
  }

  async childrenOf(parentCodes: readonly string[]): Promise<Region[]> {
    return this.regions.find({ where: { parentCode: In([...parentCodes]) }, order: { code: 'ASC' } });
  }

  /** Throws 422 naming the field when a referenced region code does not exist. */
  async assertExists(code: string, field: string): Promise<Region> {
    const region = REGION_CODE_PATTERN.test(code) ? await this.regions.findOne({ where: { code } }) : null;
    if (!region) throw new AppException(RegionErrorCode.UNKNOWN_REGION, { code: code.slice(0, 20), field });
    return region;
  }
}
