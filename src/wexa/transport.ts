/**
 * The bottom layer of the upstream client: one keep-alive undici `Pool` per origin, one HTTP
 * exchange per call. Higher layers (`resilience.ts`, `dedupe.ts`) wrap a {@link Send} in the same
 * shape, so the stack is a composition of small functions, like undici's interceptors.
 *
 * The API key only ever travels in the `x-api-key` header; it is never part of a path, a log line
 * or an error message. Paths are built from route patterns with `encodeURIComponent` on every
 * parameter, so an id can never add a path segment, a query or a fragment.
 *
 * Nothing the upstream sends can hold the gateway: each exchange has a whole-answer deadline and a
 * response body is read only up to `upstreamMaxResponseBytes` (`body.ts`), past which the connection
 * is dropped.
 */
import { EventEmitter } from 'node:events';
import { Pool } from 'undici';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { BadUserInputError, UpstreamContractError } from '../errors.js';
import { readCapped } from './body.js';
import { errorForStatus, errorForTransport } from './errors-map.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | null | undefined;

/** One upstream request, before the caller's key is attached. */
export interface RequestSpec {
  method: HttpMethod;
  /** The route pattern, e.g. `/task/{id}`; with the method it names the endpoint in errors and logs. */
  route: string;
  /** Values for the `{placeholders}` in `route` (validated by the endpoint before this point). */
  params?: Record<string, string>;
  query?: Record<string, QueryValue>;
  body?: unknown;
}

/**
 * Who a call is made for (the GraphQL operation), handed to `forKey` and passed through to observers
 * with every attempt and shared GET, so they can count and trace per operation without any
 * async-context lookup. A shared attempt belongs to the caller that started it.
 */
export interface CallOrigin {
  /** HTTP exchanges made for this origin (retries included). */
  upstreamCalls: number;
  /** GETs answered by an identical call already in flight. */
  sharedCalls: number;
  /** The W3C trace id the origin belongs to, when known (written on its log lines). */
  traceId?: string | null;
}

/** A request as the transport layers see it. */
export interface WexaRequest {
  method: HttpMethod;
  /** `METHOD /route/{pattern}`: safe to log and to show. */
  endpoint: string;
  /** Path and query string, already encoded, relative to the upstream base URL. */
  path: string;
  body?: unknown;
  apiKey: string;
  /** The caller's key hash (see `src/auth/key-hash.ts`): the key's name in the sharing and rate-limit maps. */
  keyHash: string;
  /** Extra headers for this exchange (set by observers, e.g. the trace context); never the key. */
  headers?: Record<string, string>;
  /** The operation it is made for, if any (see {@link CallOrigin}). */
  origin?: CallOrigin;
}

export interface WexaResponse {
  status: number;
  /** The parsed JSON body (`null` for an empty body). */
  json: unknown;
}

/** One layer of the client stack. */
export type Send = (request: WexaRequest) => Promise<WexaResponse>;

/** Most of an error answer's body that is read (for its `detail`); the rest is not waited for. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** Deepest nesting of arrays and objects a request body may have. */
const MAX_BODY_DEPTH = 64;

/**
 * JSON for an upstream body, refusing (BAD_USER_INPUT) a value nested deeper than {@link MAX_BODY_DEPTH}
 * before `JSON.stringify` could overflow the stack on it. The depth is measured without recursion.
 */
export function serialiseBody(value: unknown, endpoint: string): string {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth > MAX_BODY_DEPTH) throw new BadUserInputError(`The request is nested deeper than ${MAX_BODY_DEPTH} levels (${endpoint}).`);
    for (const child of Object.values(item)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return JSON.stringify(value);
}

/** A route pattern split once: literal text at even indexes, placeholder names at odd ones. */
const routeParts = new Map<string, string[]>();
function partsOf(route: string): string[] {
  let parts = routeParts.get(route);
  if (!parts) {
    parts = route.split(/\{(\w+)\}/);
    routeParts.set(route, parts);
  }
  return parts;
}

/** Characters `URLSearchParams` writes as they are: a query made only of them needs no encoder. */
const FORM_SAFE = /^[A-Za-z0-9*._-]*$/;

/** Expands a route pattern and query into an encoded path. Throws on a placeholder without a value (a bug). */
export function buildPath(route: string, params: Record<string, string> = {}, query: Record<string, QueryValue> = {}): string {
  const parts = partsOf(route);
  let path = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i] as string;
    const value = params[name];
    if (value === undefined) throw new Error(`Route ${route} needs a value for {${name}}`);
    path += encodeURIComponent(value) + (parts[i + 1] as string);
  }
  // The usual query (ids, counts) is written directly; anything else goes through URLSearchParams,
  // whose form encoding the upstream expects.
  let qs = '';
  let plain = true;
  for (const k in query) {
    const v = query[k];
    if (v === undefined || v === null) continue;
    const text = String(v);
    if (!FORM_SAFE.test(k) || !FORM_SAFE.test(text)) {
      plain = false;
      break;
    }
    qs += `${qs ? '&' : ''}${k}=${text}`;
  }
  if (!plain) {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) search.append(k, String(v));
    qs = search.toString();
  }
  return qs ? `${path}?${qs}` : path;
}

