/**
 * The gateway's own routes besides GraphQL: `/` (where to go), `/health` and `/healthz`
 * (liveness), `/readyz` (readiness) and `/metrics` (Prometheus).
 */
import type { GatewayMetrics } from '../observability/metrics.js';
import type { Readiness } from '../observability/health.js';
import { getRoute, sendJson, type RouteHandler } from './router.js';

/** `GET /`: points to the GraphQL endpoint (a link for browsers, JSON for everything else). */
export function rootRoute(options: { graphiql: boolean }): RouteHandler {
  return getRoute('/', (req, res) => {
    const body = {
      name: 'wexa-graph',
      graphql: '/graphql',
      ...(options.graphiql ? { graphiql: 'open /graphql in a browser' } : {}),
      health: '/healthz',
      ready: '/readyz',
    };
    if (req.headers.accept?.includes('text/html')) {
      const html =
        '<!doctype html><meta charset="utf-8"><title>wexa-graph</title>' +
        '<p>This is a GraphQL gateway: the endpoint is <a href="/graphql">/graphql</a>' +
        (options.graphiql ? ' (opens GraphiQL in a browser)' : '') +
        '.</p>';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : html);
      return;
    }
    sendJson(req, res, 200, body);
  });
}

/** Liveness: the process answers. `/health` is kept for probes written against earlier versions. */
export function livenessRoutes(): RouteHandler[] {
  const alive = (req: Parameters<RouteHandler>[0], res: Parameters<RouteHandler>[1]) => sendJson(req, res, 200, { status: 'ok' });
  return [getRoute('/healthz', alive), getRoute('/health', alive)];
}

/** Readiness: 200 when every dependency check passes, else 503 with what failed. */
export function readinessRoute(readiness: Readiness): RouteHandler {
  return getRoute('/readyz', async (req, res) => {
    const report = await readiness.report();
    sendJson(req, res, report.ready ? 200 : 503, { status: report.ready ? 'ready' : 'not ready', checks: report.checks });
  });
}

/** Prometheus exposition. */
export function metricsRoute(metrics: GatewayMetrics): RouteHandler {
  return getRoute('/metrics', async (req, res) => {
    const { contentType, body } = await metrics.scrape();
    res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
}
