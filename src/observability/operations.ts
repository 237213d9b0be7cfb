/**
 * `useOperations(sinks)`: one envelop plugin that follows every GraphQL operation, over HTTP, SSE
 * and WebSocket alike, and tells its sinks (metrics, tracing, the operation log) when it starts and
 * ends, with its name, type, duration, upstream calls and error codes.
 *
 * Each operation's {@link OperationScope} is made with its context (`context.scope`, see
 * `src/operation.ts`) and handed
 * to the upstream client as the calls' origin, so upstream observers count and trace per operation
 * from the request itself. No AsyncLocalStorage: on Node 20 it turns on promise hooks for the whole
 * process, a cost paid on every promise of every request (see docs/performance.md).
 * Errors an operation produced are remembered (weakly) with it, so yoga's error log line can name it.
 * Documents that fail to parse or validate count as operations too (with their error code), since a
 * client sent them.
 */
import { Kind, type DocumentNode, type GraphQLError, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
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
export function newOperationScope(): OperationScope {
  return { type: 'unknown', name: null, startedAt: performance.now(), upstreamCalls: 0, sharedCalls: 0, events: 0, errorCodes: new Set(), ended: false };
}

/** The scope a context carries (contexts built by `createContext` always carry one). */
function scopeOf(context: object): OperationScope | undefined {
  return (context as { scope?: OperationScope }).scope;
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

function operationOf(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** The plugin. Sinks are called synchronously; they must not throw. */
export function useOperations(sinks: readonly OperationSink[]): Plugin {
  const begin = (context: object, document: DocumentNode, operationName: string | null | undefined): OperationScope => {
    const scope = scopeOf(context) ?? newOperationScope();
    const operation = operationOf(document, operationName);
    scope.type = operation?.operation ?? 'unknown';
    scope.name = operation?.name?.value ?? operationName ?? null;
    for (const sink of sinks) sink.onStart?.(scope);
    return scope;
  };
  const collect = (scope: OperationScope, errors: readonly (GraphQLError | Error)[] | undefined) => {
    for (const error of errors ?? []) {
      scope.errorCodes.add(codeOf(error));
      errorOrigins.set(error, scope);
      const original = originalOf(error);
      if (original) errorOrigins.set(original, scope);
    }
  };
  const end = (scope: OperationScope) => {
    if (scope.ended) return;
    scope.ended = true;
    const record: OperationRecord = {
      type: scope.type,
      name: scope.name,
      durationMs: performance.now() - scope.startedAt,
      upstreamCalls: scope.upstreamCalls,
      sharedCalls: scope.sharedCalls,
      events: scope.events,
      errorCodes: [...scope.errorCodes],
    };
    for (const sink of sinks) sink.onEnd?.(record, scope);
  };
  /** A document rejected before execution: an operation that ends as soon as it starts. */
  const rejected = (document: DocumentNode | undefined, operationName: string | null | undefined, codes: string[]) => {
    const scope = newOperationScope();
    const operation = document ? operationOf(document, operationName) : undefined;
    scope.type = operation?.operation ?? 'unknown';
    scope.name = operation?.name?.value ?? operationName ?? null;
    for (const code of codes) scope.errorCodes.add(code);
    for (const sink of sinks) sink.onStart?.(scope);
    end(scope);
  };

  return {
    onParse:
      () =>
      ({ result }) => {
        if (result instanceof Error) rejected(undefined, null, ['GRAPHQL_PARSE_FAILED']);
      },
    onValidate:
      ({ params }) =>
      ({ result }) => {
        if (result.length === 0) return;
        const codes = result.map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : 'GRAPHQL_VALIDATION_FAILED'));
        rejected(params.documentAST, null, [...new Set(codes)]);
      },
    onExecute: ({ args }) => {
      const scope = begin(args.contextValue as object, args.document, args.operationName);
      return {
        onExecuteDone: ({ result }) => {
          if (isAsyncIterable(result)) {
            return {
              onNext: ({ result: part }) => collect(scope, part.errors),
              onEnd: () => end(scope),
            };
          }
          collect(scope, result.errors);
          end(scope);
          return undefined;
        },
      };
    },
    onSubscribe: ({ args }) => {
      const scope = begin(args.contextValue as object, args.document, args.operationName);
      return {
        onSubscribeError: ({ error }) => {
          collect(scope, [error instanceof Error ? error : new Error(String(error))]);
          end(scope);
        },
        onSubscribeResult: ({ result }) => {
          if (!isAsyncIterable(result)) {
            collect(scope, result.errors);
            end(scope);
            return undefined;
          }
          return {
            onNext: ({ result: event }) => {
              scope.events += 1;
              collect(scope, event.errors);
            },
            onEnd: () => end(scope),
          };
        },
      };
    },
  };
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
