/**
 * Compiled execution (graphql-jit) for queries and mutations: each document is compiled once into
 * plain functions, with a compiled result serialiser. Subscriptions keep the executor yoga brings
 * (graphql-tools' `normalizedExecutor` on graphql 16), which reads their variables correctly where
 * graphql-jit's compiled subscribe does not, and so do documents using `@defer` or `@stream`, which
 * graphql-jit does not support (`incremental-delivery.ts`).
 */
import { useGraphQlJit } from '@envelop/graphql-jit';
import { getOperationAST } from 'graphql';
import { usesIncrementalDelivery } from './incremental-delivery.js';

export function useCompiledQueries(): ReturnType<typeof useGraphQlJit> {
  return useGraphQlJit(
    {},
    {
      enableIf: (args) =>
        getOperationAST(args.document, args.operationName)?.operation !== 'subscription' && !usesIncrementalDelivery(args.document),
    },
  );
}
