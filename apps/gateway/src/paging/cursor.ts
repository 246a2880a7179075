import { ApiError } from '@hookyard/http';

const badPageStart = () =>
  new ApiError(400, 'INVALID_PARAMETERS', 'pageStart must be the X-Next-Page-Start of a previous page', {
    fields: ['pageStart'],
  });

/**
 * Keyset paging, newest first: the cursor is (createdAt, id) of the last row shown, so pages stay
 * stable while rows arrive and each page is one index range scan, however deep.
 */
export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString('base64url');
}

/** The (createdAt, id) of a cursor; 400 unless it is one this API made with an id of `idPattern`. */
export function decodeCursor(cursor: string, idPattern: RegExp): { createdAt: Date; id: string } {
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const date = new Date(createdAt);
  if (!id || !idPattern.test(id) || Number.isNaN(date.getTime())) throw badPageStart();
  return { createdAt: date, id };
}
