/**
 * The Redis bus and leases against the real local Redis (127.0.0.1:6379). Every run uses its own random
 * prefix and deletes its keys at the end, so runs in parallel never see each other.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { BusMessage, LeaseManager, LiveBus } from '../src/live/bus.js';
import { createRedisBus } from '../src/live/redis-bus.js';
import { createRedisLeases, type RedisLeaseManager } from '../src/live/redis-lease.js';
import { openRedis, type RedisConnections } from '../src/redis.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `wexa-graph-test:${randomUUID()}:`;
const admin = new Redis(REDIS_URL);

/** Each bus or lease manager gets connections of its own, as each replica of a deployment has. */
const opened: { user: LiveBus | LeaseManager; redis: RedisConnections }[] = [];
const bus = () => {
  const redis = openRedis(REDIS_URL);
  const b = createRedisBus(redis, { prefix });
  opened.push({ user: b, redis });
  return b;
};
const leases = (): RedisLeaseManager => {
  const redis = openRedis(REDIS_URL);
  const l = createRedisLeases(redis, { prefix });
  opened.push({ user: l, redis });
  return l;
};

afterEach(async () => {
  await Promise.all(opened.splice(0).map(async ({ user, redis }) => {
    await user.close();
    await redis.close();
  }));
});

afterAll(async () => {
  const keys = await admin.keys(`${prefix}*`);
  if (keys.length > 0) await admin.del(...keys);
  await admin.quit();
});

/** Collects messages of one handler and lets a test wait for the n-th. */
function inbox() {
  const messages: BusMessage[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const handler = (message: BusMessage) => {
    messages.push(message);
    for (const w of waiters.filter((w) => messages.length >= w.n)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  /** Resolves once `n` messages have arrived (an event, not a poll). */
  const received = (n: number) =>
    messages.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve }));
  return { messages, handler, received };
}

/** How many Redis connections subscribe to a channel. */
async function subscribers(channel: string): Promise<number> {
  const reply = (await admin.pubsub('NUMSUB', prefix + channel)) as [string, number];
  return Number(reply[1]);
}

const sockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;

describe('Redis live bus', () => {
  it('delivers a message published on one replica to subscribers on both', async () => {
    expect.assertions(3);
    const a = bus();
    const b = bus();
    const onA = inbox();
    const onB = inbox();
    await a.subscribe('exec:1', onA.handler);
    await b.subscribe('exec:1', onB.handler);
    await a.publish('exec:1', { status: 'RUNNING', n: 1 });
    await b.publish('exec:1', { status: 'COMPLETED', n: 2 });
    await Promise.all([onA.received(2), onB.received(2)]);
    expect(onA.messages).toEqual([{ status: 'RUNNING', n: 1 }, { status: 'COMPLETED', n: 2 }]);
    expect(onB.messages).toEqual(onA.messages);
    expect(await subscribers('exec:1')).toBe(2);
  });

  it('shares one Redis subscription between the handlers of a channel on one replica', async () => {
    expect.assertions(6);
    const a = bus();
    const b = bus();
    const first = inbox();
    const second = inbox();
    // Subscribed at the same moment: both resolve, one SUBSCRIBE.
    const [leaveFirst] = await Promise.all([a.subscribe('shared', first.handler), a.subscribe('shared', second.handler)]);
    expect(await subscribers('shared')).toBe(1);
    await b.publish('shared', { hello: 'world' });
    await Promise.all([first.received(1), second.received(1)]);
    expect(first.messages).toEqual([{ hello: 'world' }]);
    expect(second.messages).toEqual([{ hello: 'world' }]);
    // One handler leaving must not end the subscription the other still relies on.
    await leaveFirst();
    expect(await subscribers('shared')).toBe(1);
    await b.publish('shared', { n: 2 });
    await second.received(2);
    expect(second.messages).toEqual([{ hello: 'world' }, { n: 2 }]);
    expect(first.messages).toHaveLength(1);
  });

  it('stops delivering to a handler once it unsubscribed, and drops the Redis subscription with the last one', async () => {
    expect.assertions(5);
    const a = bus();
    const b = bus();
    const stays = inbox();
    const leaves = inbox();
    const marker = inbox();
    await a.subscribe('topic', stays.handler);
    const unsubscribe = await b.subscribe('topic', leaves.handler);
    await b.subscribe('marker', marker.handler);
    await a.publish('topic', { n: 1 });
    await leaves.received(1);

    await unsubscribe();
    await unsubscribe(); // a second call changes nothing
    expect(await subscribers('topic')).toBe(1);
    await a.publish('topic', { n: 2 });
    // Redis delivers in publish order on one connection: once b sees the marker, it would have seen n: 2.
    await a.publish('marker', { done: true });
    await Promise.all([marker.received(1), stays.received(2)]);
    expect(leaves.messages).toEqual([{ n: 1 }]);
    expect(stays.messages).toEqual([{ n: 1 }, { n: 2 }]);

    // Resubscribing after the last handler left works again.
    const again = inbox();
    await b.subscribe('topic', again.handler);
    await a.publish('topic', { n: 3 });
    await again.received(1);
    expect(again.messages).toEqual([{ n: 3 }]);
    expect(await subscribers('topic')).toBe(2);
  });

  it('ignores payloads that are not JSON objects and keeps delivering the next ones', async () => {
    expect.assertions(1);
    const a = bus();
    const got = inbox();
    await a.subscribe('noisy', got.handler);
    for (const raw of ['not json', '[1,2]', '42', 'null', '"text"', '{"broken":']) await admin.publish(`${prefix}noisy`, raw);
    await admin.publish(`${prefix}noisy`, JSON.stringify({ ok: true }));
    await got.received(1);
    expect(got.messages).toEqual([{ ok: true }]);
  });

  it('keeps delivering to the other handlers when one throws', async () => {
    expect.assertions(1);
    const a = bus();
    const got = inbox();
    await a.subscribe('throws', () => {
      throw new Error('handler failure');
    });
    await a.subscribe('throws', got.handler);
    await a.publish('throws', { n: 1 });
    await got.received(1);
    expect(got.messages).toEqual([{ n: 1 }]);
  });

  it("uses the process's two connections, refuses further calls once closed, and the connections close to no open sockets", async () => {
    expect.assertions(5);
    const before = sockets();
    const redis = openRedis(REDIS_URL);
    const a = createRedisBus(redis, { prefix });
    await a.subscribe('closing', () => {});
    await a.publish('closing', { n: 1 });
    expect(sockets()).toBe(before + 2);
    await a.close();
    await a.close(); // idempotent
    await expect(a.publish('closing', { n: 2 })).rejects.toThrow(/closed/);
    await expect(a.subscribe('closing', () => {})).rejects.toThrow(/closed/);
    // The bus left its channels: nothing is subscribed on the connection any more.
    expect(await admin.pubsub('NUMSUB', `${prefix}closing`)).toEqual([`${prefix}closing`, 0]);
    await redis.close();
    expect(sockets()).toBe(before);
  });
});

