import type { Stack } from './stack';

/** A request to an API under test: JSON body when given, and the Authorization header as is. */
export function callApi(
  method: string,
  url: string,
  authorization: string,
  body?: unknown,
): Promise<Response> {
  return fetch(url, {
    method,
    headers: {
      authorization,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** A gateway answer; `body` is parsed JSON of whatever shape the route returns. */
export interface ApiResponse {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Headers;
}

/** A call to the stack's gateway, as the admin unless `auth` (an Authorization header) is given. */
export async function gatewayApi(
  stack: Stack,
  path: string,
  init: { method?: string; body?: unknown; auth?: string } = {},
): Promise<ApiResponse> {
  const response = await callApi(
    init.method ?? 'GET',
    `${stack.url('gateway')}${path}`,
    init.auth ?? stack.adminAuth,
    init.body,
  );
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}
