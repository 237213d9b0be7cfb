/**
 * Persisted operations (trusted documents) for production frontends. `persistedOperationsFile` is a
 * JSON file in one of the shapes the clients' build tools write:
 *
 * - a map of id → document: `{"<id>": "<document>"}`. That is the gateway's own format (SHA-256 ids),
 *   GraphQL Code Generator's client-preset `persisted-documents.json` (SHA-256 or SHA-1 ids, its
 *   `hashAlgorithm`) and relay-compiler's `persistConfig` output (MD5, SHA-1 or SHA-256 ids, its
 *   `algorithm`);
 * - Apollo's persisted query manifest (`@apollo/generate-persisted-query-manifest`):
 *   `{"format": "apollo-persisted-query-manifest", "version": 1, "operations": [{"id", "name", "type", "body"}]}`,
 *   ids being the SHA-256 of the body (the generator's default).
 *
 * Every entry is checked at start: its id must be the MD5, SHA-1 or SHA-256 (hex) of its document,
 * so the file cannot allow a document other than the one its id names. A client names a document
 * by `extensions.persistedQuery { version: 1, sha256Hash }` (Apollo's and urql's persisted-query
 * links), `documentId` (the GraphQL-over-HTTP proposal; urql with Code Generator's documents) or
 * `doc_id` (Relay), in the request body, its query string or a graphql-ws `subscribe` payload.
 *
 * With `persistedOperationsOnly` (the default when a file is set) it is an allow-list: a request that
 * sends a document of its own is refused (`PERSISTED_QUERY_ONLY`), over HTTP and WebSocket, unless it
 * also names the persisted entry holding exactly that document (Apollo's `GraphQLWsLink` always
 * sends the document with its hash). An id the file does not hold is `PERSISTED_QUERY_NOT_FOUND`.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Config } from '../config.js';

/** SHA-256 (hex) of a document, the id a client sends for it. */
export const operationHash = (document: string): string => createHash('sha256').update(document).digest('hex');

/** The hashes an id may be of its document: relay-compiler's MD5 default, SHA-1 and SHA-256. */
const ID_ALGORITHMS = ['sha256', 'sha1', 'md5'] as const;

/** The request parameters besides GraphQL's own that may name a persisted document. */
export const PERSISTED_ID_PARAMS = ['documentId', 'doc_id'] as const;

const APOLLO_MANIFEST = 'apollo-persisted-query-manifest';

function idMatches(id: string, document: string): boolean {
  return ID_ALGORITHMS.some((algorithm) => createHash(algorithm).update(document).digest('hex') === id);
}

/** The entries of an Apollo persisted query manifest, as [id, document] pairs. */
function apolloEntries(file: string, manifest: Record<string, unknown>): Array<[string, unknown]> {
  if (manifest.version !== 1 || !Array.isArray(manifest.operations)) {
    throw new Error(`${file}: an Apollo persisted query manifest must have "version": 1 and an "operations" array`);
  }
  return manifest.operations.map((operation: unknown, i): [string, unknown] => {
    const { id, body } = (operation ?? {}) as { id?: unknown; body?: unknown };
    if (typeof id !== 'string') throw new Error(`${file}: operations[${i}] has no string "id"`);
    return [id, body];
  });
}

/** Reads and checks a persisted operations file (any format above). Throws (at start) on a bad file, naming the entry. */
export function loadPersistedOperations(file: string): Map<string, string> {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`${file}: persisted operations must be a JSON object of "<id>": "<document>", or an Apollo persisted query manifest`);
  }
  const record = parsed as Record<string, unknown>;
  const entries = record.format === APOLLO_MANIFEST ? apolloEntries(file, record) : Object.entries(record);
  const operations = new Map<string, string>();
  for (const [rawId, document] of entries) {
    const id = rawId.toLowerCase();
    if (typeof document !== 'string' || !idMatches(id, document)) {
      throw new Error(`${file}: the entry ${rawId.slice(0, 16)}… is not the SHA-256, SHA-1 or MD5 of its document`);
    }
    operations.set(id, document);
  }
  return operations;
}

/** What a request (HTTP params, or a graphql-ws `subscribe` payload) carries that matters here. */
export interface OperationParams {
  query?: string | null;
  extensions?: Readonly<Record<string, unknown>> | null;
  documentId?: unknown;
  doc_id?: unknown;
}

const errors = {
  notFound: { message: 'Unknown persisted operation.', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 400 } } },
  keyNotFound: {
    message: 'Send a persisted operation id: extensions.persistedQuery { version: 1, sha256Hash }, documentId or doc_id.',
    extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 400 } },
  },
  persistedQueryOnly: {
    message: 'This gateway only runs persisted operations: send extensions.persistedQuery, documentId or doc_id instead of a query.',
    extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 400 } },
  },
};
const refusal = (error: (typeof errors)[keyof typeof errors]): { error: Error } => ({ error: createGraphQLError(error.message, error) });

/** The persisted operations of a gateway: its yoga plugin and the same rule for WebSocket operations. */
export interface PersistedOperations {
  plugin: Plugin;
  /** The document an operation runs, or the error that refuses it. */
  resolve(params: OperationParams): { query: string } | { error: Error };
}

/** The persisted id a request names, lower-cased; null when it names none. */
export function persistedIdOf(params: OperationParams): string | null {
  const pq = (params.extensions as { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } | null | undefined)?.persistedQuery;
  if (pq?.version === 1 && typeof pq.sha256Hash === 'string') return pq.sha256Hash.toLowerCase();
  for (const name of PERSISTED_ID_PARAMS) {
    const id = params[name];
    if (typeof id === 'string' && id !== '') return id.toLowerCase();
  }
  return null;
}

/** Builds them from the config; null when no file is configured. */
export function createPersistedOperations(config: Config): PersistedOperations | null {
  if (!config.persistedOperationsFile) return null;
  const operations = loadPersistedOperations(config.persistedOperationsFile);
  const only = config.persistedOperationsOnly;
  const resolve: PersistedOperations['resolve'] = (params) => {
    const id = persistedIdOf(params);
    if (params.query) {
      if (!only || (id !== null && operations.get(id) === params.query)) return { query: params.query };
      return refusal(errors.persistedQueryOnly);
    }
    if (id === null) return refusal(errors.keyNotFound);
    const query = operations.get(id);
    return query === undefined ? refusal(errors.notFound) : { query };
  };
  return {
    plugin: {
      onParams({ params, setParams }) {
        const resolved = resolve(params as OperationParams);
        if ('error' in resolved) throw resolved.error;
        setParams({ query: resolved.query, operationName: params.operationName, variables: params.variables, extensions: params.extensions });
      },
    },
    resolve,
  };
}
