/**
 * Graceful stop of the HTTP server: stop accepting connections, let the requests in flight finish
 * within a bound, then close what is left. Streaming responses (subscriptions over SSE or multipart
 * HTTP) never finish by themselves, so they are not waited for; their connections are closed at the
 * end, and their clients reconnect (to another replica).
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export interface Drain {
  /** Wraps the server's request listener to count requests in flight. */
  track(listener: (req: IncomingMessage, res: ServerResponse) => void): (req: IncomingMessage, res: ServerResponse) => void;
  /** Stops accepting, waits up to `timeoutMs` for in-flight requests, then closes every connection. */
  close(server: Server, timeoutMs: number): Promise<void>;
}

export function createDrain(): Drain {
  let inflight = 0;
  let draining = false;
  let idle: (() => void) | undefined;
  return {
    track: (listener) => (req, res) => {
      // SSE, and subscriptions over multipart HTTP (only subscriptions ask for `subscriptionSpec`).
      const accept = req.headers.accept ?? '';
      const streaming = accept.includes('text/event-stream') || /subscriptionspec/i.test(accept);
      if (draining) res.setHeader('connection', 'close');
      if (!streaming) {
        inflight += 1;
        res.once('close', () => {
          inflight -= 1;
          if (inflight === 0) idle?.();
        });
      }
      listener(req, res);
    },
    close: async (server, timeoutMs) => {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inflight > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, timeoutMs);
          timer.unref();
          idle = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      server.closeAllConnections();
      await closed;
    },
  };
}
