/**
 * Refuses a document nested deeper than {@link MAX_NESTING} brackets before GraphQL parses it. The
 * parser is recursive: a list or object literal a few thousand levels deep overflows the stack before
 * the token limit is reached. This scan is linear and recursion-free.
 */
import type { GraphQLError } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { QUERY_TOO_COMPLEX } from '../errors.js';

/** Deepest nesting of `{`, `[` and `(` a document may have (selections, literals and arguments together). */
export const MAX_NESTING = 64;

/** The deepest bracket nesting of a GraphQL source, ignoring strings and comments (stops past `limit`). */
export function nestingExceeds(source: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '#') {
      while (i < source.length && source[i] !== '\n' && source[i] !== '\r') i++;
    } else if (c === '"') {
      if (source.startsWith('"""', i)) {
        const end = source.indexOf('"""', i + 3);
        i = end === -1 ? source.length : end + 2;
      } else {
        for (i++; i < source.length && source[i] !== '"' && source[i] !== '\n'; i++) if (source[i] === '\\') i++;
      }
    } else if (c === '{' || c === '[' || c === '(') {
      if (++depth > limit) return true;
    } else if (c === '}' || c === ']' || c === ')') {
      depth--;
    }
  }
  return false;
}

/** The error for a document nested too deep. */
export function tooDeep(): GraphQLError {
  return createGraphQLError(`The document is nested deeper than ${MAX_NESTING} levels.`, {
    extensions: { code: QUERY_TOO_COMPLEX, http: { status: 400 } },
  });
}

/** Sources already scanned and found within the limit: a document sent again is not scanned again. */
const PASSED_MAX = 1_024;
/** Longer sources are scanned every time rather than kept. */
const PASSED_LONGEST = 4_096;

/** Envelop plugin: the check above, on every parse (HTTP and WebSocket); each distinct document is scanned once. */
export function useNestingLimit(): Plugin {
  // The parse hook runs before yoga's parse cache is asked, so it would otherwise scan every request's source.
  const passed = new Set<string>();
  return {
    onParse({ params }) {
      const source = typeof params.source === 'string' ? params.source : params.source.body;
      if (passed.has(source)) return;
      if (nestingExceeds(source, MAX_NESTING)) throw tooDeep();
      if (source.length > PASSED_LONGEST) return;
      if (passed.size >= PASSED_MAX) passed.clear();
      passed.add(source);
    },
  };
}
