/**
 * Subscriptions over multipart HTTP, Apollo's protocol (the one Apollo Client's `HttpLink` speaks by
 * default, and Apollo Kotlin and iOS too): a subscription POSTed (or GETted) with
 * `Accept: multipart/mixed;subscriptionSpec=1.0` is answered `multipart/mixed;boundary="graphql";
 * subscriptionSpec="1.0"`, one part per event:
 *
 * - an event: `{"payload": {"data": …, "errors": […]}}` (GraphQL errors stay inside `payload`, and
 *   the stream goes on as the subscription says);
 * - a heartbeat every `heartbeatMs` while the stream is open: `{}` (clients skip it), so proxies and
 *   load balancers do not close a quiet connection;
 * - a failure of the stream itself (the source threw): `{"payload": null, "errors": [coded error]}`,
 *   then the end;
 * - the end: the closing delimiter `--graphql--`, when the subscription completes.
 *
 * Everything before the result (request parsing, CSRF, persisted operations, limits, the auth gate)
 * ran as for any other transport, since this plugin only chooses how the result is written. A
 * subscription refused before it streams (no credentials, an unknown id, the cost limit) is answered
 * the same way, its errors in one `payload` part, with status 200: Apollo's clients read a multipart
 * answer with another status as a bare transport failure and would lose the codes (Apollo's Relay
 * adapter refuses a JSON answer outright). A request refused before its operation was known (broken
 * JSON, a parse error, an unknown persisted id) keeps its JSON answer and status. A client that
 * lists `text/event-stream` before the multipart type gets SSE as before; one that sends
 * `multipart/mixed` without `subscriptionSpec` gets what yoga gives it.
 *
 * Bounds: the stream is pulled, so nothing is buffered here for a slow reader (a heartbeat is only
 * written when the reader keeps up); it ends when the subscription ends (terminal state, expired
 * token, failing upstream), when the client goes away (the subscription is returned at once, which
 * frees its watch) and when the gateway stops.
 */
import type { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { toGraphQLError } from '../errors.js';
import { isAsyncIterable } from './operations.js';

/** The boundary of every multipart subscription response (Apollo's protocol fixes it). */
export const MULTIPART_BOUNDARY = 'graphql';
export const MULTIPART_SUBSCRIPTION_TYPE = `multipart/mixed;boundary="${MULTIPART_BOUNDARY}";subscriptionSpec="1.0"`;

type Result = { data?: unknown; errors?: readonly unknown[]; extensions?: Record<string, unknown> };

/**
 * Whether an `Accept` header asks for multipart subscriptions: a `multipart/mixed` entry with a
 * `subscriptionSpec` parameter, not preceded by `text/event-stream` (the client's first choice wins).
 */
export function acceptsMultipartSubscriptions(accept: string | null): boolean {
  if (!accept) return false;
  for (const entry of accept.toLowerCase().split(',')) {
    const [type, ...params] = entry.split(';').map((p) => p.trim());
    if (type === 'text/event-stream') return false;
    if (type === 'multipart/mixed' && params.some((p) => p.startsWith('subscriptionspec='))) return true;
  }
  return false;
}

/** An error as a client may see it: its JSON without the gateway's internal extensions (`http`, `unexpected`). */
function publicError(error: unknown): Record<string, unknown> {
  const json: Record<string, unknown> =
    typeof (error as GraphQLError).toJSON === 'function' ? { ...(error as GraphQLError).toJSON() } : { message: String((error as Error)?.message ?? error) };
  const extensions = json.extensions as Record<string, unknown> | undefined;
  if (extensions) {
    const { http: _http, unexpected: _unexpected, ...rest } = extensions;
    json.extensions = Object.keys(rest).length > 0 ? rest : undefined;
  }
  return json;
}

/** The `payload` of one event: the result with its errors made public and no internal extensions. */
function payloadOf(result: Result): Result {
  const payload: Result = { ...result };
  if (result.errors) payload.errors = result.errors.map(publicError);
  if (result.extensions) {
    const { http: _http, ...rest } = result.extensions;
    payload.extensions = Object.keys(rest).length > 0 ? rest : undefined;
  }
  return payload;
}

const part = (body: string): string => `\r\nContent-Type: application/json; charset=utf-8\r\n\r\n${body}\r\n--${MULTIPART_BOUNDARY}`;
const HEARTBEAT = part('{}');

/** Writes a subscription's results (a stream, or one result) as a multipart response. */
function multipartResponse(result: unknown, fetchAPI: { ReadableStream: typeof ReadableStream; Response: typeof Response; TextEncoder: typeof TextEncoder }, heartbeatMs: number): Response {
  const encoder = new fetchAPI.TextEncoder();
  let given = false;
  const iterator: AsyncIterator<Result> = isAsyncIterable(result)
    ? (result as AsyncIterable<Result>)[Symbol.asyncIterator]()
    : { next: async () => (given ? { done: true, value: undefined } : ((given = true), { done: false, value: result as Result })) };
  let heartbeat: NodeJS.Timeout | undefined;
  let finished = false;
  const stop = () => {
    finished = true;
    clearInterval(heartbeat);
  };
  const stream = new fetchAPI.ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`\r\n--${MULTIPART_BOUNDARY}`));
      if (heartbeatMs > 0) {
        heartbeat = setInterval(() => {
          // `null`: errored or closed; 0 or less: the reader is behind, and a heartbeat would only queue up.
          if (controller.desiredSize === null) clearInterval(heartbeat);
          else if (controller.desiredSize > 0) controller.enqueue(encoder.encode(HEARTBEAT));
        }, heartbeatMs);
        heartbeat.unref();
      }
    },
    async pull(controller) {
      if (finished) return;
      let next: IteratorResult<Result>;
      try {
        next = await iterator.next();
      } catch (error) {
        if (finished) return;
        // The stream itself failed: a transport-level error (payload null), then the end.
        stop();
        controller.enqueue(encoder.encode(part(JSON.stringify({ payload: null, errors: [publicError(toGraphQLError(error))] })) + '--\r\n'));
        controller.close();
        return;
      }
      if (finished) return;
      if (!next.done && next.value != null) controller.enqueue(encoder.encode(part(JSON.stringify({ payload: payloadOf(next.value) }))));
      if (next.done) {
        stop();
        controller.enqueue(encoder.encode('--\r\n'));
        controller.close();
      }
    },
    async cancel() {
      stop();
      await iterator.return?.();
    },
  });
  return new fetchAPI.Response(stream, {
    status: 200,
    headers: { 'content-type': MULTIPART_SUBSCRIPTION_TYPE, 'cache-control': 'no-cache', 'content-encoding': 'none', connection: 'keep-alive' },
  });
}

/** The plugin; `heartbeatMs` 0 sends no heartbeats. */
export function useMultipartSubscriptions(options: { heartbeatMs: number }): Plugin {
  // Requests whose operation is a subscription (yoga's own result processors keep the same note).
  const subscriptions = new WeakSet<Request>();
  return {
    onSubscribe({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      if (request) subscriptions.add(request);
    },
    onResultProcess({ request, setResultProcessor }) {
      if (!subscriptions.has(request) || !acceptsMultipartSubscriptions(request.headers.get('accept'))) return;
      setResultProcessor((r, fetchAPI) => multipartResponse(r, fetchAPI, options.heartbeatMs), 'multipart/mixed');
    },
  };
}
