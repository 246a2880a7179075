import type { HttpError } from '@hookyard/http';

/** DTR's error body (seeds 000/002): `{errors:[{code, message, detail}]}`. */
export const renderDtrError = (error: HttpError) => ({
  errors: [{ code: error.code, message: error.message, detail: error.detail }],
});

/** Each API answers errors in its own body, chosen by path prefix; the first match wins. */
export const ERROR_BODIES: Array<{ prefix: string; render: (error: HttpError) => unknown }> = [
  { prefix: '/api/v0/', render: renderDtrError },
];
