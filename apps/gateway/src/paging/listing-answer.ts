import { ApiError } from '@hookyard/http';
import { InvalidPageStart, Listing, Page } from '@hookyard/persistence';
import { StreamableFile, type Type } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { DEFAULT_PAGE_SIZE, PageQuery } from './page-query';

/** The response header naming the next page's `pageStart`. */
export const NEXT_PAGE_START = 'X-Next-Page-Start';

/**
 * Documents a listing's answer: its body, and the next page's start in a response header (absent
 * on the last page and on an answer streamed whole).
 */
export const ApiPagedResponse = (options: {
  type?: Type<unknown>;
  isArray?: boolean;
  description?: string;
}) =>
  ApiResponse({
    status: 200,
    ...options,
    headers: {
      [NEXT_PAGE_START]: {
        description: 'pageStart of the next page; absent on the last page',
        schema: { type: 'string' },
      },
    },
  });

/**
 * An API's listing answered in JSON: the list itself, or an object holding it under `list`
 * after `fields` (Quay's `{notifications: [...]}`).
 */
export interface ListShape {
  fields?: Record<string, unknown>;
  list: string;
}

/**
 * A listing as its API answers it: a page when the client asks for one (`pageSize` or
 * `pageStart`), every item streamed otherwise, as the API answered before it had paging.
 */
export function listingAnswer<T>(
  response: Response,
  listing: Listing<T>,
  query: PageQuery,
  present: (item: T) => unknown,
  shape?: ListShape,
): Promise<unknown> {
  return query.pageSize === undefined && query.pageStart === undefined
    ? streamedAnswer(listing, present, shape)
    : pagedAnswer(response, listing, query, present, shape);
}

/** One page (DEFAULT_PAGE_SIZE items unless asked), the next page's start in X-Next-Page-Start. */
export async function pagedAnswer<T>(
  response: Response,
  listing: Listing<T>,
  query: PageQuery,
  present: (item: T) => unknown,
  shape?: ListShape,
): Promise<unknown> {
  const page = await readPage(listing, query);
  if (page.nextStart) response.setHeader(NEXT_PAGE_START, page.nextStart);
  const items = page.items.map(present);
  return shape ? { ...shape.fields, [shape.list]: items } : items;
}

/**
 * Every item, streamed as it is read from a database cursor: the JSON is byte for byte what
 * `res.json` makes of the whole list, but the gateway holds one batch of rows at a time. The
 * first batch is read before answering, so a failing query is answered with its error; a failure
 * later cuts the connection, so a client cannot take the truncated list for all of it.
 */
export async function streamedAnswer<T>(
  listing: Listing<T>,
  present: (item: T) => unknown,
  shape?: ListShape,
): Promise<StreamableFile> {
  const batches = listing.batches()[Symbol.asyncIterator]();
  const first = await batches.next();
  const [open, close] = shape ? [openObject(shape), ']}'] : ['[', ']'];
  async function* json(): AsyncGenerator<string> {
    yield open;
    let separator = '';
    for (let next = first; !next.done; next = await batches.next()) {
      yield separator + next.value.map((item) => JSON.stringify(present(item))).join(',');
      separator = ',';
    }
    yield close;
  }
  // One chunk at a time: the socket's own buffer is the only read-ahead.
  const stream = Readable.from(json(), { highWaterMark: 1 });
  // Also when the answer is dropped before it started (the client left): the cursor is closed.
  stream.once('close', () => void batches.return?.());
  return new StreamableFile(stream, { type: 'application/json; charset=utf-8' });
}

async function readPage<T>(listing: Listing<T>, query: PageQuery): Promise<Page<T>> {
  try {
    return await listing.page({ size: query.pageSize ?? DEFAULT_PAGE_SIZE, start: query.pageStart });
  } catch (error) {
    if (!(error instanceof InvalidPageStart)) throw error;
    throw new ApiError(400, 'INVALID_PARAMETERS', error.message, { fields: ['pageStart'] });
  }
}

/** `{"field":…,"list":[` */
function openObject({ fields = {}, list }: ListShape): string {
  const before = JSON.stringify(fields).slice(0, -1);
  return `${before}${before.length > 1 ? ',' : ''}${JSON.stringify(list)}:[`;
}
