import type { Type as Class } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AppException } from '../errors/app-exception';
import { CommonErrorCode } from '../errors/common.errors';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

/** `?limit=&cursor=`, shared by every list; list DTOs extend it with their filters. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'page.nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export class PageInfo {
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as ?cursor= for the next page; null on the last page',
  })
  nextCursor: string | null;

  @ApiProperty()
  limit: number;
}

export interface Page<T> {
  data: T[];
  page: PageInfo;
}

/**
 * The OpenAPI shape of a page of `item`s, to extend: `export class UserPage extends PageOf(UserResponse) {}`. The
 * subclass gives the schema its name; the properties come from here.
 */
export function PageOf<T>(item: Class<T>): Class<Page<T>> {
  class PageOfItems implements Page<T> {
    @ApiProperty({ type: [item] }) data: T[];
    @ApiProperty({ type: PageInfo }) page: PageInfo;
  }
  return PageOfItems;
}

type CursorValue = string | number;

/** A column of the stable order: the SQL expression and how to read it from a row. */
export interface SortKey<E> {
  expression: string;
  value: (row: E) => CursorValue;
  type: 'string' | 'number' | 'timestamp';
}

export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, types: SortKey<never>['type'][]): CursorValue[] {
  const fail = (): never => {
    throw new AppException(CommonErrorCode.INVALID_CURSOR);
  };
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) fail();
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return fail();
  }
  if (!Array.isArray(values) || values.length !== types.length) fail();
  const list = values as unknown[];
  types.forEach((type, i) => {
    const v = list[i];
    if (type === 'number' ? typeof v !== 'number' || !Number.isFinite(v) : typeof v !== 'string' || v.length > 300)
      fail();
    if (type === 'timestamp' && Number.isNaN(Date.parse(v as string))) fail();
  });
  return list as CursorValue[];
}

/**
 * The one list helper (Vendure's ListQueryBuilder in miniature): keyset pagination over a stable, unique,
 * ascending order. The last key must be unique (usually the id). Fetches one extra row to know whether a next
 * page exists, so no COUNT query runs.
 */
export async function paginate<E extends ObjectLiteral, R = E>(
  qb: SelectQueryBuilder<E>,
  query: PageQuery,
  keys: SortKey<E>[],
  toResponse: (row: E) => R,
): Promise<Page<R>> {
  const limit = query.limit ?? DEFAULT_LIMIT;
  if (query.cursor) {
    const values = decodeCursor(
      query.cursor,
      keys.map((k) => k.type),
    );
    const left = keys.map((k) => k.expression).join(', ');
    const right = keys.map((k, i) => (k.type === 'timestamp' ? `:cursor${i}::timestamptz` : `:cursor${i}`)).join(', ');
    qb.andWhere(`(${left}) > (${right})`, Object.fromEntries(values.map((v, i) => [`cursor${i}`, v])));
  }
  keys.forEach((k, i) => (i === 0 ? qb.orderBy(k.expression, 'ASC') : qb.addOrderBy(k.expression, 'ASC')));
  const rows = await qb.take(limit + 1).getMany();
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    data: pageRows.map(toResponse),
    page: {
      nextCursor: hasMore && last ? encodeCursor(keys.map((k) => k.value(last))) : null,
      limit,
    },
  };
}
