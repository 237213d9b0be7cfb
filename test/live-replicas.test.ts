/**
 * Two replicas of the live layer in one process, sharing one bus and a lease table with owners and
 * expiry (what Redis provides across processes): exactly one replica polls a watch, both deliver its
 * events, a poke on either reaches the poller, and when the poller dies without a word the other
 * takes over once the lease expires.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import type { LeaseManager } from '../src/live/bus.js';
import { createLive, type Live, type LiveEvent } from '../src/live/index.js';
import { createMemoryBus } from '../src/live/memory-bus.js';
import { createCallerFactory } from '../src/auth/caller.js';
import { createWexaClient, type WexaClient } from '../src/wexa/client.js';
import type { Execution } from '../src/wexa/model.js';
import { PULSE } from './utils/ids.js';
import { startTestSimulator, type TestSimulator } from './utils/simulator.js';
import { testKeyHash } from './utils/key-hash.js';
import { createReadyExecution } from './utils/subscriptions.js';

/** Leases with owners and expiry; `die(owner)` makes an owner go silent (it never renews or releases again). */
function leaseTable() {
  const held = new Map<string, { owner: string; until: number }>();
  const dead = new Set<string>();
  const free = (name: string, owner: string) => {
    const lease = held.get(name);
    return !lease || lease.owner === owner || lease.until <= Date.now();
  };
  const forOwner = (owner: string): LeaseManager => ({
    async acquire(name, ttlMs) {
      if (dead.has(owner) || !free(name, owner)) return false;
      held.set(name, { owner, until: Date.now() + ttlMs });
      return true;
    },
    async renew(name, ttlMs) {
      const lease = held.get(name);
      if (dead.has(owner) || lease?.owner !== owner || lease.until <= Date.now()) return false;
      lease.until = Date.now() + ttlMs;
      return true;
    },
    async release(name) {
      if (!dead.has(owner) && held.get(name)?.owner === owner) held.delete(name);
    },
    async close() {},
  });
  return { forOwner, die: (owner: string) => dead.add(owner) };
}

let sim: TestSimulator;
let client: WexaClient;
const bus = createMemoryBus();
const leases = leaseTable();
const config = parseConfig({ pollMinMs: 60_000, pollMaxMs: 60_000, leaseMs: 200 });
let a: Live;
let b: Live;

beforeAll(async () => {
  sim = await startTestSimulator();
  client = createWexaClient(parseConfig({ wexaApiUrl: sim.url, upstreamRetries: 0 }));
  a = createLive(config, { bus, leases: leases.forOwner('a') });
  b = createLive(config, { bus, leases: leases.forOwner('b') });
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await bus.close();
  await client?.close();
  await sim?.close();
});

/** The next event's status and output count. */
async function next(stream: AsyncIterableIterator<LiveEvent<Execution>>): Promise<string> {
  const { value, done } = await stream.next();
  if (done) return 'done';
  if ('error' in value) return `error ${value.error.code}`;
  return `${value.value.status.toUpperCase()}/${value.value.agentOutputs.length}`;
}

it('one replica polls, both deliver, pokes cross replicas, and the survivor takes over after the lease expires', async () => {
  const id = await createReadyExecution(sim.url, sim.demoKey);
  await sim.advance(id);
  const caller = createCallerFactory(client, testKeyHash)(sim.demoKey);
  const who = { caller, wexa: caller.api() };
  const onA = await a.executionUpdates(who, PULSE, id);
  const onB = await b.executionUpdates(who, PULSE, id);
  expect([await next(onA), await next(onB)]).toEqual(['RUNNING/0', 'RUNNING/0']);
  await expect.poll(() => a.stats().pollers + b.stats().pollers, { message: 'one poller' }).toBe(1);
  const [holder, other] = a.stats().pollers === 1 ? [a, b] : [b, a];
  // Each replica read its subscriber's first state; neither poller has read yet (the interval is 60 s).
  expect([holder.stats(), other.stats()]).toEqual([
    { watches: 1, pollers: 1, subscribers: 1, reads: 1, polls: 0 },
    { watches: 1, pollers: 0, subscribers: 1, reads: 1, polls: 0 },
  ]);

  // A change, announced on the replica that does not poll: the poller reads it, both deliver it.
  await sim.advance(id);
  other.executionChanged(PULSE, id);
  expect([await next(onA), await next(onB)]).toEqual(['RUNNING/1', 'RUNNING/1']);
  expect([holder.stats().polls, other.stats().polls]).toEqual([1, 0]);

  // The poller dies silently: its lease is neither renewed nor released, and expires.
  leases.die(holder === a ? 'a' : 'b');
  await holder.close();
  await expect.poll(() => other.stats().pollers, { message: 'the survivor to take the lease' }).toBe(1);
  const survivorStream = other === a ? onA : onB;
  await sim.advance(id);
  other.executionChanged(PULSE, id);
  expect(await next(survivorStream)).toBe('COMPLETED/2');
  expect(await next(survivorStream)).toBe('done');
  await expect.poll(() => other.stats().watches, { message: 'the watch to end' }).toBe(0);
});