/** Turns a {@link RequestSpec} into a {@link WexaRequest} for one key. */
export function toRequest(spec: RequestSpec, apiKey: string, keyHash: string, origin?: CallOrigin): WexaRequest {
  return {
    method: spec.method,
    endpoint: `${spec.method} ${spec.route}`,
    path: buildPath(spec.route, spec.params, spec.query),
    body: spec.body,
    apiKey,
    keyHash,
    ...(origin ? { origin } : {}),
  };
}

/** A `Content-Length` header as a number of bytes, or null when absent or not one plain number. */
function declaredLength(header: string | string[] | undefined): number | null {
  if (typeof header !== 'string' || !/^\d+$/.test(header)) return null;
  return Number(header);
}

export interface HttpLayer {
  send: Send;
  close(): Promise<void>;
}

/** The HTTP exchange itself: 2xx → parsed JSON; other statuses and transport failures → gateway errors. */
export function createHttpLayer(config: Config, logger: Logger): HttpLayer {
  const base = new URL(config.wexaApiUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  const pool = new Pool(base.origin, {
    connections: config.upstreamConnections || null,
    connectTimeout: config.upstreamConnectTimeoutMs,
    headersTimeout: config.upstreamHeadersTimeoutMs,
    bodyTimeout: config.upstreamBodyTimeoutMs,
    keepAliveTimeout: 30_000,
  });

  const send: Send = async (req) => {
    const started = performance.now();
    const headers: Record<string, string> = { ...req.headers, 'x-api-key': req.apiKey, accept: 'application/json' };
    let body: string | undefined;
    if (req.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = serialiseBody(req.body, req.endpoint);
    }
    let status: number;
    let text: string | null;
    let retryAfter: string | string[] | undefined;
    // Every exchange has a whole-answer deadline, headers and body (undici's body timeout only bounds the
    // gap between two chunks, so a trickle would never end): a GET attempt its own short one (it is
    // retried above this layer), other methods a longer one (they are never retried).
    const read = req.method === 'GET';
    // undici takes an EventEmitter as a request's abort signal as well as an AbortSignal; it costs a
    // fraction of an AbortController and its EventTarget listener, paid by every exchange.
    const deadline = new EventEmitter();
    let timedOut = false;
    const deadlineMs = read && config.upstreamAttemptTimeoutMs > 0 ? config.upstreamAttemptTimeoutMs : config.upstreamWriteTimeoutMs;
    const timer = setTimeout(() => {
      timedOut = true;
      deadline.emit('abort');
    }, deadlineMs);
    try {
      const res = await pool.request({ method: req.method, path: prefix + req.path, headers, body, signal: deadline });
      status = res.statusCode;
      retryAfter = res.headers['retry-after'];
      // An error answer is read only for its detail: a short cap.
      const ok = status >= 200 && status < 300;
      const cap = ok ? config.upstreamMaxResponseBytes : Math.min(MAX_ERROR_BODY_BYTES, config.upstreamMaxResponseBytes);
      // A declared length within the cap is read whole by undici (its parser never hands over more
      // bytes than declared); only a body without one, or over the cap, goes through the counting reader.
      const declared = declaredLength(res.headers['content-length']);
      text = declared !== null && declared <= cap ? await res.body.text() : await readCapped(res.body, cap, res.headers['content-length']);
      if (text === null && ok) {
        logger.warn({ endpoint: req.endpoint, limit: config.upstreamMaxResponseBytes }, 'wexa response over the size cap: connection dropped');
        throw new UpstreamContractError(req.endpoint, '$', `is larger than the ${config.upstreamMaxResponseBytes} bytes the gateway reads (WEXA_MAX_RESPONSE_BYTES)`, {
          statusCode: status,
        });
      }
    } catch (cause) {
      if (cause instanceof UpstreamContractError) throw cause;
      const error = errorForTransport(timedOut ? { code: read ? 'ATTEMPT_TIMEOUT' : 'WRITE_TIMEOUT' } : cause, req.endpoint);
      logger.warn(
        { endpoint: req.endpoint, ms: Math.round(performance.now() - started), err: error.message, ...(req.origin?.traceId ? { trace_id: req.origin.traceId } : {}) },
        'wexa request failed',
      );
      throw error;
    } finally {
      clearTimeout(timer);
    }
    logger.debug({ endpoint: req.endpoint, status, ms: Math.round(performance.now() - started) }, 'wexa request');
    if (status < 200 || status >= 300) {
      throw errorForStatus({ status, endpoint: req.endpoint, bodyText: text ?? '', retryAfterHeader: retryAfter, secret: req.apiKey });
    }
    if (text === null || text.trim() === '') return { status, json: null };
    try {
      return { status, json: JSON.parse(text) as unknown };
    } catch {
      throw new UpstreamContractError(req.endpoint, '$', 'is not valid JSON', { statusCode: status });
    }
  };

  return { send, close: () => pool.close() };
}
