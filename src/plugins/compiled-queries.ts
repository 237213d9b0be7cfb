/**
 * Compiled execution (graphql-jit) for queries and mutations: each document is compiled once into
 * plain functions, with a compiled result serialiser. Subscriptions keep graphql-js's executor, which
 * reads their variables correctly where graphql-jit's compiled subscribe does not.
 */
import { useGraphQlJit } from '@envelop/graphql-jit';
import { getOperationAST } from 'graphql';

export function useCompiledQueries(): ReturnType<typeof useGraphQlJit> {
  return useGraphQlJit({}, { enableIf: (args) => getOperationAST(args.document, args.operationName)?.operation !== 'subscription' });
}
