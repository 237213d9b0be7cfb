/**
 * Logging of operations and of yoga's own messages.
 *
 * - {@link operationLog}: one `info` line per operation (`"msg":"operation"`) with its type, name,
 *   duration, upstream calls, calls shared with another request, subscription events and error
 *   codes. Variables, results and headers are never logged, so neither is a key or a password.
 * - {@link yogaLogger}: yoga logs errors it masks as bare Error objects, which pino would print as
 *   `{}`. This adapter logs them with message and stack (`err`), the GraphQL path, and the operation
 *   they happened in; an unexpected error is logged exactly once, by yoga, through here.
 */
import type { GraphQLError } from 'graphql';
import type { YogaLogger } from 'graphql-yoga';
import type { Logger } from 'pino';
import { GatewayError } from '../errors.js';
import { operationOfError, type OperationSink } from './operations.js';

/** Longest operation name written to a log line. */
const MAX_NAME = 100;

export function operationLog(logger: Logger): OperationSink {
  return {
    onEnd(record) {
      logger.info(
        {
          operation: record.name?.slice(0, MAX_NAME) ?? null,
          type: record.type,
          ms: Math.round(record.durationMs),
          upstreamCalls: record.upstreamCalls,
          ...(record.sharedCalls > 0 ? { sharedCalls: record.sharedCalls } : {}),
          ...(record.type === 'subscription' ? { events: record.events } : {}),
          ...(record.errorCodes.length > 0 ? { errors: record.errorCodes } : {}),
        },
        'operation',
      );
    },
  };
}

function isGraphQLError(error: Error): error is GraphQLError {
  return 'extensions' in error && 'path' in error;
}

/** yoga's logger interface on top of pino, keeping messages, stacks and the operation. */
export function yogaLogger(logger: Logger): YogaLogger {
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]): void => {
      const erring = args.find((arg): arg is Error => arg instanceof Error);
      // yoga logs at error level every error its mask replaced, and an expected error raised in a compiled
      // query is replaced by a copy (its extensions cannot be amended): that is no error-level event, and
      // the operation's own line already carries its code.
      const cause = erring && isGraphQLError(erring) && erring.originalError ? erring.originalError : erring;
      const at = level === 'error' && cause instanceof GatewayError ? 'debug' : level;
      if (!logger.isLevelEnabled(at)) return;
      const operation = erring ? operationOfError(erring) : undefined;
      const context: Record<string, unknown> = operation ? { operation: operation.name?.slice(0, MAX_NAME) ?? null, type: operation.type } : {};
      const texts: string[] = [];
      for (const arg of args) {
        if (arg instanceof Error) {
          const original = isGraphQLError(arg) && arg.originalError ? arg.originalError : arg;
          context.err = original;
          if (isGraphQLError(arg) && arg.path) context.path = arg.path.join('.');
          texts.push(original.message);
        } else if (typeof arg === 'string') {
          texts.push(arg);
        } else if (arg !== undefined) {
          context.detail = arg;
        }
      }
      logger[at](context, texts.join(' ') || 'yoga');
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
