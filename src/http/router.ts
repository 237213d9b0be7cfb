/**
 * The gateway's HTTP entry: an ordered list of route handlers tried before GraphQL. A handler
 * returns true when it answered the request, false to pass it on; the first that answers wins, and
 * requests nobody takes go to the fallback (yoga). Other features mount their routes by adding a
 * handler to the list in `app.ts`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

/** The request's path without its query string. */
export function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/** Writes a JSON answer (HEAD: headers only): the one way every non-GraphQL route of the gateway answers JSON. */
export function sendJson(req: IncomingMessage, res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(req.method === 'HEAD' ? undefined : text);
}

/** A handler for `GET`/`HEAD` of one exact path; other methods on that path get 405. */
export function getRoute(path: string, answer: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>): RouteHandler {
  return async (req, res) => {
    if (pathOf(req) !== path) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(req, res, 405, { error: `Method ${req.method ?? ''} not allowed on ${path}; use GET.` }, { allow: 'GET, HEAD' });
      return true;
    }
    await answer(req, res);
    return true;
  };
}

/** Combines handlers and a fallback into a `http.createServer` listener. */
export function createRouter(
  handlers: readonly RouteHandler[],
  fallback: (req: IncomingMessage, res: ServerResponse) => void,
  logger: Logger,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void (async () => {
      for (const handler of handlers) if (await handler(req, res)) return;
      fallback(req, res);
    })().catch((error: unknown) => {
      logger.error({ err: error, path: pathOf(req).slice(0, 200) }, 'route failed');
      if (!res.headersSent) sendJson(req, res, 500, { error: 'Unexpected error.' });
      else res.destroy();
    });
  };
}
