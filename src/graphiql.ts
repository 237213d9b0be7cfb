/**
 * GraphiQL, served by the gateway itself (assets inlined, no CDN) on `GET /graphql` for browsers.
 *
 * The page is about 9 MiB of HTML, so it is rendered once (on first request), compressed once
 * (brotli and gzip, off the event loop) and then served from memory with an `ETag`: a browser
 * that has it gets `304 Not Modified`, and a thousand requests cost one render.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { pathOf, type RouteHandler } from './http/router.js';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** What GraphiQL shows on first open: a whole screen of linked data in one request. */
export const FIRST_QUERY = `# wexa-graph: one query, the whole screen, the fewest Wexa calls.
# Run it with the ▶ button (Ctrl-Enter). Your key: Headers tab below.
{
  agentflow(id: "68036de031f62a652ee0e54c") {
    name
    agents { title role nextAgent { title } }
    executions(first: 3) {
      totalCount
      nodes { status goal task { name status } agentOutputs { title } }
    }
    project {
      name
      dashboard { name components { type title } }
    }
  }
}
`;

export interface GraphiQLOptions {
  /** Key shown in the Headers tab (simulator mode); a placeholder otherwise. */
  demoKey?: string;
}

interface Rendered {
  etag: string;
  identity: Buffer;
  br: Buffer;
  gzip: Buffer;
}

async function render(options: GraphiQLOptions): Promise<Rendered> {
  const headers = JSON.stringify({ 'x-api-key': options.demoKey ?? '<your Wexa API key>' }, null, 2);
  const html = renderGraphiQL({
    title: 'Wexa Graph',
    defaultQuery: FIRST_QUERY,
    defaultHeaders: headers,
    headers,
    subscriptionsProtocol: 'WS',
    shouldPersistHeaders: false,
  });
  const identity = Buffer.from(html, 'utf8');
  const [br, gzipped] = await Promise.all([
    brotli(identity, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: identity.length } }),
    gz(identity, { level: 6 }),
  ]);
  const etag = `"${createHash('sha256').update(identity).digest('base64url').slice(0, 27)}"`;
  return { etag, identity, br, gzip: gzipped };
}

function wantsGraphiQL(req: IncomingMessage, endpoint: string): boolean {
  const path = pathOf(req);
  return (
    (req.method === 'GET' || req.method === 'HEAD') &&
    (path === endpoint || path === `${endpoint}/`) &&
    (req.headers.accept ?? '').includes('text/html')
  );
}

/** The route serving GraphiQL on `endpoint` to browsers. */
export function graphiqlRoute(endpoint: string, options: GraphiQLOptions): RouteHandler {
  let page: Promise<Rendered> | undefined;
  return async (req, res) => {
    if (!wantsGraphiQL(req, endpoint)) return false;
    const rendered = await (page ??= render(options));
    const common = {
      'content-type': 'text/html; charset=utf-8',
      etag: rendered.etag,
      // May be stored, but is revalidated (the page changes with the gateway's version and settings).
      'cache-control': 'no-cache',
      vary: 'accept, accept-encoding',
    };
    if (req.headers['if-none-match'] === rendered.etag) {
      res.writeHead(304, common);
      res.end();
      return true;
    }
    const accepts = String(req.headers['accept-encoding'] ?? '');
    const [encoding, body] = /\bbr\b/.test(accepts)
      ? (['br', rendered.br] as const)
      : /\bgzip\b/.test(accepts)
        ? (['gzip', rendered.gzip] as const)
        : ([undefined, rendered.identity] as const);
    res.writeHead(200, { ...common, 'content-length': String(body.length), ...(encoding ? { 'content-encoding': encoding } : {}) });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}
