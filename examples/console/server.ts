/**
 * The console's own web server: the page (`/`, `/app.js`, `/styles.css`) and, on the same origin, the
 * gateway's `/graphql`, passed through as it is (HTTP requests and the graphql-ws WebSocket upgrade).
 *
 * Serving the gateway from the page's origin keeps the browser out of cross-origin rules altogether:
 * no CORS preflight for the `Authorization` header, and the page's Content-Security-Policy can say
 * `connect-src 'self'` plus the identity provider. The proxy adds and keeps nothing: the token goes
 * through in the request, as it would through any reverse proxy in front of the gateway.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ConsoleAssets } from './build.js';

export interface ConsoleServerOptions {
  assets: ConsoleAssets;
  /** The gateway's GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  gatewayUrl: string;
  /** The identity provider's base URL (the page signs in there). */
  idpUrl: string;
  host?: string;
  /** 0 (the default): any free port. */
  port?: number;
}

export interface ConsoleServer {
  url: string;
  close(): Promise<void>;
}

/** Sent with the page: scripts, styles and connections from this origin only (plus signing in). */
function pageHeaders(idpOrigin: string): Record<string, string> {
  return {
    'content-security-policy': [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      `connect-src 'self' ${idpOrigin}`,
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
}

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

const NOT_FOUND = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Not found · Wexa console</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/styles.css"></head>
<body><main id="main" class="narrow"><h1>Not found</h1><p>There is nothing at this address. <a href="/">Go to the console</a>.</p></main></body></html>
`;

/** Starts the console's server; resolves once it listens. */
export async function startConsoleServer(options: ConsoleServerOptions): Promise<ConsoleServer> {
  const gateway = new URL(options.gatewayUrl);
  const gatewayPort = Number(gateway.port || 80);
  const headers = pageHeaders(new URL(options.idpUrl).origin);
  const html = options.assets.html.replace('{{IDP_URL}}', escapeAttribute(options.idpUrl));
  const files: Record<string, { type: string; body: string }> = {
    '/': { type: 'text/html; charset=utf-8', body: html },
    '/index.html': { type: 'text/html; charset=utf-8', body: html },
    '/app.js': { type: 'text/javascript; charset=utf-8', body: options.assets.js },
    '/styles.css': { type: 'text/css; charset=utf-8', body: options.assets.css },
  };
  const upgraded = new Set<Duplex>();

  /** Passes one HTTP request to the gateway and its answer back. */
  const proxy = (req: IncomingMessage, res: ServerResponse) => {
    const upstream = request(
      { host: gateway.hostname, port: gatewayPort, method: req.method, path: req.url, headers: { ...req.headers, host: gateway.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ message: 'The gateway cannot be reached.' }] }));
      } else res.destroy();
    });
    req.pipe(upstream);
  };

  /** Passes a WebSocket upgrade to the gateway, then the bytes both ways. */
  const proxyUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const upstream: Socket = connect(gatewayPort, gateway.hostname);
    upgraded.add(socket).add(upstream);
    const end = () => {
      socket.destroy();
      upstream.destroy();
      upgraded.delete(socket);
      upgraded.delete(upstream);
    };
    upstream.on('error', end).on('close', end);
    socket.on('error', end).on('close', end);
    upstream.on('connect', () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const [name, value] = [req.rawHeaders[i]!, req.rawHeaders[i + 1]!];
        lines.push(`${name}: ${name.toLowerCase() === 'host' ? gateway.host : value}`);
      }
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      socket.pipe(upstream).pipe(socket);
    });
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/graphql') {
      proxy(req, res);
      return;
    }
    const file = files[path];
    if (file && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-cache', ...headers });
      res.end(req.method === 'HEAD' ? undefined : file.body);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8', ...headers });
    res.end(req.method === 'HEAD' ? undefined : NOT_FOUND);
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if ((req.url ?? '').split('?')[0] === '/graphql') proxyUpgrade(req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of upgraded) socket.destroy();
        upgraded.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
