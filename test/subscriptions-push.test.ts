/**
 * Mutations push their effect at once, over both transports. Polling is set to 60 s here, so after
 * a watch's first read only a poke from the gateway's own mutation can explain an event.
 * Also: GraphQL over SSE (graphql-sse in distinct-connections mode, and a raw `text/event-stream` read).
 */
import type { Client as SseClient } from 'graphql-sse';
import type { Client as WsClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PULSE, UNKNOWN_EXECUTION } from './utils/ids.js';
import { useStack } from './utils/stack.js';
import {
  EXECUTION_UPDATED,
  createReadyExecution,
  mutateExecution,
  runningExecution,
  sseClient,
  subscribe,
  wsClient,
  type Result,
} from './utils/subscriptions.js';

const stack = useStack({ config: { pollMinMs: 60_000, pollMaxMs: 60_000 } });
let ws: WsClient;
let sse: SseClient;

beforeAll(() => {
  ws = wsClient(stack.gw.url, stack.sim.demoKey);
  sse = sseClient(stack.gw.url, stack.sim.demoKey);
});

afterAll(async () => {
  await ws?.dispose();
  sse?.dispose();
});

const statusOf = (r: Result) => r.data?.executionUpdated.status as string;
const stats = () => stack.gw.gateway.live.stats();
const mutate = (name: Parameters<typeof mutateExecution>[1], id: string) => mutateExecution(stack.gw, name, id);

for (const transport of ['graphql-ws', 'graphql-sse'] as const) {
  describe(`pushed by mutations over ${transport}`, () => {
    const client = () => (transport === 'graphql-ws' ? ws : sse);

    it('delivers a cancel before the next poll, then completes', async () => {
      const id = await runningExecution(stack.sim);
      const before = stats();
      const sub = subscribe(client(), EXECUTION_UPDATED, { projectId: PULSE, id });
      expect(statusOf(await sub.nth(1))).toBe('RUNNING');
      await mutate('cancelExecution', id);
      await sub.done;
      expect(sub.results.map(statusOf)).toEqual(['RUNNING', 'CANCELLED']);
      // The subscriber's read seeded the watch; the cancel's poke asked for its only poll: no timed poll.
      expect([stats().reads - before.reads, stats().polls - before.polls]).toEqual([1, 1]);
    });

    it('delivers pause and resume at once, and a cancel after them', async () => {
      const id = await runningExecution(stack.sim);
      const sub = subscribe(client(), EXECUTION_UPDATED, { projectId: PULSE, id });
      await sub.nth(1);
      await mutate('pauseExecution', id);
      await sub.nth(2);
      await mutate('resumeExecution', id);
      await sub.nth(3);
      await mutate('cancelExecution', id);
      await sub.done;
      expect(sub.results.map(statusOf)).toEqual(['RUNNING', 'PAUSED', 'RUNNING', 'CANCELLED']);
    });
  });
}

/** Reads a whole `text/event-stream` response into its events. */
async function readEventStream(response: Response): Promise<{ event: string; data: unknown }[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '' && !block.startsWith(':'))
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event:'))?.slice(6).trim() ?? 'message';
      const data = lines
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trim())
        .join('\n');
      return { event, data: data === '' ? null : (JSON.parse(data) as unknown) };
    });
}

describe('raw GraphQL over SSE', () => {
  const post = (key: string | null, variables: Record<string, unknown>) =>
    fetch(stack.gw.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(key ? { 'x-api-key': key } : {}) },
      body: JSON.stringify({ query: EXECUTION_UPDATED, variables }),
    });

  it('streams next events and a complete event as text/event-stream', async () => {
    const id = await createReadyExecution(stack.sim.url, stack.sim.demoKey);
    await mutate('cancelExecution', id);
    const response = await post(stack.sim.demoKey, { projectId: PULSE, id });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = await readEventStream(response);
    expect(events.map((e) => e.event)).toEqual(['next', 'complete']);
    expect(events[0]!.data).toMatchObject({ data: { executionUpdated: { wexaId: id, status: 'CANCELLED' } } });
  });

  it('answers an unknown execution with 200 and a NOT_FOUND event, then completes', async () => {
    const response = await post(stack.sim.demoKey, { projectId: PULSE, id: UNKNOWN_EXECUTION });
    expect(response.status).toBe(200);
    const events = await readEventStream(response);
    expect(events.map((e) => e.event)).toEqual(['next', 'complete']);
    expect(events[0]!.data).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
  });

  it('answers a request without a key with UNAUTHENTICATED', async () => {
    const id = await createReadyExecution(stack.sim.url, stack.sim.demoKey);
    const events = await readEventStream(await post(null, { projectId: PULSE, id }));
    expect(events[0]!.event).toBe('next');
    expect(events[0]!.data).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    expect(events.at(-1)!.event).toBe('complete');
  });
});

describe('cleaning up', () => {
  it('stops the watch when a WebSocket drops or an SSE client disconnects', async () => {
    const live = stack.gw.gateway.live;
    const id = await runningExecution(stack.sim);
    const dropping = wsClient(stack.gw.url, stack.sim.demoKey);
    const leaving = sseClient(stack.gw.url, stack.sim.demoKey);
    const onWs = [1, 2, 3].map(() => subscribe(dropping, EXECUTION_UPDATED, { projectId: PULSE, id }));
    const onSse = subscribe(leaving, EXECUTION_UPDATED, { projectId: PULSE, id });
    await Promise.all([...onWs, onSse].map((s) => s.nth(1)));
    expect(live.stats()).toMatchObject({ watches: 1, subscribers: 4 });

    dropping.terminate();
    await expect.poll(() => live.stats().subscribers, { message: 'the WebSocket subscribers to leave' }).toBe(1);
    leaving.dispose();
    await expect.poll(() => live.stats().watches, { message: 'the SSE subscriber to leave' }).toBe(0);
    expect(live.stats()).toMatchObject({ watches: 0, pollers: 0, subscribers: 0 });
    await dropping.dispose();
  });

  it('ends open subscriptions of both transports when the gateway closes', async () => {
    const other = await stack.startGateway({ config: { pollMinMs: 60_000, pollMaxMs: 60_000 } });
    const otherWs = wsClient(other.url, stack.sim.demoKey);
    const otherSse = sseClient(other.url, stack.sim.demoKey);
    const id = await runningExecution(stack.sim);
    const subs = [subscribe(otherWs, EXECUTION_UPDATED, { projectId: PULSE, id }), subscribe(otherSse, EXECUTION_UPDATED, { projectId: PULSE, id })];
    await Promise.all(subs.map((s) => s.nth(1)));
    const live = other.gateway.live;
    await other.close();
    const ends = await Promise.allSettled(subs.map((s) => s.done));
    // The connections drop (clients may reconnect elsewhere); nothing pretends the execution ended.
    expect(ends.map((e) => e.status)).toEqual(['rejected', 'rejected']);
    expect(subs.map((s) => s.completed)).toEqual([false, false]);
    expect(live.stats()).toMatchObject({ watches: 0, pollers: 0, subscribers: 0 });
    await otherWs.dispose();
    otherSse.dispose();
  });
});
