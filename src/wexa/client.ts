/**
 * `createWexaClient(config)`: the only code that talks HTTP to Wexa.
 *
 * The client owns one transport stack per upstream origin, built from small layers:
 *
 * ```
 * forKey(key).tasks.get(…) ─▶ rate limit (per key) ─▶ retry (GET, per caller, deadline) ─▶ dedupe (one attempt,
 *   GET, same key) ─▶ hedge (a twin for a slow GET) ─▶ circuit breaker ─▶ undici Pool (attempt deadline)
 *
 * Retry sits above de-duplication: callers that shared an attempt share only that attempt, and each
 * retries on its own when it fails.
 *
 * The model parsed from a shared response is shared too (each GET path has exactly one parser): the
 * JSON of one upstream response is normalised once however many requests wait on it.
 * ```
 *
 * An optional {@link UpstreamObserver} sees each attempt, shared GET and breaker change (see `observer.ts`).
 *
 * `forKey(apiKey)` is cheap (one object; endpoint groups are built on first use) and is called once
 * per GraphQL operation; the key stays inside the returned {@link WexaApi} and only ever leaves it in
 * the `x-api-key` header.
 */
import type { Logger } from 'pino';
import { pino } from 'pino';
import type { Config } from '../config.js';
import { UnauthenticatedError } from '../errors.js';
import type { WexaApi } from './api.js';
import { withDedupe } from './dedupe.js';
import { withHedge } from './hedge.js';
import { keyHash } from './key-hash.js';
import { agentflowsApi } from './endpoints/agentflows.js';
import type { Call } from './endpoints/call.js';
import { connectorsApi } from './endpoints/connectors.js';
import { customerApi } from './endpoints/customer.js';
import { dashboardsApi } from './endpoints/dashboards.js';
import { executionsApi } from './endpoints/executions.js';
import { inboxApi } from './endpoints/inbox.js';
import { projectsApi } from './endpoints/projects.js';
import { tasksApi } from './endpoints/tasks.js';
import { markSent, observeAttempts, observeSharing, type CallOrigin, type UpstreamObserver } from './observer.js';
import { connectorConfigApi } from './endpoints/connector-config.js';
import { filesApi } from './endpoints/files.js';
import { marketplaceApi } from './endpoints/marketplace.js';
import { projectDataApi } from './endpoints/project-data.js';
import { schedulesApi } from './endpoints/schedules.js';
import { skillsApi } from './endpoints/skills.js';
import { tablesApi } from './endpoints/tables.js';
import { withRateLimit } from './rate-limit.js';
import { withBreaker, withRetry } from './resilience.js';
import { createHttpLayer, toRequest, type Send, type WexaResponse } from './transport.js';

export interface WexaClient {
  /**
   * The typed upstream surface bound to one caller's key (and, for observers, to the operation it
   * works for). Throws UNAUTHENTICATED for an empty or malformed key.
   */
  forKey(apiKey: string, origin?: CallOrigin): WexaApi;
  /** Closes the connection pool; in-flight requests finish first. */
  close(): Promise<void>;
}

export interface WexaClientOptions {
  /** Where request, retry and breaker events go (debug/info/warn). Defaults to a silent logger. */
  logger?: Logger;
  /** Told about every attempt, shared GET and breaker change (metrics, tracing). */
  observer?: UpstreamObserver;
}

/** Printable ASCII without spaces, as an HTTP header value must be; anything else cannot be a Wexa key. */
const KEY_SHAPE = /^[\x21-\x7e]{1,512}$/;

/** Creates the upstream client for `config.wexaApiUrl`. */
export function createWexaClient(config: Config, options: WexaClientOptions = {}): WexaClient {
  const logger = (options.logger ?? pino({ level: 'silent' })).child({ component: 'wexa' });
  const http = createHttpLayer(config, logger);
  const observer = options.observer ?? {};
  let send: Send = observeAttempts(http.send, observer);
  send = withBreaker(send, config, logger, observer.onBreakerState?.bind(observer));
  send = withHedge(send, config.upstreamHedgeAfterMs);
  if (config.dedupeInflightGets) send = observeSharing(withDedupe(markSent(send)), observer);
  /** The model parsed from each shared GET response, for as long as the response object lives. */
  const parsed = new WeakMap<WexaResponse, unknown>();
  send = withRetry(send, config, logger);
  const rateLimit = withRateLimit(send, config);
  send = rateLimit.send;

  const apiPrototype = lazyApiPrototype({
    projects: projectsApi,
    agentflows: agentflowsApi,
    executions: (call) => executionsApi(call, config),
    tasks: (call) => tasksApi(call, config),
    dashboards: dashboardsApi,
    connectors: connectorsApi,
    inbox: inboxApi,
    customer: customerApi,
    skills: skillsApi,
    schedules: schedulesApi,
    projectData: projectDataApi,
    tables: tablesApi,
    files: filesApi,
    marketplace: marketplaceApi,
    connectorConfig: connectorConfigApi,
  });

  return {
    forKey(apiKey: string, origin?: CallOrigin): WexaApi {
      if (typeof apiKey !== 'string' || !KEY_SHAPE.test(apiKey)) {
        throw new UnauthenticatedError('A valid Wexa API key is required: send it in the x-api-key header.');
      }
      let hash: string | undefined;
      const call: Call = async (spec, parse) => {
        const request = toRequest(spec, apiKey, (hash ??= keyHash(apiKey)), origin);
        const response = await send(request);
        if (request.method !== 'GET') return parse(response.json, { endpoint: request.endpoint });
        // A response shared by de-duplication is one object: the first waiter parses it, the others reuse that model.
        if (parsed.has(response)) return parsed.get(response) as ReturnType<typeof parse>;
        const model = parse(response.json, { endpoint: request.endpoint });
        parsed.set(response, model);
        return model;
      };
      const api = Object.create(apiPrototype) as WexaApi & KeyedState;
      api.call = call;
      api.built = {};
      return api;
    },
    close: async () => {
      await rateLimit.close();
      await http.close();
    },
  };
}

/** Builds each endpoint group of the API from a caller's `call`. */
type GroupBuilders = { [G in keyof WexaApi]: (call: Call) => WexaApi[G] };

/** What one caller's API object holds; the groups come from the shared prototype. */
interface KeyedState {
  call: Call;
  built: Partial<WexaApi>;
}

/**
 * A prototype whose getters build each endpoint group of the caller's API on first use and keep it:
 * an operation uses two or three of the fifteen groups, and one API object is made per operation.
 * Made once per client; each caller's object only carries its `call` and the groups built so far.
 */
function lazyApiPrototype(builders: GroupBuilders): object {
  const prototype = {};
  for (const name of Object.keys(builders) as (keyof WexaApi)[]) {
    Object.defineProperty(prototype, name, {
      get(this: KeyedState) {
        return (this.built[name] ??= builders[name](this.call) as never);
      },
    });
  }
  return prototype;
}
