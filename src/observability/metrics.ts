/**
 * Prometheus metrics (prom-client), one registry per gateway:
 *
 * | metric | labels |
 * | --- | --- |
 * | `wexa_graph_operations_total` | `type`, `name`, `outcome` (`ok` or an error code) |
 * | `wexa_graph_operation_duration_seconds` (histogram) | `type`, `name` |
 * | `wexa_graph_upstream_requests_total` | `endpoint` (template), `status` (HTTP status or `error`) |
 * | `wexa_graph_upstream_request_duration_seconds` (histogram) | `endpoint` |
 * | `wexa_graph_upstream_retries_total` | `endpoint` |
 * | `wexa_graph_upstream_shared_total` (GETs answered by a call already in flight) | `endpoint` |
 * | `wexa_graph_upstream_breaker_open` (0 closed, 0.5 half-open, 1 open) | |
 * | `wexa_graph_subscriptions_active`, `wexa_graph_live_watches`, `wexa_graph_live_pollers` | |
 * | `wexa_graph_live_polls_total` | |
 * | process and Node.js defaults (`process_*`, `nodejs_*`) | |
 *
 * Every label is bounded: endpoint templates (`GET /task/{id}`) never hold an id; operation names
 * are kept only when they look like names (`[A-Za-z_][A-Za-z0-9_]*`, at most 64 characters) and
 * only for the first {@link MAX_OPERATION_NAMES} distinct ones, the rest count as `other`; error
 * codes outside the known set count as `OTHER`. No label ever carries a key.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { ERROR_CODES } from '../errors.js';
import type { LiveStats } from '../live/index.js';
import type { UpstreamObserver } from '../wexa/observer.js';
import { afterThisTurn } from './deferred.js';
import type { OperationSink } from './operations.js';

/** Distinct operation names kept as label values; later ones are `other`. */
export const MAX_OPERATION_NAMES = 200;
const NAME_SHAPE = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const KNOWN_CODES = new Set<string>([
  ...ERROR_CODES,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'QUERY_TOO_COMPLEX',
  'PERSISTED_QUERY_NOT_FOUND',
]);
const ENDPOINT_SHAPE = /^(GET|POST|PUT|PATCH|DELETE) \/[A-Za-z0-9_\-/{}.]*$/;
const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export interface GatewayMetrics {
  registry: Registry;
  operations: OperationSink;
  upstream: UpstreamObserver;
  /** Reads the live layer's counters at every scrape. */
  watchLive(stats: () => LiveStats | null): void;
  /** The exposition text and its content type. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

export function createMetrics(): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const names = new Set<string>();
  const nameLabel = (name: string | null): string => {
    if (name === null) return 'anonymous';
    if (!NAME_SHAPE.test(name)) return 'other';
    if (names.has(name)) return name;
    if (names.size >= MAX_OPERATION_NAMES) return 'other';
    names.add(name);
    return name;
  };
  const endpointLabel = (endpoint: string) => (ENDPOINT_SHAPE.test(endpoint) ? endpoint : 'other');

  const operations = new Counter({
    name: 'wexa_graph_operations_total',
    help: 'GraphQL operations by type, name and outcome (ok or the error code)',
    labelNames: ['type', 'name', 'outcome'] as const,
    registers: [registry],
  });
  const operationSeconds = new Histogram({
    name: 'wexa_graph_operation_duration_seconds',
    help: 'Time from the start of execution to the result (subscriptions: to their end)',
    labelNames: ['type', 'name'] as const,
    buckets: SECONDS,
    registers: [registry],
  });
  const upstreamRequests = new Counter({
    name: 'wexa_graph_upstream_requests_total',
    help: 'HTTP exchanges with the Wexa API by endpoint template and status (error: no answer)',
    labelNames: ['endpoint', 'status'] as const,
    registers: [registry],
  });
  const upstreamSeconds = new Histogram({
    name: 'wexa_graph_upstream_request_duration_seconds',
    help: 'Duration of one HTTP exchange with the Wexa API',
    labelNames: ['endpoint'] as const,
    buckets: SECONDS,
    registers: [registry],
  });
  const retries = new Counter({
    name: 'wexa_graph_upstream_retries_total',
    help: 'Upstream GETs sent again after a transient failure',
    labelNames: ['endpoint'] as const,
    registers: [registry],
  });
  const shared = new Counter({
    name: 'wexa_graph_upstream_shared_total',
    help: 'GETs answered by an identical call already in flight for the same key',
    labelNames: ['endpoint'] as const,
    registers: [registry],
  });
  const breaker = new Gauge({
    name: 'wexa_graph_upstream_breaker_open',
    help: 'Circuit breaker state: 0 closed, 0.5 half-open, 1 open',
    registers: [registry],
  });
  breaker.set(0);

  let liveStats: () => LiveStats | null = () => null;
  const liveGauge = (name: string, help: string, pick: (s: LiveStats) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const stats = liveStats();
        this.set(stats ? pick(stats) : 0);
      },
    });
  liveGauge('wexa_graph_subscriptions_active', 'Subscriptions open on this replica', (s) => s.subscribers);
  liveGauge('wexa_graph_live_watches', 'Watched resources with subscribers on this replica', (s) => s.watches);
  liveGauge('wexa_graph_live_pollers', 'Watches this replica polls', (s) => s.pollers);
  new Counter({
    name: 'wexa_graph_live_polls_total',
    help: 'Upstream reads made by the pollers of this replica',
    registers: [registry],
    collect() {
      // The live layer keeps the running total; the counter mirrors it.
      this.reset();
      this.inc(liveStats()?.polls ?? 0);
    },
  });

  return {
    registry,
    operations: {
      // Recorded after the answer is written (`deferred.ts`); the record is not changed afterwards.
      onEnd: (record) =>
        afterThisTurn(() => {
          const type = record.type;
          const name = nameLabel(record.name);
          const outcomes = record.errorCodes.length === 0 ? ['ok'] : record.errorCodes.map((c) => (KNOWN_CODES.has(c) ? c : 'OTHER'));
          for (const outcome of new Set(outcomes)) operations.inc({ type, name, outcome });
          operationSeconds.observe({ type, name }, record.durationMs / 1000);
        }),
    },
    upstream: {
      onAttemptStart: () => ({
        end: (attempt) =>
          afterThisTurn(() => {
            const endpoint = endpointLabel(attempt.endpoint);
            upstreamRequests.inc({ endpoint, status: attempt.status === null ? 'error' : String(attempt.status) });
            upstreamSeconds.observe({ endpoint }, attempt.durationMs / 1000);
            if (attempt.attempt > 1) retries.inc({ endpoint });
          }),
      }),
      onShared: (endpoint) => shared.inc({ endpoint: endpointLabel(endpoint) }),
      onBreakerState: (state) => breaker.set(state === 'open' ? 1 : state === 'half-open' ? 0.5 : 0),
    },
    watchLive(stats) {
      liveStats = stats;
    },
    scrape: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
  };
}
