/**
 * A tiny GraphQL-over-HTTP client for tests: POSTs a document with an `x-api-key` header and returns
 * the HTTP status with the parsed body.
 */

/** One error of a GraphQL response. */
export interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

/** A parsed GraphQL response plus the HTTP status. */
export interface GqlResponse<D = Record<string, any>> {
  status: number;
  data?: D | null;
  errors?: GqlError[];
}

/** Options of one request: `key: null` sends no key at all. */
export interface GqlOptions {
  key?: string | null;
  headers?: Record<string, string>;
}

/** POSTs `query` to `url` with `x-api-key: key` (unless `key` is null). */
export async function postGraphQL<D = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> | undefined,
  key: string | null,
  headers: Record<string, string> = {},
): Promise<GqlResponse<D>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(key === null ? {} : { 'x-api-key': key }),
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: D | null; errors?: GqlError[] };
  return { status: response.status, ...body };
}

/** The `extensions.code` of every error of a response, in order. */
export function codesOf(response: GqlResponse<unknown>): (string | undefined)[] {
  return (response.errors ?? []).map((e) => e.extensions?.code);
}

/** GETs JSON from `baseUrl + path` with `x-api-key: key` (tests use it to read the simulator directly). */
export async function getJson<T = any>(baseUrl: string, path: string, key: string): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, { headers: { 'x-api-key': key } });
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
  return (await response.json()) as T;
}
