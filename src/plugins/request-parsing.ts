/**
 * How the gateway reads a GraphQL request off HTTP, replacing yoga's parsers for GET, JSON and
 * form-encoded bodies so that nothing a client sends can crash it or come back echoed:
 *
 * - broken JSON in a body, or in the `variables` / `extensions` of a query string or form, is a 400
 *   `BAD_REQUEST` that names the part, never a 500 and never a copy of the input;
 * - a JSON array (a batch) is refused: one operation per request;
 * - besides GraphQL's own params, a persisted document id (`documentId`, or Relay's `doc_id`) is read
 *   when present, a string (`persisted-operations.ts`);
 * - `variables` and `extensions` must be objects nested at most {@link MAX_JSON_DEPTH} levels;
 * - any other content type (multipart uploads included: the gateway takes no files) is a 415;
 * - a body over `maxRequestBodyBytes` is a 413 `REQUEST_ENTITY_TOO_LARGE`, and a malformed
 *   `Content-Length` a 400.
 *
 * The body limit is ours rather than yoga's: yoga pipes every body through a counting stream, which
 * cost several percent of the CPU of a request. With a valid `Content-Length` within the limit the
 * HTTP parser itself never delivers more bytes than that, so the body is read as it is; only a body
 * without one (chunked) is counted while it is read.
 */
import { createGraphQLError, type GraphQLParams, type Plugin } from 'graphql-yoga';
import { BAD_REQUEST } from '../errors.js';
import { PERSISTED_ID_PARAMS } from './persisted-operations.js';

/** Deepest nesting of arrays and objects accepted in `variables` and `extensions`. */
export const MAX_JSON_DEPTH = 32;

function badRequest(message: string, status = 400): Error {
  return createGraphQLError(message, { extensions: { code: BAD_REQUEST, http: { status } } });
}

/** The nesting depth of a parsed JSON value, measured without recursion (stops counting past `limit`). */
export function jsonDepthExceeds(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(item)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

function tooLarge(): Error {
  return createGraphQLError('Request body too large.', { extensions: { code: 'REQUEST_ENTITY_TOO_LARGE', http: { status: 413 } } });
}

/** Only one non-negative integer is a Content-Length (a list of values is a request-smuggling shape). */
const CONTENT_LENGTH = /^\d+$/;

/** Refuses a request whose declared length is malformed or over `limit`, before reading anything. */
function checkDeclaredLength(request: Request, limit: number): void {
  const declared = request.headers.get('content-length');
  if (declared === null) return;
  if (!CONTENT_LENGTH.test(declared)) throw badRequest('Content-Length header is invalid.');
  if (Number(declared) > limit) throw tooLarge();
}

/** The body as text; without a declared length, counted while read and refused past `limit`. */
async function bodyText(request: Request, limit: number): Promise<string> {
  if (request.headers.get('content-length') !== null || request.body === null) return request.text();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Stop reading but do not cancel: cancelling would destroy the socket before the 413 is sent.
      reader.releaseLock();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest(`${what} is not valid JSON.`);
  }
}

/** `variables` / `extensions`: absent, null, or a JSON object within the depth limit. */
function objectParam(value: unknown, name: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw badRequest(`"${name}" must be a JSON object.`);
  if (jsonDepthExceeds(value, MAX_JSON_DEPTH)) throw badRequest(`"${name}" is nested deeper than ${MAX_JSON_DEPTH} levels.`);
  return value as Record<string, unknown>;
}

function stringParam(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badRequest(`"${name}" must be a string.`);
  return value;
}

/** The persisted document ids a request may carry besides GraphQL's own params, only when present (`persisted-operations.ts`). */
function persistedIds(value: (name: string) => unknown): Partial<Record<(typeof PERSISTED_ID_PARAMS)[number], string>> {
  const ids: Partial<Record<(typeof PERSISTED_ID_PARAMS)[number], string>> = {};
  for (const name of PERSISTED_ID_PARAMS) {
    const id = stringParam(value(name), name);
    if (id) ids[name] = id;
  }
  return ids;
}

/** GraphQL params from a parsed JSON body. */
export function paramsFromBody(body: unknown): GraphQLParams {
  if (Array.isArray(body)) throw badRequest('Batched requests (a JSON array) are not supported: send one operation per request.');
  if (body === null || typeof body !== 'object') throw badRequest('The request body must be a JSON object.');
  const raw = body as Record<string, unknown>;
  return withDocument(
    {
      query: stringParam(raw.query, 'query'),
      operationName: stringParam(raw.operationName, 'operationName'),
      variables: objectParam(raw.variables, 'variables'),
      extensions: objectParam(raw.extensions, 'extensions'),
      ...persistedIds((name) => raw[name]),
    },
    raw,
  );
}

/** Names a persisted document may go by in a request instead of `query` (Relay's `doc_id`, the spec's `documentId`). */
const DOCUMENT_IDS = ['doc_id', 'documentId'] as const;

/**
 * The params, once they name a document: a `query`, a persisted query's hash, or a document id.
 * A request with none of them is not a GraphQL request at all (e.g. `{"qeury": …}`): 400, whatever it accepts.
 */
function withDocument(params: GraphQLParams, raw: Record<string, unknown> | URLSearchParams): GraphQLParams {
  if (params.query !== undefined || params.extensions?.['persistedQuery'] !== undefined) return params;
  const named = DOCUMENT_IDS.some((name) => (raw instanceof URLSearchParams ? raw.has(name) : raw[name] !== undefined));
  if (!named) throw badRequest('Must provide a "query" (or a persisted document id): this is not a GraphQL request.');
  return params;
}

/** GraphQL params from a query string or a form body. */
export function paramsFromSearch(search: URLSearchParams): GraphQLParams {
  const json = (name: string) => {
    const text = search.get(name);
    return text === null || text === '' ? undefined : objectParam(parseJson(text, `"${name}"`), name);
  };
  return withDocument(
    {
      query: search.get('query') || undefined,
      operationName: search.get('operationName') || undefined,
      variables: json('variables'),
      extensions: json('extensions'),
      ...persistedIds((name) => search.get(name) ?? undefined),
    },
    search,
  );
}

function contentType(request: Request): string {
  return (request.headers.get('content-type') ?? '').split(',')[0]!.split(';')[0]!.trim().toLowerCase();
}

/** Yoga plugin: the parsers described above, with bodies limited to `maxBodyBytes`. */
export function useSafeRequestParsing(maxBodyBytes: number): Plugin {
  return {
    onRequestParse({ request, url, requestParser, setRequestParser }) {
      if (request.method === 'GET') {
        setRequestParser(() => paramsFromSearch(url.searchParams));
        return;
      }
      if (request.method !== 'POST') return;
      checkDeclaredLength(request, maxBodyBytes);
      const type = contentType(request);
      if (type === 'application/json' || type === 'application/graphql+json') {
        setRequestParser(async (req) => paramsFromBody(parseJson(await bodyText(req, maxBodyBytes), 'The request body')));
      } else if (type === 'application/x-www-form-urlencoded') {
        setRequestParser(async (req) => paramsFromSearch(new URLSearchParams(await bodyText(req, maxBodyBytes))));
      } else if (!requestParser || type === 'multipart/form-data') {
        setRequestParser(() => {
          throw badRequest('Unsupported content type: send application/json (uploads are not accepted).', 415);
        });
      }
    },
  };
}
