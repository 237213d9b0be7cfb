/**
 * A colleague: a second Wexa key of the demo organisation. The simulator has one key per
 * organisation, so this proxy sits between a gateway and the simulator and sends the demo key upstream
 * whenever the colleague's key comes in. The gateway sees two different keys (two key hashes, two
 * creators) that read the same projects, as two people of one organisation would.
 */
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import { registerSecret } from '../setup/no-secrets.js';
import { DEMO_KEY } from './ids.js';

/** The colleague's key (never sent upstream: the proxy swaps in the demo key). */
export const COLLEAGUE_KEY = 'wexa-sim-colleague-key';
registerSecret(COLLEAGUE_KEY);

export interface ColleagueProxy {
  /** Point a gateway's `wexaApiUrl` here. */
  url: string;
  close(): Promise<void>;
}

/** Starts the proxy in front of the simulator at `upstreamUrl`. */
export async function startColleagueProxy(upstreamUrl: string): Promise<ColleagueProxy> {
  const upstream = new URL(upstreamUrl);
  const server = createServer((req, res) => {
    const headers: IncomingHttpHeaders = { ...req.headers, host: upstream.host };
    if (headers['x-api-key'] === COLLEAGUE_KEY) headers['x-api-key'] = DEMO_KEY;
    const forward = request(
      { protocol: upstream.protocol, hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
