/**
 * Refuses, with one clear UNAUTHENTICATED error, every operation but introspection (and key-less
 * fields) when the request has no caller: no credentials (so GraphiQL's schema explorer works before a
 * key is entered), or credentials that were refused (the error says why).
 */
import { getOperationAST, type DocumentNode, type FieldNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GraphContext } from '../context.js';
import { toGraphQLError, UnauthenticatedError } from '../errors.js';
import { fieldSum, fragmentsOf } from '../graphql/selections.js';

/** Root fields that need no key: a published dashboard is for people without one. */
const KEYLESS_ROOT_FIELDS = new Set(['publicDashboard']);

/** Whether a field of the operation's root selection may run without a key. */
const keyless = (field: FieldNode): boolean => field.name.value.startsWith('__') || KEYLESS_ROOT_FIELDS.has(field.name.value);

/** True when the operation to run asks only for `__schema`, `__type`, `__typename` and key-less root fields. */
export function isIntrospectionOnly(document: DocumentNode, operationName?: string | null): boolean {
  const operation = getOperationAST(document, operationName);
  if (!operation) return false;
  const keyed = fieldSum({ fragments: fragmentsOf(document), value: (field) => (keyless(field) ? 0 : 1) });
  return keyed(operation.selectionSet) === 0;
}

/** The plugin: checked before execution, for queries, mutations and subscriptions alike. */
export function useAuthGate(): Plugin<GraphContext> {
  // Over HTTP the answer is 401, as for any request without acceptable credentials (yoga reads the
  // status from `extensions.http` and leaves it out of the body).
  const refuse = (refusal: Error | null): { errors: Error[] } => {
    const error = toGraphQLError(refusal ?? new UnauthenticatedError()) as Error & { extensions?: Record<string, unknown> };
    if (error.extensions) error.extensions.http = { status: 401 };
    return { errors: [error] };
  };
  return {
    onExecute: ({ args, setResultAndStopExecution }) => {
      if (args.contextValue.caller === null && !isIntrospectionOnly(args.document, args.operationName)) {
        setResultAndStopExecution(refuse(args.contextValue.refusal));
      }
    },
    onSubscribe: ({ args, setResultAndStopExecution }) => {
      if (args.contextValue.caller === null && !isIntrospectionOnly(args.document, args.operationName)) {
        setResultAndStopExecution(refuse(args.contextValue.refusal));
      }
    },
  };
}
