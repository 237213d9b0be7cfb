/**
 * {@link LeaseManager} over Redis: a lease is a key `prefix + name` whose value is the holder's owner id
 * and whose expiry is the lease time. Taking, extending and giving it up are Lua scripts: taking sets
 * the key only when it is free (or extends it when this owner already holds it), and extending and
 * giving up act only while the value is still this owner's id, so a replica that lost its lease (it
 * expired and another replica took it) can never extend or delete the new holder's lease.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RedisConnections } from '../redis.js';
import type { LeaseManager } from './bus.js';

/** Options of {@link createRedisLeases}. */
export interface RedisLeaseOptions {
  /** Put in front of every lease name, e.g. `wexa-graph:lease:`. */
  prefix: string;
  /** This instance's owner id; a random UUID when absent. Two instances must never share one. */
  owner?: string;
}

/** A lease manager that also tells which owner id it writes. */
export interface RedisLeaseManager extends LeaseManager {
  /** The value this instance stores in the leases it holds. */
  readonly owner: string;
}

/** Takes the lease when free, or extends it when this owner already holds it. KEYS[1] lease, ARGV owner, ttl. */
const ACQUIRE = `
local current = redis.call('GET', KEYS[1])
if current == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if current then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

/** Extends the lease only while this owner holds it. */
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0`;

/** Deletes the lease only while this owner holds it. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** The commands `defineCommand` adds to the connection below. */
interface LeaseCommands {
  leaseAcquire(key: string, owner: string, ttlMs: number): Promise<number>;
  leaseRenew(key: string, owner: string, ttlMs: number): Promise<number>;
  leaseRelease(key: string, owner: string): Promise<number>;
}

/** Rejects a lease time Redis would refuse (PX needs a positive integer). */
function checkTtl(ttlMs: number): number {
  if (!Number.isInteger(ttlMs) || ttlMs <= 0) throw new RangeError(`Lease time must be a positive integer of ms, got ${ttlMs}`);
  return ttlMs;
}

/** The lease scripts, defined once on a connection. */
function leaseCommands(connection: Redis): LeaseCommands {
  if (!('leaseAcquire' in connection)) {
    connection.defineCommand('leaseAcquire', { numberOfKeys: 1, lua: ACQUIRE });
    connection.defineCommand('leaseRenew', { numberOfKeys: 1, lua: RENEW });
    connection.defineCommand('leaseRelease', { numberOfKeys: 1, lua: RELEASE });
  }
  return connection as unknown as LeaseCommands;
}

/** Leases over `redis`'s command connection, shared by every replica using the same prefix. Closing them leaves the connection open. */
export function createRedisLeases(redis: RedisConnections, options: RedisLeaseOptions): RedisLeaseManager {
  const { prefix } = options;
  const owner = options.owner ?? randomUUID();
  const commands = leaseCommands(redis.commands);
  // After close, acquire and renew answer false and release does nothing: a poller racing the
  // shutdown simply stops, and the leases it held expire on their own.
  let closed = false;

  return {
    owner,
    async acquire(name, ttlMs) {
      if (closed) return false;
      return (await commands.leaseAcquire(prefix + name, owner, checkTtl(ttlMs))) === 1;
    },
    async renew(name, ttlMs) {
      if (closed) return false;
      return (await commands.leaseRenew(prefix + name, owner, checkTtl(ttlMs))) === 1;
    },
    async release(name) {
      if (closed) return;
      await commands.leaseRelease(prefix + name, owner);
    },
    async close() {
      closed = true;
    },
  };
}
