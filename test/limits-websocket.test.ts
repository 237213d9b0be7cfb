/**
 * What a stranger can open over graphql-ws is bounded: a message larger than MAX_REQUEST_BODY_BYTES
 * closes the socket (1009) before it is buffered whole, `variables` nest no deeper than over HTTP,
 * and operations per socket, subscriptions per key (every transport) and sockets per key are capped
 * with a coded refusal. Spoken as raw graphql-ws frames, so close codes and refusals are seen as sent.
 */
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEMO_KEY, PULSE } from './utils/ids.js';
import { useStack } from './utils/stack.js';
import { sseClient, subscribe } from './utils/subscriptions.js';

const stack = useStack({
  config: { maxRequestBodyBytes: 64 * 1024, maxSubscriptionsPerSocket: 3, maxSubscriptionsPerKey: 5, maxSocketsPerKey: 2 },
});

interface Frame {
  type: string;
  id?: string;
  payload?: { errors?: { extensions?: { code?: string; limit?: number } }[] } & Record<string, unknown>;
}

/** A raw graphql-ws socket, acknowledged, that records every frame and how it closed. */
async function socket(key: string | null = DEMO_KEY) {
  const ws = new WebSocket(stack.gw.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const frames: Frame[] = [];
  const closed = once(ws, 'close').then(([code]) => code as number);
  ws.on('message', (data) => frames.push(JSON.parse(String(data)) as Frame));
  await once(ws, 'open');
  ws.send(JSON.stringify({ type: 'connection_init', payload: key === null ? {} : { 'x-api-key': key } }));
  const acked = await Promise.race([
    new Promise<boolean>((resolve) => {
      const check = () => (frames.some((f) => f.type === 'connection_ack') ? resolve(true) : setImmediate(check));
      check();
    }),
    closed.then(() => false),
  ]);
  return {
    ws,
    frames,
    closed,
    acked,
    send: (frame: unknown) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    /** The frames of operation `id`. */
    of: (id: string) => frames.filter((f) => f.id === id),
  };
}

const PROJECT_EXECUTIONS = 'subscription ($p: ID!) { projectExecutions(projectId: $p) { status } }';

describe('WebSocket limits', () => {
  it('closes a socket whose message is larger than MAX_REQUEST_BODY_BYTES (1009), and the gateway goes on', async () => {
    const s = await socket();
    s.send({ type: 'subscribe', id: 'big', payload: { query: `{ __typename }`, variables: { padding: 'x'.repeat(200 * 1024) } } });
    expect(await s.closed).toBe(1009);
    expect((await stack.gw.gql('{ projects(first: 1) { totalCount } }')).errors).toBeUndefined();
  });

  it('refuses variables nested deeper than over HTTP with BAD_USER_INPUT', async () => {
    const s = await socket();
    let deep: unknown = 1;
    for (let i = 0; i < 40; i += 1) deep = { a: deep };
    s.send({ type: 'subscribe', id: 'deep', payload: { query: '{ __typename }', variables: { deep } } });
    await expect.poll(() => s.of('deep').length).toBeGreaterThan(0);
    expect(s.of('deep')[0]).toMatchObject({ type: 'error', payload: [{ extensions: { code: 'BAD_USER_INPUT' } }] });
    s.ws.close();
  });

  it('caps operations per socket: the fourth is TOO_MANY_SUBSCRIPTIONS, the socket and the first three stay', async () => {
    const s = await socket();
    for (const id of ['1', '2', '3', '4']) s.send({ type: 'subscribe', id, payload: { query: PROJECT_EXECUTIONS, variables: { p: PULSE } } });
    await expect.poll(() => s.of('4').length).toBeGreaterThan(0);
    expect(s.of('4')[0]).toMatchObject({ type: 'error', payload: [{ extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', limit: 3 } }] });
    await expect.poll(() => stack.gw.gateway.live.stats().subscribers).toBe(3);
    // Ending one frees its place.
    s.send({ type: 'complete', id: '1' });
    await expect.poll(() => stack.gw.gateway.live.stats().subscribers).toBe(2);
    s.send({ type: 'subscribe', id: '5', payload: { query: PROJECT_EXECUTIONS, variables: { p: PULSE } } });
    await expect.poll(() => stack.gw.gateway.live.stats().subscribers).toBe(3);
    expect(s.of('5')).toEqual([]);
    s.ws.close();
    await expect.poll(() => stack.gw.gateway.live.stats().subscribers).toBe(0);
  });

  it('caps subscriptions per key across sockets and SSE, before any upstream read', async () => {
    const a = await socket();
    const b = await socket();
    for (const id of ['1', '2', '3']) a.send({ type: 'subscribe', id, payload: { query: PROJECT_EXECUTIONS, variables: { p: PULSE } } });
    for (const id of ['1', '2']) b.send({ type: 'subscribe', id, payload: { query: PROJECT_EXECUTIONS, variables: { p: PULSE } } });
    await expect.poll(() => stack.gw.gateway.live.stats().subscribers).toBe(5);
    await stack.sim.resetLog();
    b.send({ type: 'subscribe', id: '3', payload: { query: PROJECT_EXECUTIONS, variables: { p: PULSE } } });
    await expect.poll(() => b.of('3').length).toBeGreaterThan(0);
    expect(b.of('3')[0]?.payload?.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_SUBSCRIPTIONS', limit: 5 });
    const sse = sseClient(stack.gw.url, DEMO_KEY);
    const overSse = subscribe(sse, PROJECT_EXECUTIONS, { p: PULSE });
    await overSse.done;
    sse.dispose();
    expect(overSse.results[0]?.errors?.[0]?.extensions?.code).toBe('TOO_MANY_SUBSCRIPTIONS');
    expect(await stack.sim.counts()).toEqual({});
    a.ws.close();
    b.ws.close();
    await expect.poll(() => stack.gw.gateway.live.stats().subscribers).toBe(0);
  });

  it('caps sockets per key: a third socket of the key is closed with 4429 at connection_init', async () => {
    const first = await socket();
    const second = await socket();
    const third = await socket();
    expect([first.acked, second.acked, third.acked]).toEqual([true, true, false]);
    expect(await third.closed).toBe(4429);
    // Another key is not affected, and closing one socket frees a place.
    expect((await socket('wexa-sim-other-key')).acked).toBe(true);
    first.ws.close();
    await first.closed;
    await expect.poll(async () => (await socket()).acked).toBe(true);
  });
});
