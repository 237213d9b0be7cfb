/**
 * Refuses, with one clear UNAUTHENTICATED error, every operation but introspection (and key-less
 * fields) when the request has no caller: no credentials (so GraphiQL's schema explorer works before a
 * key is entered), or credentials that were refused (the error says why).
 */
import { Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GraphContext } from '../context.js';
import { toGraphQLError, UnauthenticatedError } from '../errors.js';

/** Root fields that need no key: a published dashboard is for people without one. */
const KEYLESS_ROOT_FIELDS = new Set(['publicDashboard']);

/** True when a selection set asks only for `__schema`, `__type`, `__typename` and key-less root fields. */
function onlyIntrospection(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen: Set<string>): boolean {
  return set.selections.every((selection) => {
    if (selection.kind === Kind.FIELD) return selection.name.value.startsWith('__') || KEYLESS_ROOT_FIELDS.has(selection.name.value);
    if (selection.kind === Kind.INLINE_FRAGMENT) return onlyIntrospection(selection.selectionSet, fragments, seen);
    const name = selection.name.value;
    if (seen.has(name)) return true;
    seen.add(name);
    const fragment = fragments.get(name);
    return fragment ? onlyIntrospection(fragment.selectionSet, fragments, seen) : true;
  });
}

/** True when the operation to run needs no upstream, i.e. is pure introspection. */
export function isIntrospectionOnly(document: DocumentNode, operationName?: string | null): boolean {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  return operation !== undefined && onlyIntrospection(operation.selectionSet, fragments, new Set());
}

export function useAuthGate(): Plugin<GraphContext> {
  const refuse = (refusal: Error | null): { errors: Error[] } => ({ errors: [toGraphQLError(refusal ?? new UnauthenticatedError())] });
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
