/**
 * Logging of operations and of yoga's own messages.
 *
 * - {@link operationLog}: one `info` line per operation (`"msg":"operation"`) with its type, name,
 *   duration, upstream calls, calls shared with another request, subscription events and error
 *   codes. Variables, results and headers are never logged, so neither is a key or a password.
 * - {@link yogaLogger}: yoga logs errors it masks as bare Error objects, which pino would print as
 *   `{}`. This adapter logs them with message and stack (`err`), the GraphQL path, and the operation
 *   they happened in; an unexpected error is logged exactly once, by yoga, through here. Error level is
 *   for what nobody expected (`INTERNAL_SERVER_ERROR`): an error with any other code (a caller's
 *   mistake, a refusal, an upstream failure already handled) is written at debug with its code and no
 *   stack, since the operation's own line already names its code at info.
 */
import type { GraphQLError } from 'graphql';
import type { YogaLogger } from 'graphql-yoga';
import type { Logger } from 'pino';
import { GatewayError } from '../errors.js';
import { afterThisTurn } from './deferred.js';
import { codeOf, operationOfError, type OperationSink } from './operations.js';

/** Longest operation name written to a log line. */
const MAX_NAME = 100;

export function operationLog(logger: Logger): OperationSink {
  return {
    onEnd(record, scope) {
      if (!logger.isLevelEnabled('info')) return;
      const line = {
        operation: record.name?.slice(0, MAX_NAME) ?? null,
        ...(scope.traceId ? { trace_id: scope.traceId } : {}),
        type: record.type,
        ms: Math.round(record.durationMs),
        upstreamCalls: record.upstreamCalls,
        ...(record.sharedCalls > 0 ? { sharedCalls: record.sharedCalls } : {}),
        ...(record.type === 'subscription' ? { events: record.events } : {}),
        ...(record.errorCodes.length > 0 ? { errors: record.errorCodes } : {}),
      };
      // Written after the answer (`deferred.ts`): serialising and writing the line is not the client's wait.
      afterThisTurn(() => logger.info(line, 'operation'));
    },
  };
}

function isGraphQLError(error: Error): error is GraphQLError {
  return 'extensions' in error && 'path' in error;
}

/**
 * The code of an error someone expected (a gateway error other than INTERNAL_SERVER_ERROR, or an error
 * GraphQL or yoga raised about the request: syntax, validation, variables), or null for one nobody
 * expected (anything thrown that is neither).
 */
function expectedCode(error: Error): string | null {
  // The client went away mid-request (Node's `aborted`): nothing anyone here can do about it.
  const system = (error as NodeJS.ErrnoException).code;
  if (system === 'ECONNRESET' || system === 'ERR_STREAM_PREMATURE_CLOSE' || error.message === 'aborted') return 'CLIENT_CLOSED_REQUEST';
  const original = isGraphQLError(error) ? error.originalError : undefined;
  if (original && !isGraphQLError(original)) return codeOf(error) === 'INTERNAL_SERVER_ERROR' || !(original instanceof GatewayError) ? null : codeOf(error);
  if (error instanceof GatewayError) return error.code === 'INTERNAL_SERVER_ERROR' ? null : error.code;
  if (!isGraphQLError(error)) return null;
  const code = codeOf(error);
  return code === 'INTERNAL_SERVER_ERROR' ? null : code;
}

/** yoga's logger interface on top of pino, keeping messages, stacks and the operation. */
export function yogaLogger(logger: Logger): YogaLogger {
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]): void => {
      const erring = args.find((arg): arg is Error => arg instanceof Error);
      const code = erring ? expectedCode(erring) : null;
      if (level === 'error' && code !== null) {
        if (logger.isLevelEnabled('debug')) logger.debug({ code, ...(isGraphQLError(erring!) && erring.path ? { path: erring.path.join('.') } : {}) }, erring!.message);
        return;
      }
      if (!logger.isLevelEnabled(level)) return;
      const operation = erring ? operationOfError(erring) : undefined;
      const context: Record<string, unknown> = operation
        ? { operation: operation.name?.slice(0, MAX_NAME) ?? null, type: operation.type, ...(operation.traceId ? { trace_id: operation.traceId } : {}) }
        : {};
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
      logger[level](context, texts.join(' ') || 'yoga');
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
