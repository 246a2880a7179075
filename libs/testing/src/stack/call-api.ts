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
