/**
 * Liveness stays answered whatever else is served: during a flood of GraphiQL requests that accept no
 * compression (each copy of the page is several MiB), the gateway sends only a few uncompressed copies
 * at once and answers the rest 503 to retry, and `/healthz` answers meanwhile. The flood's clients do
 * not read their answers, as a slow or hostile client would not.
 */
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { MAX_UNCOMPRESSED_SENDS } from '../src/graphiql.js';
import { useStack } from './utils/stack.js';

const stack = useStack({ config: { graphiql: true } });

/** A GET that resolves with the response head and leaves its body unread. */
function head(url: string, headers: Record<string, string>): Promise<{ req: ClientRequest; res: IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false }, (res) => resolve({ req, res }));
    req.on('error', reject);
    req.end();
  });
}

describe('health during a GraphiQL flood', () => {
  it('sends at most a few uncompressed copies at once, refuses the rest with 503, and /healthz answers meanwhile', async () => {
    const flood = await Promise.all(Array.from({ length: 64 }, () => head(stack.gw.url, { accept: 'text/html' })));
    const statuses = flood.map((f) => f.res.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(MAX_UNCOMPRESSED_SENDS);
    expect(statuses.filter((s) => s === 503)).toHaveLength(64 - MAX_UNCOMPRESSED_SENDS);
    expect(flood.find((f) => f.res.statusCode === 503)?.res.headers['retry-after']).toBe('1');

    const health = await fetch(stack.gw.url.replace(/\/graphql$/, '/healthz'));
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
    // A browser (which accepts compression) is never turned away.
    const browser = await fetch(stack.gw.url, { headers: { accept: 'text/html', 'accept-encoding': 'gzip' } });
    expect(browser.status).toBe(200);
    await browser.arrayBuffer();

    for (const f of flood) f.req.destroy();
    // Once the slow clients are gone, their places are free again.
    await expect.poll(async () => (await head(stack.gw.url, { accept: 'text/html' }).then((f) => (f.req.destroy(), f.res.statusCode)))).toBe(200);
  });
});
