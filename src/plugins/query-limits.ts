/**
 * graphql-armor's limits on the shape of a document: depth, aliases, directives and tokens, each
 * refusal a `QUERY_TOO_COMPLEX` error. Its own cost limit is off: the cost that matters is in
 * upstream calls (`cost-limit.ts`). Field suggestions ("Did you mean …") are blocked in production.
 */
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { GraphQLError, ValidationContext } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';
import { QUERY_TOO_COMPLEX } from '../errors.js';

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
  // The cost that matters is in upstream calls, with list sizes and variables: cost-limit.ts.
  costLimit: { enabled: false },
  // `__typename` counts like any other alias: a thousand of them are still a thousand.
  maxAliases: { n: 30, allowList: [], onReject: [reject], propagateOnRejection: false },
  maxDirectives: { n: 50, onReject: [reject], propagateOnRejection: false },
  // Counted while parsing, before there is a validation context: the error is tagged and thrown.
  maxTokens: { n: 5_000, onReject: [reject] },
};

/** The plugin; `production` blocks field suggestions. */
export function useQueryLimits(options: { production: boolean }): ReturnType<typeof EnvelopArmorPlugin> {
  // "Did you mean …" suggestions help people outside production and map the schema for attackers in it.
  return EnvelopArmorPlugin({ ...armorConfig, blockFieldSuggestion: { enabled: options.production } });
}
