/**
 * `useOperations(sinks)`: one envelop plugin that follows every GraphQL operation, over HTTP, SSE
 * and WebSocket alike, and tells its sinks (metrics, tracing, the operation log) when it starts and
 * ends, with its name, type, duration, upstream calls and error codes.
 *
 * Each operation runs inside an {@link OperationScope} held in an AsyncLocalStorage, so code far
 * below (the upstream client's observer, yoga's error logging) can tell which operation it works
 * for without being handed anything. Documents that fail to parse or validate count as operations
 * too (with their error code), since a client sent them.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Kind, type DocumentNode, type GraphQLError, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { GatewayError } from '../errors.js';
import type { UpstreamObserver } from '../wexa/observer.js';

export type OperationType = 'query' | 'mutation' | 'subscription' | 'unknown';

/** The operation an async call chain belongs to. */
export interface OperationScope {
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

const storage = new AsyncLocalStorage<OperationScope>();

/** The operation the current async call chain runs for, if any. */
export function currentOperation(): OperationScope | undefined {
  return storage.getStore();
}

/** Code of a GraphQL error, as a client will see it after masking. */
export function codeOf(error: GraphQLError | Error): string {
  const original = 'originalError' in error ? (error as GraphQLError).originalError : undefined;
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

function newScope(): OperationScope {
  return { type: 'unknown', name: null, startedAt: performance.now(), upstreamCalls: 0, sharedCalls: 0, events: 0, errorCodes: new Set(), ended: false };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** The plugin. Sinks are called synchronously; they must not throw. */
export function useOperations(sinks: readonly OperationSink[]): Plugin {
  const scopes = new WeakMap<object, OperationScope>();

  const begin = (context: object, document: DocumentNode, operationName: string | null | undefined): OperationScope => {
    const scope = scopes.get(context) ?? newScope();
    scopes.set(context, scope);
    const operation = operationOf(document, operationName);
    scope.type = operation?.operation ?? 'unknown';
    scope.name = operation?.name?.value ?? operationName ?? null;
    for (const sink of sinks) sink.onStart?.(scope);
    return scope;
  };
  const collect = (scope: OperationScope, errors: readonly (GraphQLError | Error)[] | undefined) => {
    for (const error of errors ?? []) scope.errorCodes.add(codeOf(error));
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
    const scope = newScope();
    const operation = document ? operationOf(document, operationName) : undefined;
    scope.type = operation?.operation ?? 'unknown';
    scope.name = operation?.name?.value ?? operationName ?? null;
    for (const code of codes) scope.errorCodes.add(code);
    for (const sink of sinks) sink.onStart?.(scope);
    end(scope);
  };

  const wrap = (payload: { context: object }, wrapped: () => unknown) => {
    const scope = scopes.get(payload.context) ?? newScope();
    scopes.set(payload.context, scope);
    return storage.run(scope, wrapped) as never;
  };

  return {
    instrumentation: { execute: wrap, subscribe: wrap },
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

/** Upstream observer that counts each operation's upstream calls and shared GETs in its scope. */
export const operationCounter: UpstreamObserver = {
  onAttemptStart() {
    const scope = storage.getStore();
    if (scope) scope.upstreamCalls += 1;
  },
  onShared() {
    const scope = storage.getStore();
    if (scope) scope.sharedCalls += 1;
  },
};