describe('Redis leases', () => {
  it('is held by one owner at a time, and re-acquiring by the holder succeeds', async () => {
    expect.assertions(5);
    const a = leases();
    const b = leases();
    expect(a.owner).not.toBe(b.owner);
    expect(await a.acquire('watch:h1:e1', 10_000)).toBe(true);
    expect(await b.acquire('watch:h1:e1', 10_000)).toBe(false);
    expect(await a.acquire('watch:h1:e1', 10_000)).toBe(true);
    // The key is the prefix plus the caller's name, and holds only the owner id.
    expect(await admin.get(`${prefix}watch:h1:e1`)).toBe(a.owner);
  });

  it('renewing extends the lease beyond its first lease time', async () => {
    expect.assertions(4);
    const a = leases();
    const b = leases();
    expect(await a.acquire('renewed', 100)).toBe(true);
    expect(await a.renew('renewed', 30_000)).toBe(true);
    // Redis now counts down from the renewed time, not from the first one.
    expect(await admin.pttl(`${prefix}renewed`)).toBeGreaterThan(1_000);
    expect(await b.acquire('renewed', 30_000)).toBe(false);
  });

  it('releasing frees the lease for another owner; a non-holder cannot release it', async () => {
    expect.assertions(4);
    const a = leases();
    const b = leases();
    expect(await a.acquire('released', 30_000)).toBe(true);
    await b.release('released');
    expect(await admin.get(`${prefix}released`)).toBe(a.owner);
    await a.release('released');
    expect(await b.acquire('released', 30_000)).toBe(true);
    expect(await a.renew('released', 30_000)).toBe(false);
  });

  it('after expiry another owner takes over, and the old holder can neither renew nor release it', async () => {
    expect.assertions(6); // five checks and the wait for the expiry (expect.poll)
    const a = leases();
    const b = leases();
    expect(await a.acquire('expiring', 150)).toBe(true);
    expect(await b.acquire('expiring', 30_000)).toBe(false);
    await expect.poll(() => admin.exists(`${prefix}expiring`), { message: 'the lease to expire' }).toBe(0);
    expect(await b.acquire('expiring', 30_000)).toBe(true);
    expect(await a.renew('expiring', 30_000)).toBe(false);
    await a.release('expiring');
    expect(await admin.get(`${prefix}expiring`)).toBe(b.owner);
  });

  it('rejects a lease time Redis cannot take', async () => {
    expect.assertions(3);
    const a = leases();
    await expect(a.acquire('bad-ttl', 0)).rejects.toThrow(RangeError);
    await expect(a.renew('bad-ttl', 1.5)).rejects.toThrow(RangeError);
    expect(await admin.exists(`${prefix}bad-ttl`)).toBe(0);
  });

  it("uses the process's command connection; closed, it holds nothing, and the connection closes to no open sockets", async () => {
    expect.assertions(4);
    const before = sockets();
    const redis = openRedis(REDIS_URL);
    const a = createRedisLeases(redis, { prefix, owner: 'fixed-owner' });
    expect(await a.acquire('closed', 30_000)).toBe(true);
    expect(sockets()).toBe(before + 1);
    await a.close();
    expect(await a.acquire('closed-2', 30_000)).toBe(false);
    await redis.close();
    expect(sockets()).toBe(before);
  });
});
