/**
 * What the gateway knows of one GraphQL operation while it runs, and how that is reported: the
 * {@link OperationScope} (name, type, start, upstream calls, events, error codes), the record its
 * sinks (metrics, tracing, the operation log) get when it ends, and the upstream observer that counts
 * its calls. The envelop plugin that starts and ends scopes is `src/plugins/operations.ts`.
 *
 * Each operation's scope is made with its context (`context.scope`, see `src/operation.ts`) and
 * handed to the upstream client as the calls' origin, so upstream observers count and trace per
 * operation from the request itself. No AsyncLocalStorage: on Node 20 it turns on promise hooks for
 * the whole process, a cost paid on every promise of every request (see docs/performance.md).
 * Errors an operation produced are remembered (weakly) with it, so yoga's error log line can name it.
 */
import type { GraphQLError } from 'graphql';
import { GatewayError } from '../errors.js';
import type { UpstreamObserver } from '../wexa/observer.js';
import type { CallOrigin } from '../wexa/transport.js';

export type OperationType = 'query' | 'mutation' | 'subscription' | 'unknown';

/** One operation, from its context to its end. */
export interface OperationScope extends CallOrigin {
  type: OperationType;
  /** The operation's name as the client wrote it (null when anonymous). */
  name: string | null;
  startedAt: number;
  /** HTTP exchanges with the upstream made for this operation (retries included). */
  upstreamCalls: number;
  /** GETs answered by an identical call already in flight. */
  sharedCalls: number;
  /** Subscription events delivered. */
  events: number;
  errorCodes: Set<string>;
  ended: boolean;
  /** The W3C `traceparent` the request came with (HTTP header, or the WebSocket's), if any. */
  traceparent: string | null;
  /** The trace the operation belongs to: its span's, or the incoming `traceparent`'s without tracing. */
  traceId: string | null;
}

/** A valid W3C `traceparent` (version 00): its trace id, or null. */
export function traceIdOf(traceparent: string | null | undefined): string | null {
  const match = typeof traceparent === 'string' ? /^00-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/.exec(traceparent.trim()) : null;
  return match && !/^0+$/.test(match[1]!) ? match[1]! : null;
}

/** What a finished operation reports. */
export interface OperationRecord {
  type: OperationType;
  name: string | null;
  durationMs: number;
  upstreamCalls: number;
  sharedCalls: number;
  events: number;
  /** Distinct `extensions.code`s of its errors; empty when it succeeded. */
  errorCodes: string[];
}

export interface OperationSink {
  onStart?(scope: OperationScope): void;
  onEnd?(record: OperationRecord, scope: OperationScope): void;
}

/** The operation each error came from (errors and their original errors), for the error log. */
const errorOrigins = new WeakMap<object, OperationScope>();

/** The error a GraphQL error wraps, if any. */
function originalOf(error: GraphQLError | Error): Error | undefined {
  return 'originalError' in error ? ((error as GraphQLError).originalError ?? undefined) : undefined;
}

/** The operation an error reported by an operation came from, if known. */
export function operationOfError(error: Error): OperationScope | undefined {
  const original = originalOf(error);
  return errorOrigins.get(error) ?? (original ? errorOrigins.get(original) : undefined);
}

/** The scope of a new operation; its context carries it as `scope`. */
export function newOperationScope(traceparent: string | null = null): OperationScope {
  return {
    type: 'unknown',
    name: null,
    startedAt: performance.now(),
    upstreamCalls: 0,
    sharedCalls: 0,
    events: 0,
    errorCodes: new Set(),
    ended: false,
    traceparent,
    traceId: traceIdOf(traceparent),
  };
}

/** Code of a GraphQL error, as a client will see it after masking. */
export function codeOf(error: GraphQLError | Error): string {
  const original = originalOf(error);
  if (original instanceof GatewayError) return original.code;
  if (error instanceof GatewayError) return error.code;
  const code = 'extensions' in error ? (error as GraphQLError).extensions?.code : undefined;
  if (typeof code === 'string') return code;
  if (original && !('extensions' in original)) return 'INTERNAL_SERVER_ERROR';
  return 'BAD_USER_INPUT';
}

/** Remembers an operation's errors: their codes on its scope, and the scope for each error (for the error log). */
export function recordErrors(scope: OperationScope, errors: readonly (GraphQLError | Error)[] | undefined): void {
  for (const error of errors ?? []) {
    scope.errorCodes.add(codeOf(error));
    errorOrigins.set(error, scope);
    const original = originalOf(error);
    if (original) errorOrigins.set(original, scope);
  }
}

/** Upstream observer that counts each operation's upstream calls and shared GETs on its origin. */
export const operationCounter: UpstreamObserver = {
  onAttemptStart({ origin }) {
    if (origin) origin.upstreamCalls += 1;
  },
  onShared(_endpoint, origin) {
    if (origin) origin.sharedCalls += 1;
  },
};
