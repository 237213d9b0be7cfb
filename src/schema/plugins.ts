/**
 * Execution policies shared by every transport (yoga over HTTP and graphql-ws through
 * `yoga.getEnveloped`): error masking with stable codes, query limits, and the key requirement.
 */
import type { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import {
  getOperationAST,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { GraphContext } from '../context.js';
import { GRAPHQL_VALIDATION_FAILED, toGraphQLError, UnauthenticatedError } from '../errors.js';

/** Code of a request rejected by the depth / cost / alias / token limits. */
export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';
export { GRAPHQL_VALIDATION_FAILED };

/** Rejections by graphql-armor become validation errors with code {@link QUERY_TOO_COMPLEX}. */
function reject(context: ValidationContext | null, error: GraphQLError): void {
  const text = error.message.replace(/^Syntax Error: /, '');
  if (context) {
    context.reportError(createGraphQLError(text, { extensions: { code: QUERY_TOO_COMPLEX } }));
  } else {
    (error.extensions as Record<string, unknown>).code = QUERY_TOO_COMPLEX;
  }
}

/**
 * Limits generous enough for the deepest useful query (projects → agentflows → executions → task
 * is 8 levels; a task's execution tree a few more) and tight enough to stop abuse.
 */
export const armorConfig: NonNullable<Parameters<typeof EnvelopArmorPlugin>[0]> = {
  maxDepth: { n: 15, onReject: [reject], propagateOnRejection: false },
  // The cost that matters is in upstream calls, with list sizes and variables: plugins/cost.ts.
  costLimit: { enabled: false },
  // `__typename` counts like any other alias: a thousand of them are still a thousand.
  maxAliases: { n: 30, allowList: [], onReject: [reject], propagateOnRejection: false },
  maxDirectives: { n: 50, onReject: [reject], propagateOnRejection: false },
  // Counted while parsing, before there is a validation context: the error is tagged and thrown.
  maxTokens: { n: 5_000, onReject: [reject] },
};

/** Gives every validation error without a code the code {@link GRAPHQL_VALIDATION_FAILED}. */
export function useValidationCodes(): Plugin {
  return {
    onValidate: () => ({ result, setResult }) => {
      if (result.length === 0 || result.every((e) => e.extensions?.code)) return;
      setResult(
        result.map((e) =>
          e.extensions?.code
            ? e
            : createGraphQLError(e.message, {
                nodes: e.nodes ?? null,
                source: e.source ?? null,
                positions: e.positions ?? null,
                path: e.path ?? null,
                extensions: { ...e.extensions, code: GRAPHQL_VALIDATION_FAILED },
              }),
        ),
      );
    },
  };
}

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

/**
 * Refuses, with one clear UNAUTHENTICATED error, every operation but introspection (and key-less
 * fields) when the request has no caller: no credentials (so GraphiQL's schema explorer works before a
 * key is entered), or credentials that were refused (the error says why).
 */
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

/**
 * Compiled execution (graphql-jit) for queries and mutations: each document is compiled once into
 * plain functions, with a compiled result serialiser. Subscriptions keep graphql-js's executor, which
 * reads their variables correctly where graphql-jit's compiled subscribe does not.
 */
export function useCompiledQueries(): ReturnType<typeof useGraphQlJit> {
  return useGraphQlJit({}, { enableIf: (args) => getOperationAST(args.document, args.operationName)?.operation !== 'subscription' });
}
