import { Injectable } from '@nestjs/common';
import { Field, InputType, registerEnumType } from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEnum, IsISO8601, IsOptional, IsString, Matches } from 'class-validator';
import { RequestContext } from '../common/context/request-context';
import { todayIn } from '../common/dates';
import { AppException } from '../common/errors/app-exception';
import { Tx } from '../common/database/tx.service';
import { DATE, trim } from '../common/validation/transforms';
import { Role } from '../identity/permissions';
import { ScopePolicy } from '../identity/scope-policy.service';
import { AnalyticsErrorCode } from './analytics.errors';

export enum Granularity {
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
  YEAR = 'YEAR',
}
registerEnumType(Granularity, { name: 'AnalyticsGranularity', description: 'Width of a time-series period' });

/** Longest period a report covers: enough for a grant cohort's five years of reports twice over. */
export const MAX_PERIOD_YEARS = 10;
/** Default period: this calendar year and the four before it (a grant's monitoring span). */
const DEFAULT_YEARS = 5;

/** The filter every report takes, in GraphQL and on the CSV/XLSX exports' query string. */
@InputType('AnalyticsFilter')
export class AnalyticsFilterInput {
  @Field({ nullable: true, description: 'Province, regency/city or district code; default: your province' })
  @ApiPropertyOptional({ example: '3571', description: 'Province, regency/city or district code (Kemendagri)' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Matches(/^\d{2}(\d{2}(\d{2}(\d{4})?)?)?$/, { message: 'must be a Kemendagri region code' })
  region?: string;

  @Field({ nullable: true, description: 'First day (inclusive, local calendar); default 1 January four years ago' })
  @ApiPropertyOptional({ format: 'date', example: '2023-01-01' })
  @IsOptional()
  @Matches(DATE)
  @IsISO8601({ strict: true })
  from?: string;

  @Field({ nullable: true, description: 'Last day (inclusive, local calendar); default today' })
  @ApiPropertyOptional({ format: 'date', example: '2027-12-31' })
  @IsOptional()
  @Matches(DATE)
  @IsISO8601({ strict: true })
  to?: string;

  @Field(() => Granularity, { nullable: true, description: 'Period width of time series; default MONTH' })
  @ApiPropertyOptional({ enum: Granularity })
  @IsOptional()
  @IsEnum(Granularity)
  granularity?: Granularity;
}

export interface Area {
  code: string;
  name: string;
}

export interface Period {
  /** `2026`, `2026-Q3` or `2026-07`. */
  label: string;
  /** First and last day, inclusive. */
  start: string;
  end: string;
}

/** A checked filter, with what every report's SQL needs. */
export interface ResolvedFilter {
  provinceCode: string;
  timeZone: string;
  region: { code: string; name: string; level: 'PROVINCE' | 'REGENCY' | 'DISTRICT' };
  /** Length of the codes rows are broken down by: regencies (4) under a province, districts (6) below that. */
  areaLength: 4 | 6;
  /** The regions rows are broken down by, by code: a province's regencies, a regency's districts, the district. */
  areas: Area[];
  from: string;
  to: string;
  granularity: Granularity;
  periods: Period[];
  /** Small-count suppression applies (ANALYST); roles that may read person-level data see every figure. */
  suppress: boolean;
}

@Injectable()
export class AnalyticsFilterResolver {
  constructor(
    private readonly tx: Tx,
    private readonly scope: ScopePolicy,
  ) {}

  async resolve(ctx: RequestContext, input: AnalyticsFilterInput = {}, now = new Date()): Promise<ResolvedFilter> {
    const principal = this.scope.principal(ctx);
    const province = this.scope.provinceOf(principal);
    const code = input.region ?? province;
    const em = this.tx.manager(ctx);
    const [region] = (await em.query(`SELECT code, name, level, time_zone FROM regions WHERE code = $1`, [code])) as {
      code: string;
      name: string;
      level: string;
      time_zone: string;
    }[];
    if (!region) throw new AppException(AnalyticsErrorCode.ANALYTICS_UNKNOWN_REGION, { region: code });
    if (region.level === 'VILLAGE') throw new AppException(AnalyticsErrorCode.ANALYTICS_REGION_LEVEL, { region: code });
    if (!code.startsWith(province)) {
      throw new AppException(AnalyticsErrorCode.ANALYTICS_REGION_OUTSIDE_SCOPE, { region: code, province });
    }
    const [{ time_zone: timeZone }] = (await em.query(`SELECT time_zone FROM regions WHERE code = $1`, [province])) as {
      time_zone: string;
    }[];
    const today = todayIn(timeZone, now);
    const to = input.to ?? today;
    const from = input.from ?? `${Number(to.slice(0, 4)) - (DEFAULT_YEARS - 1)}-01-01`;
    if (from > to) throw new AppException(AnalyticsErrorCode.ANALYTICS_PERIOD_REVERSED, { from, to });
    if (addYears(from, MAX_PERIOD_YEARS) <= to) {
      throw new AppException(AnalyticsErrorCode.ANALYTICS_PERIOD_TOO_LONG, { from, to, years: MAX_PERIOD_YEARS });
    }
    const level = region.level as ResolvedFilter['region']['level'];
    const areas = (await em.query(
      level === 'DISTRICT'
        ? `SELECT code, name FROM regions WHERE code = $1`
        : `SELECT code, name FROM regions WHERE parent_code = $1 ORDER BY code`,
      [code],
    )) as Area[];
    const granularity = input.granularity ?? Granularity.MONTH;
    return {
      provinceCode: province,
      timeZone,
      region: { code, name: region.name, level },
      areaLength: level === 'PROVINCE' ? 4 : 6,
      areas,
      from,
      to,
      granularity,
      periods: periodsOf(from, to, granularity),
      suppress: principal.role === Role.ANALYST,
    };
  }
}

function addYears(date: string, years: number): string {
  return `${String(Number(date.slice(0, 4)) + years).padStart(4, '0')}${date.slice(4)}`;
}

const pad = (n: number): string => String(n).padStart(2, '0');

function lastDayOf(year: number, month: number): string {
  return `${year}-${pad(month)}-${pad(new Date(Date.UTC(year, month, 0)).getUTCDate())}`;
}

/** The calendar periods touching [from, to], each clipped to it, oldest first. */
export function periodsOf(from: string, to: string, granularity: Granularity): Period[] {
  const width = granularity === Granularity.YEAR ? 12 : granularity === Granularity.QUARTER ? 3 : 1;
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  month -= (month - 1) % width;
  const periods: Period[] = [];
  for (;;) {
    const start = `${year}-${pad(month)}-01`;
    if (start > to) break;
    const endMonth = month + width - 1;
    const end = lastDayOf(year, endMonth);
    const label =
      granularity === Granularity.YEAR
        ? String(year)
        : granularity === Granularity.QUARTER
          ? `${year}-Q${(month - 1) / 3 + 1}`
          : `${year}-${pad(month)}`;
    periods.push({ label, start: start < from ? from : start, end: end > to ? to : end });
    month = endMonth + 1;
    if (month > 12) {
      month -= 12;
      year += 1;
    }
  }
  return periods;
}
