import type { HttpError } from '@hookyard/http';
import { TOO_MANY_WEBHOOKS } from '../subscriptions/subscriptions.service';

/** DTR's error body (DTR 2.6 API): `{errors:[{code, message, detail}]}`. */
export const renderDtrError = (error: HttpError) => ({
  errors: [{ code: error.code, message: error.message, detail: error.detail }],
});

const QUAY_ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request',
  401: 'invalid_token',
  403: 'insufficient_scope',
  404: 'not_found',
};

/** Quay's fixed descriptions of these errors (endpoints/exception.py Unauthorized). */
const QUAY_ERROR_DESCRIPTIONS: Record<number, string> = {
  401: 'Requires authentication',
  403: 'Unauthorized',
};

/** Refusals Quay has no error of: their own code and message, not Quay's fixed words for the status. */
const OWN_QUAY_ERRORS = new Set([TOO_MANY_WEBHOOKS]);

/**
 * Quay's error model (Quay API guide): `{status, error_message, title, error_type, detail, type}`,
 * `detail` the same text as `error_message`.
 */
export const renderQuayError = (error: HttpError) => {
  const own = OWN_QUAY_ERRORS.has(error.code);
  const errorType = (!own && QUAY_ERROR_TYPES[error.status]) || error.code.toLowerCase();
  const description = (!own && QUAY_ERROR_DESCRIPTIONS[error.status]) || error.message;
  return {
    status: error.status,
    error_message: description,
    title: errorType,
    error_type: errorType,
    detail: description,
    type: `/api/v1/error/${errorType}`,
  };
};

/** Alauda's hooks docs show no error body; Alauda's API answers `{errors:[{source, code, message}]}`. */
export const renderAlaudaError = (error: HttpError) => ({
  errors: [{ source: 'hookyard', code: error.code.toLowerCase(), message: error.message }],
});

/** Each API answers errors in its own body, chosen by path prefix; the first match wins. */
export const ERROR_BODIES: Array<{ prefix: string; render: (error: HttpError) => unknown }> = [
  { prefix: '/api/v0/', render: renderDtrError },
  { prefix: '/api/v1/', render: renderQuayError },
  { prefix: '/v1/hooks', render: renderAlaudaError },
];
