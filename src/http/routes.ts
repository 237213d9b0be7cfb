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
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>wexa-graph</title>\n' +
        '<style>body{margin:0 auto;max-width:40rem;padding:2rem 1rem;font:1rem/1.5 system-ui,sans-serif;color:#1f2937;background:#fff}' +
        'a{color:#1d4ed8}a:focus-visible{outline:2px solid #1d4ed8;outline-offset:2px}</style>\n</head>\n<body>\n<main>\n' +
        '<h1>wexa-graph</h1>\n' +
        '<p>This is a GraphQL gateway: the endpoint is <a href="/graphql">/graphql</a>' +
        (options.graphiql ? ' (opens GraphiQL in a browser)' : '') +
        '.</p>\n</main>\n</body>\n</html>\n';
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
