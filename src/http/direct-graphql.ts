/**
 * The direct path of `POST /graphql` with a JSON body: the common request served on node's
 * `http` request and response, without yoga's Fetch layer (a `Request`, a `Headers` map, a body
 * stream and a `Response` per request, and a chain of promise helpers around each hook).
 *
 * It keeps the rules of the Fetch path by running the same code wherever it can, and by handing the
 * request to yoga wherever it cannot:
 *
 * - taken only when the headers alone say yoga would parse it as JSON and answer it with its regular
 *   JSON result processor: `POST` on the exact endpoint, `application/json` (or
 *   `application/graphql+json`), a valid `Content-Length` within the body limit, an `Accept` yoga
 *   answers with JSON, and no `Origin` when CORS is configured. Anything else (GET, forms, chunked
 *   bodies, SSE, multipart, cross-origin) goes to yoga untouched;
 * - the body is read and parsed by the same functions as yoga's parser (`request-parsing.ts`), the
 *   persisted document is resolved by the same rule (`persisted-operations.ts`); then the operation
 *   runs through yoga's own envelop (`getEnveloped`): the same parse and validation caches, limits,
 *   context factory, auth gate, cost limit, compiled execution, error masking and observability;
 * - whatever is refused before parsing (a broken body, a refused persisted id) and whatever is not a
 *   single result (a subscription, `@defer` / `@stream`) is handed to yoga with the body already
 *   read, before any plugin has seen it: yoga answers it as if it had come straight in;
 * - a result with errors (or HTTP extensions) is written by yoga's own result processor, so status
 *   codes and error bodies are the Fetch path's; a result without them is the compiled serialiser's
 *   JSON with status 200.
 *
 * `GRAPHQL_FETCH_PATH=1` turns it off (every request through yoga), for comparison and for the test
 * suites' second run (`npm run test:fetch-path`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getOperationAST, type DocumentNode, type ExecutionResult, type GraphQLError } from 'graphql';
import { processRegularResult, type GraphQLParams, type YogaServerInstance } from 'graphql-yoga';
import type { GraphContext, ServerContext } from '../context.js';
import { toGraphQLError } from '../errors.js';
import { usesIncrementalDelivery } from '../plugins/incremental-delivery.js';
import type { PersistedOperations } from '../plugins/persisted-operations.js';
import { paramsFromBody } from '../plugins/request-parsing.js';
import { regularMediaType } from './accept.js';

type Yoga = YogaServerInstance<ServerContext, GraphContext>;

export interface DirectPathOptions {
  yoga: Yoga;
  /** The GraphQL endpoint's path (exact; a query string sends the request to yoga). */
  endpoint: string;
  maxBodyBytes: number;
  /** CORS is configured: a request with an `Origin` goes to yoga, which writes the CORS headers. */
  cors: boolean;
  persisted: Pick<PersistedOperations, 'resolve'> | null;
}

/** A result as compiled execution leaves it: with its compiled serialiser. */
type Result = ExecutionResult & { stringify?: (result: ExecutionResult) => string };

const CONTENT_LENGTH = /^\d+$/;
const JSON_TYPES = new Set(['application/json', 'application/graphql+json']);

function contentTypeOf(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(',')[0]!.split(';')[0]!.trim().toLowerCase();
}

/** The body as text; null when the client went away before sending all of it. */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    // A client that goes away mid-body makes node emit 'error' (ECONNRESET, "aborted").
    req.once('error', () => resolve(null));
  });
}

/**
 * What yoga's own plugins read of the Fetch `Request` in the operation's context (yoga marks a parse
 * error of an HTTP request with status 400 when its context has a `request`; it reads the method),
 * over node's request: the method, the URL and header look-ups. The gateway's context factory reads
 * `nodeRequest` itself.
 */
function requestView(req: IncomingMessage): { method: string; url: string; headers: Pick<Headers, 'get' | 'has'> } {
  const header = (name: string): string | null => {
    const value = req.headers[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
  };
  return {
    method: req.method ?? 'POST',
    url: req.url ?? '/',
    headers: { get: header, has: (name) => header(name) !== null },
  };
}

/**
 * Writes a Fetch `Response` (yoga's answer, or its result processor's) to node's response. A streamed
 * body (a subscription handed to yoga) is cancelled as soon as the client goes away, which ends the
 * subscription and frees its watch.
 */
async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  if (res.destroyed || res.writableEnded) {
    await response.body?.cancel();
    return;
  }
  response.headers.forEach((value, name) => res.setHeader(name, value));
  res.writeHead(response.status, response.statusText);
  if (response.body === null) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  const gone = () => void reader.cancel().catch(() => undefined);
  res.once('close', gone);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || res.destroyed) break;
      if (!res.write(value)) await new Promise((resolve) => res.once('drain', resolve).once('close', resolve));
    }
  } finally {
    res.off('close', gone);
    if (!res.destroyed) res.end();
  }
}

