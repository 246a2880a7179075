/**
 * The console talks to the same APIs as every other client; the browser sends the session
 * cookie (httpOnly: scripts never see it), and nothing about it is kept in browser storage.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The request fields the error is about, as the API names them (DTR's `detail.fields`). */
    readonly fields: readonly string[] = [],
  ) {
    super(message);
  }
}

/** The fields an error body names: DTR's `errors[0].detail.fields`. */
export function errorFields(body: unknown): string[] {
  const detail = (body as { errors?: Array<{ detail?: { fields?: unknown } }> } | null)?.errors?.[0]?.detail;
  const fields = detail && typeof detail === 'object' ? detail.fields : undefined;
  return Array.isArray(fields) ? fields.filter((field): field is string => typeof field === 'string') : [];
}

/** The message of `error` when it is about `field` (to show beside that field). */
export function fieldError(error: Error | undefined, field: string): string | undefined {
  return error instanceof ApiError && error.fields.includes(field) ? error.message : undefined;
}

/** `error`, unless it is about one of `fields` (shown beside it instead). */
export function formError(error: Error | undefined, fields: readonly string[]): Error | undefined {
  return error instanceof ApiError && error.fields.some((field) => fields.includes(field))
    ? undefined
    : error;
}

/** What was asked about is gone, or the user may no longer see it: polling it must stop, its old data go. */
export const lostAccess = (error: Error | undefined) =>
  error instanceof ApiError && (error.status === 403 || error.status === 404);

type Listener = () => void;
const unauthenticatedListeners = new Set<Listener>();

/** Called when any request answers 401: the session expired or was revoked. */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

/** `text` as a sentence of its own: capital first letter, full stop. */
function sentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** The message of an error body of any of the three APIs (DTR, Quay, Alauda). */
export function errorMessage(status: number, body: unknown): string {
  const value = body as {
    errors?: Array<{ message?: string; detail?: unknown }>;
    error_message?: string;
    detail?: unknown;
    message?: string;
  } | null;
  const first = value?.errors?.[0];
  if (first?.message) {
    // DTR's NOT_AUTHORIZED says why in detail.
    return typeof first.detail === 'string' && first.detail
      ? `${sentence(first.message)} ${sentence(first.detail)}`
      : first.message;
  }
  if (value?.error_message) return value.error_message;
  if (typeof value?.detail === 'string') return value.detail;
  if (typeof value?.message === 'string') return value.message;
  return `The server answered ${status}.`;
}

export interface ApiResponse<T> {
  data: T;
  headers: Headers;
}

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  options: { quiet401?: boolean } = {},
): Promise<ApiResponse<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'Hookyard could not be reached. Is the gateway running?');
  }
  const text = await response.text();
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  if (!response.ok) {
    if (response.status === 401 && !options.quiet401)
      unauthenticatedListeners.forEach((listener) => listener());
    throw new ApiError(response.status, errorMessage(response.status, parsed), errorFields(parsed));
  }
  return { data: parsed as T, headers: response.headers };
}

export const get = async <T>(path: string) => (await request<T>('GET', path)).data;
export const post = async <T>(path: string, body?: unknown) =>
  (await request<T>('POST', path, body ?? {})).data;
export const put = async <T>(path: string, body?: unknown) =>
  (await request<T>('PUT', path, body ?? {})).data;
export const patch = async <T>(path: string, body: unknown) => (await request<T>('PATCH', path, body)).data;
export const del = async (path: string) => {
  await request<unknown>('DELETE', path);
};

/** A query string of the defined, non-empty values. */
export function query(values: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * `value` as one path segment. A '.' or '..' segment would be resolved by the URL parser (encoded
 * or not: %2E counts as a dot), so a name from the address such as `?namespace=..` could point a
 * request at another route; no namespace, repository or id is one, so it is refused.
 */
export function segment(value: string): string {
  if (isDotSegment(value)) throw new ApiError(400, `"${value}" is not a name.`);
  return encodeURIComponent(value);
}

export const isDotSegment = (value: string) => value === '.' || value === '..';
