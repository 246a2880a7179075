import type { Type as Class } from '@nestjs/common';
import { ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { Response } from 'express';
import { ApiError } from './api-error';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/**
 * DTR's paging: `pageSize` rows from `pageStart`, the `X-Next-Page-Start` header of the page
 * before (absent on the last page). Listings page by keyset, so a page stays stable while rows
 * are added and costs the same however deep it is.
 */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize must be a whole number' })
  @Min(1, { message: `pageSize must be between 1 and ${MAX_PAGE_SIZE}` })
  @Max(MAX_PAGE_SIZE, { message: `pageSize must be between 1 and ${MAX_PAGE_SIZE}` })
  pageSize?: number;

  @ApiPropertyOptional({ description: 'the X-Next-Page-Start header of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  pageStart?: string;
}

/** One page of rows, and where the next one starts when there is one. */
export interface Page<T> {
  items: T[];
  nextPageStart?: string;
}

/** Which rows a repository reads for one page: after the key of the last row shown, one more than the page. */
export interface PageRequest {
  /** The sort key of the last row of the previous page. */
  after?: string[];
  /** pageSize + 1: the extra row tells whether there is a next page. */
  limit: number;
}

const badPageStart = () =>
  new ApiError(400, 'INVALID_PARAMETERS', 'pageStart must be the X-Next-Page-Start of a previous page', {
    fields: ['pageStart'],
  });

/**
 * What to read for `query`; `keyLength` is the number of values in the listing's sort key, so a
 * pageStart of another listing (or made up) is refused rather than misread.
 */
export function pageRequest(query: PageQuery, keyLength: number): PageRequest {
  const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
  if (query.pageStart === undefined) return { limit: pageSize + 1 };
  let after: unknown;
  try {
    after = JSON.parse(Buffer.from(query.pageStart, 'base64url').toString('utf8'));
  } catch {
    throw badPageStart();
  }
  if (!Array.isArray(after) || after.length !== keyLength || !after.every((v) => typeof v === 'string'))
    throw badPageStart();
  return { after, limit: pageSize + 1 };
}

/** The page of `rows` (read with `request.limit`), its next pageStart made of the last row's sort key. */
export function toPage<T>(rows: T[], request: PageRequest, keyOf: (row: T) => string[]): Page<T> {
  const items = rows.slice(0, request.limit - 1);
  if (rows.length < request.limit) return { items };
  return {
    items,
    nextPageStart: Buffer.from(JSON.stringify(keyOf(items[items.length - 1]))).toString('base64url'),
  };
}

/** Sets `X-Next-Page-Start` on the answer when another page follows. */
export function setNextPageStart(response: Response, page: Page<unknown>): void {
  if (page.nextPageStart) response.setHeader('X-Next-Page-Start', page.nextPageStart);
}

/** Documents a paged listing's answer: its body and the `X-Next-Page-Start` header. */
export const ApiPagedResponse = (options: {
  type: Class<unknown>;
  isArray?: boolean;
  description?: string;
}) =>
  ApiResponse({
    status: 200,
    ...options,
    headers: {
      'X-Next-Page-Start': {
        description: 'pageStart of the next page; absent on the last page',
        schema: { type: 'string' },
      },
    },
  });
