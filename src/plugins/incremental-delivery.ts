/**
 * Incremental delivery: `@defer` and `@stream` (yoga's defer-stream plugin, which declares both
 * directives in the served schema and adds their validation rules). A screen can ask for its slow
 * second level (a project's executions, its tasks, its analytics) under `... @defer { }` and get the
 * rest at once; `@stream(initialCount:)` sends a list's first items with the first part.
 *
 * The executor is yoga's own (graphql-tools' `normalizedExecutor`, built on graphql 16), which
 * answers such an operation with a stream of results in the 2022-08-24 format (`hasNext`,
 * `incremental: [{ data | items, path, label, errors }]`): multipart (`multipart/mixed`, what Apollo
 * Client and urql ask for), SSE (`text/event-stream`) and graphql-ws write it part by part. graphql-jit
 * cannot: documents with `@defer` or `@stream` run with that executor instead of compiled execution
 * (`compiled-queries.ts` asks {@link usesIncrementalDelivery}).
 *
 * Errors of later parts (`incremental[].errors`) are masked and coded here like every other error
 * (`toGraphQLError`): yoga's error masking only looks at a result's top-level `errors`, so an
 * unexpected error in a deferred resolver would otherwise go out with its own message and no code.
 */
import { useDeferStream } from '@graphql-yoga/plugin-defer-stream';
import { BREAK, visit, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { toGraphQLError } from '../errors.js';
import { isAsyncIterable } from './operations.js';

const INCREMENTAL_DIRECTIVES = new Set(['defer', 'stream']);
const known = new WeakMap<DocumentNode, boolean>();

/** True when a document uses `@defer` or `@stream` anywhere (its fragments included); remembered per parsed document. */
export function usesIncrementalDelivery(document: DocumentNode): boolean {
  let uses = known.get(document);
  if (uses === undefined) {
    uses = false;
    visit(document, {
      Directive(node) {
        if (!INCREMENTAL_DIRECTIVES.has(node.name.value)) return undefined;
        uses = true;
        return BREAK;
      },
    });
    known.set(document, uses);
  }
  return uses;
}

type Part = { incremental?: ReadonlyArray<{ errors?: readonly unknown[] }> };

/** The same result with every error of its incremental parts coded (and masked when unexpected). */
function codeIncrementalErrors(part: Part): Part | null {
  if (!part.incremental?.some((p) => p.errors?.length)) return null;
  return {
    ...part,
    incremental: part.incremental.map((p) => (p.errors?.length ? { ...p, errors: p.errors.map((e) => toGraphQLError(e)) } : p)),
  };
}

/** The plugins, in order: yoga's `@defer`/`@stream`, then the codes of later parts' errors. */
export function useIncrementalDelivery(): Plugin[] {
  return [
    useDeferStream() as Plugin,
    {
      onExecute: () => ({
        onExecuteDone: ({ result }) => {
          if (!isAsyncIterable(result)) return undefined;
          return {
            onNext: ({ result: part, setResult }) => {
              const coded = codeIncrementalErrors(part as Part);
              if (coded) setResult(coded as never);
            },
          };
        },
      }),
    },
  ];
}
