/**
 * `createWexaClient(config)`: the only code that talks HTTP to Wexa.
 *
 * The client owns one transport stack per upstream origin, built from small layers:
 *
 * ```
 * forKey(key, hash).tasks.get(…) ─▶ retry (GET, per caller, deadline) ─▶ dedupe (one attempt, GET, same key)
 *   ─▶ hedge (a twin for a slow GET) ─▶ rate limit (per key, calls really sent) ─▶ circuit breaker
 *   ─▶ undici Pool (whole-answer deadline, body size cap)
 *
 * Retry sits above de-duplication: callers that shared an attempt share only that attempt, and each
 * retries on its own when it fails. The rate limit sits below it, so readers sharing one call spend
 * one point of their key's bucket; its refusal is never retried.
 *
 * The model parsed from a shared response is shared too (each GET path has exactly one parser): the
 * JSON of one upstream response is normalised once however many requests wait on it.
 * ```
 *
 * An optional {@link UpstreamObserver} sees each attempt, shared GET and breaker change (see `observer.ts`).
 *
 * `forKey(apiKey, keyHash, origin)` builds a plain {@link WexaApi} (every endpoint group, about 4 µs)
 * and is called once per operation by the caller (`src/auth/caller.ts`), which worked out the key's
 * hash; the key stays inside the returned API and only ever leaves it in the `x-api-key` header.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { pino } from 'pino';
import type { Config } from '../config.js';
import type { WexaApi } from './api.js';
import { withDedupe } from './dedupe.js';
import { withHedge } from './hedge.js';
import { agentflowsApi } from './endpoints/agentflows.js';
import type { Call } from './endpoints/call.js';
import { connectorsApi } from './endpoints/connectors.js';
import { customerApi } from './endpoints/customer.js';
import { dashboardsApi } from './endpoints/dashboards.js';
import { executionsApi } from './endpoints/executions.js';
import { inboxApi } from './endpoints/inbox.js';
import { projectsApi } from './endpoints/projects.js';
import { tasksApi } from './endpoints/tasks.js';
import { markSent, observeAttempts, observeSharing, type UpstreamObserver } from './observer.js';
import { connectorConfigApi } from './endpoints/connector-config.js';
import { filesApi } from './endpoints/files.js';
import { marketplaceApi } from './endpoints/marketplace.js';
import { projectDataApi } from './endpoints/project-data.js';
import { schedulesApi } from './endpoints/schedules.js';
import { skillsApi } from './endpoints/skills.js';
import { tablesApi } from './endpoints/tables.js';
import { withRateLimit } from './rate-limit.js';
import { withBreaker, withRetry } from './resilience.js';
import { createHttpLayer, toRequest, type CallOrigin, type Send, type WexaResponse } from './transport.js';
import { assertApiKey } from './ids.js';

export interface WexaClient {
  /**
   * The typed upstream surface bound to one caller's key, named by `keyHash` in the sharing and
   * rate-limit maps (and, for observers, bound to the operation it works for). Throws UNAUTHENTICATED
   * for a key that cannot be a Wexa key.
   */
  forKey(apiKey: string, keyHash: string, origin?: CallOrigin): WexaApi;
  /** Closes the connection pool; in-flight requests finish first. */
  close(): Promise<void>;
}

export interface WexaClientOptions {
  /** Where request, retry and breaker events go (debug/info/warn). Defaults to a silent logger. */
  logger?: Logger;
  /** Told about every attempt, shared GET and breaker change (metrics, tracing). */
  observer?: UpstreamObserver;
  /** Redis for the per-key rate limit shared by every replica (its owner closes it); in memory without. */
  redis?: Redis | null;
}

/** Creates the upstream client for `config.wexaApiUrl`. */
export function createWexaClient(config: Config, options: WexaClientOptions = {}): WexaClient {
  const logger = (options.logger ?? pino({ level: 'silent' })).child({ component: 'wexa' });
  const http = createHttpLayer(config, logger);
  const observer = options.observer ?? {};
  let send: Send = observeAttempts(http.send, observer);
  send = withBreaker(send, config, logger, observer.onBreakerState?.bind(observer));
  // Below the sharing and the hedge: every call really sent, a hedged twin included, takes a point
  // of the key's bucket (and a slot of its concurrency cap).
  send = withRateLimit(send, config, options.redis ?? null);
  send = withHedge(send, config.upstreamHedgeAfterMs);
  if (config.dedupeInflightGets) send = observeSharing(withDedupe(markSent(send)), observer);
  /** The model parsed from each shared GET response, for as long as the response object lives. */
  const parsed = new WeakMap<WexaResponse, unknown>();
  send = withRetry(send, config, logger);

  return {
    forKey(apiKey, keyHash, origin) {
      assertApiKey(apiKey);
      const call: Call = async (spec, parse) => {
        const request = toRequest(spec, apiKey, keyHash, origin);
        const response = await send(request);
        if (request.method !== 'GET') return parse(response.json, { endpoint: request.endpoint });
        // A response shared by de-duplication is one object: the first waiter parses it, the others reuse that model.
        if (parsed.has(response)) return parsed.get(response) as ReturnType<typeof parse>;
        const model = parse(response.json, { endpoint: request.endpoint });
        parsed.set(response, model);
        return model;
      };
      return wexaApi(call, config);
    },
    close: () => http.close(),
  };
}

/** Every endpoint group of the API over one `call` (a plain object; the groups are small closures). */
export function wexaApi(call: Call, config: Pick<Config, 'cancelPath' | 'taskListPath'>): WexaApi {
  return {
    projects: projectsApi(call),
    agentflows: agentflowsApi(call),
    executions: executionsApi(call, config),
    tasks: tasksApi(call, config),
    dashboards: dashboardsApi(call),
    connectors: connectorsApi(call),
    inbox: inboxApi(call),
    customer: customerApi(call),
    skills: skillsApi(call),
    schedules: schedulesApi(call),
    projectData: projectDataApi(call),
    tables: tablesApi(call),
    files: filesApi(call),
    marketplace: marketplaceApi(call),
    connectorConfig: connectorConfigApi(call),
  };
}

/** An API whose every call fails with `error` before anything is sent: what an operation without a caller holds. */
export function failingApi(error: Error, config: Pick<Config, 'cancelPath' | 'taskListPath'>): WexaApi {
  return wexaApi(() => Promise.reject(error), config);
}
