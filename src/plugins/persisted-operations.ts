/**
 * Persisted operations for production frontends (yoga's plugin). `persistedOperationsFile` is a JSON
 * object mapping the SHA-256 (hex) of each document to the document; every entry is checked at start,
 * so the file cannot allow a document other than the one its hash names. Clients send
 * `extensions: { persistedQuery: { version: 1, sha256Hash } }` instead of `query`.
 *
 * With `persistedOperationsOnly` (the default when a file is set) it is an allow-list: any request
 * that sends a document of its own is refused (`PERSISTED_QUERY_ONLY`), over HTTP and WebSocket.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Config } from '../config.js';

/** SHA-256 (hex) of a document, the id a client sends for it. */
export const operationHash = (document: string): string => createHash('sha256').update(document).digest('hex');

/** Reads and checks a persisted operations file. Throws (at start) on a bad file, naming the entry. */
export function loadPersistedOperations(file: string): Map<string, string> {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`${file}: persisted operations must be a JSON object of "<sha256>": "<document>"`);
  }
  const operations = new Map<string, string>();
  for (const [hash, document] of Object.entries(parsed)) {
    if (typeof document !== 'string' || operationHash(document) !== hash.toLowerCase()) {
      throw new Error(`${file}: the entry ${hash.slice(0, 16)}… is not the SHA-256 of its document`);
    }
    operations.set(hash.toLowerCase(), document);
  }
  return operations;
}

/** What a WebSocket operation carries that matters here. */
export interface OperationParams {
  query?: string | null;
  extensions?: Readonly<Record<string, unknown>> | null;
}

const errors = {
  notFound: { message: 'Unknown persisted operation.', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 400 } } },
  keyNotFound: {
    message: 'Send a persisted operation id: extensions.persistedQuery { version: 1, sha256Hash }.',
    extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 400 } },
  },
  persistedQueryOnly: {
    message: 'This gateway only runs persisted operations: send extensions.persistedQuery instead of a query.',
    extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 400 } },
  },
};

/** The persisted operations of a gateway: its yoga plugin and the same rule for WebSocket operations. */
export interface PersistedOperations {
  plugin: Plugin;
  /** The document a WebSocket operation runs, or the error that refuses it. */
  resolve(params: OperationParams): { query: string } | { error: Error };
}

function hashOf(params: OperationParams): string | null {
  const pq = (params.extensions as { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } | undefined)?.persistedQuery;
  return pq?.version === 1 && typeof pq.sha256Hash === 'string' ? pq.sha256Hash.toLowerCase() : null;
}

/** Builds them from the config; null when no file is configured. */
export function createPersistedOperations(config: Config): PersistedOperations | null {
  if (!config.persistedOperationsFile) return null;
  const operations = loadPersistedOperations(config.persistedOperationsFile);
  const only = config.persistedOperationsOnly;
  return {
    plugin: usePersistedOperations({
      getPersistedOperation: (key) => operations.get(key.toLowerCase()) ?? null,
      allowArbitraryOperations: !only,
      customErrors: errors,
    }) as Plugin,
    resolve(params) {
      if (params.query) return only ? { error: createGraphQLError(errors.persistedQueryOnly.message, errors.persistedQueryOnly) } : { query: params.query };
      const hash = hashOf(params);
      const query = hash === null ? undefined : operations.get(hash);
      return query === undefined ? { error: createGraphQLError(errors.notFound.message, errors.notFound) } : { query };
    },
  };
}