/**
 * The direct path's handler: returns false (synchronously, having touched nothing) when the request
 * is not one it takes; true when it took it.
 */
export function createDirectPath(options: DirectPathOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  const { yoga, endpoint, maxBodyBytes, cors, persisted } = options;

  /** Hands a request whose body was read to yoga, as if it had come straight in. */
  const toYoga = async (req: IncomingMessage, res: ServerResponse, body: string): Promise<void> => {
    const headers = new yoga.fetchAPI.Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    // Aborted when the client goes away, as yoga's own node adapter does.
    const controller = new AbortController();
    const abort = () => controller.abort();
    res.once('close', abort);
    const request = new yoga.fetchAPI.Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? endpoint}`, {
      method: 'POST',
      headers,
      body,
      signal: controller.signal,
    });
    try {
      await writeResponse(res, await yoga.fetch(request, { req, res } as never));
    } finally {
      res.off('close', abort);
    }
  };

  /** The masking yoga applies to an error thrown while processing params (its `handleError`). */
  const thrown = (error: unknown): { errors: GraphQLError[] } => {
    const masked = toGraphQLError(error);
    if (masked !== error) yoga.logger.error(error);
    return { errors: [masked as GraphQLError] };
  };

  const run = async (req: IncomingMessage, res: ServerResponse, accepted: string): Promise<void> => {
    const body = await readBody(req);
    if (body === null) return;
    let params: GraphQLParams;
    try {
      params = paramsFromBody(JSON.parse(body) as unknown);
    } catch {
      return toYoga(req, res, body);
    }
    if (persisted) {
      const resolved = persisted.resolve(params);
      if ('error' in resolved) return toYoga(req, res, body);
      params = { query: resolved.query, operationName: params.operationName, variables: params.variables, extensions: params.extensions };
    } else if (typeof params.query !== 'string') {
      return toYoga(req, res, body);
    }

    // `req` and `res` as yoga's node adapter gives them (the client's address is read from `req`).
    const initial = { req, res, nodeRequest: req, request: requestView(req), params } as ServerContext & { params: GraphQLParams };
    const enveloped = yoga.getEnveloped(initial as never);
    let result: Result;
    try {
      const document = enveloped.parse(params.query!) as DocumentNode;
      const errors = enveloped.validate(enveloped.schema, document);
      if (errors.length > 0) {
        result = { errors };
      } else {
        const operation = getOperationAST(document, params.operationName);
        // Streams (subscriptions, @defer/@stream) are yoga's: nothing has recorded this operation yet.
        if (operation?.operation === 'subscription' || usesIncrementalDelivery(document)) return toYoga(req, res, body);
        const contextValue = await enveloped.contextFactory();
        result = (await enveloped.execute({
          schema: enveloped.schema,
          document,
          contextValue,
          variableValues: params.variables,
          operationName: params.operationName,
        })) as Result;
      }
    } catch (error) {
      result = thrown(error);
    }
    if (res.destroyed || res.writableEnded) return;
    if (result.errors?.length || result.extensions) {
      // Status codes and error bodies exactly as the Fetch path writes them.
      return writeResponse(res, await processRegularResult(result, yoga.fetchAPI, accepted));
    }
    const text = result.stringify ? result.stringify(result) : JSON.stringify(result);
    res.writeHead(200, { 'content-type': `${accepted}; charset=utf-8`, 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };

  return (req, res) => {
    if (req.method !== 'POST' || req.url !== endpoint) return false;
    if (cors && req.headers.origin !== undefined) return false;
    if (!JSON_TYPES.has(contentTypeOf(req))) return false;
    const length = req.headers['content-length'];
    if (length === undefined || !CONTENT_LENGTH.test(length) || Number(length) > maxBodyBytes || req.headers['transfer-encoding'] !== undefined) return false;
    const accepted = regularMediaType(req.headers.accept);
    if (accepted === null) return false;
    run(req, res, accepted).catch((error: unknown) => {
      yoga.logger.error(error);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ errors: [{ message: 'Unexpected error.' }] }));
      } else {
        res.destroy();
      }
    });
    return true;
  };
}
