/**
 * `useOperations(sinks)`: one envelop plugin that follows every GraphQL operation, over HTTP, SSE
 * and WebSocket alike, and tells its sinks (metrics, tracing, the operation log, all in
 * `src/observability/`) when it starts and ends, with its name, type, duration, upstream calls and
 * error codes. The scope it fills is the one the operation's context carries (`context.scope`, see
 * `src/observability/operations.ts`). Documents that fail to parse or validate count as operations
 * too (with their error code), since a client sent them.
 */
import { getOperationAST, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { GRAPHQL_VALIDATION_FAILED } from '../errors.js';
import { newOperationScope, recordErrors, type OperationRecord, type OperationScope, type OperationSink } from '../observability/operations.js';

/** The scope a context carries (contexts built by `createContext` always carry one). */
function scopeOf(context: object): OperationScope | undefined {
  return (context as { scope?: OperationScope }).scope;
}

/** The operation name the request asked for (yoga's initial context, on every transport, carries the request's `params`). */
function requestedName(context: object): string | null {
  return (context as { params?: { operationName?: string | null } }).params?.operationName ?? null;
}

/** True for a stream of results (a subscription, or an operation with `@defer` / `@stream`). */
export function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** The plugin. Sinks are called synchronously; they must not throw. */
export function useOperations(sinks: readonly OperationSink[]): Plugin {
  const begin = (context: object, document: DocumentNode, operationName: string | null | undefined): OperationScope => {
    const scope = scopeOf(context) ?? newOperationScope();
    const operation = getOperationAST(document, operationName);
    scope.type = operation?.operation ?? 'unknown';
    scope.name = operation?.name?.value ?? operationName ?? null;
    for (const sink of sinks) sink.onStart?.(scope);
    return scope;
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
    const operation = document ? getOperationAST(document, operationName) : null;
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
      ({ params, context }) =>
      ({ result }) => {
        if (result.length === 0) return;
        const codes = result.map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : GRAPHQL_VALIDATION_FAILED));
        rejected(params.documentAST, requestedName(context), [...new Set(codes)]);
      },
    onExecute: ({ args }) => {
      const scope = begin(args.contextValue as object, args.document, args.operationName);
      return {
        onExecuteDone: ({ result }) => {
          if (isAsyncIterable(result)) {
            return {
              onNext: ({ result: part }) => recordErrors(scope, part.errors),
              onEnd: () => end(scope),
            };
          }
          recordErrors(scope, result.errors);
          end(scope);
          return undefined;
        },
      };
    },
    onSubscribe: ({ args }) => {
      const scope = begin(args.contextValue as object, args.document, args.operationName);
      return {
        onSubscribeError: ({ error }) => {
          recordErrors(scope, [error instanceof Error ? error : new Error(String(error))]);
          end(scope);
        },
        onSubscribeResult: ({ result }) => {
          if (!isAsyncIterable(result)) {
            recordErrors(scope, result.errors);
            end(scope);
            return undefined;
          }
          return {
            onNext: ({ result: event }) => {
              scope.events += 1;
              recordErrors(scope, event.errors);
            },
            onEnd: () => end(scope),
          };
        },
      };
    },
  };
}
