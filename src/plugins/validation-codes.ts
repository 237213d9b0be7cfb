/**
 * Gives every validation error without a code the code `GRAPHQL_VALIDATION_FAILED`, so a client
 * can branch on `extensions.code` for every error (the limits' own errors keep theirs).
 */
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { GRAPHQL_VALIDATION_FAILED } from '../errors.js';

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
