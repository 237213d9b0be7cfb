/**
 * `openRedis(url)`: the process's Redis connections, opened once and shared by everything that
 * keeps state across replicas: per-key rate limits (`src/wexa/rate-limit.ts`), idempotency keys
 * (`src/idempotency.ts`), live leases and event publishing (`src/live/`), the readiness PING
 * (`src/observability/health.ts`). One connection runs commands; a second one, opened on first use,
 * is in subscriber mode for the live bus (a connection in that mode can run nothing else).
 *
 * Commands fail after one reconnect attempt rather than waiting: every user has a fallback (the rate
 * limit falls back to memory, a lease attempt is retried on the next tick, idempotency answers
 * UPSTREAM_UNAVAILABLE), and a request must not hang because Redis is away. Losing and regaining
 * Redis is logged by the readiness checks; `onError` sees each connection error (at debug level).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';

export interface RedisConnections {
  /** The connection for commands. */
  readonly commands: Redis;
  /** The subscriber-mode connection of the live bus, opened on first use. */
  subscriber(): Redis;
  /** Ends both connections (politely when they are up). Idempotent; never rejects. */
  close(): Promise<void>;
}

/** Opens the command connection to `url` (e.g. `redis://127.0.0.1:6379`). */
export function openRedis(url: string, options: { onError?: (error: Error) => void } = {}): RedisConnections {
  const onError = options.onError ?? (() => {});
  const commands = new Redis(url, { maxRetriesPerRequest: 1 }).on('error', onError);
  let subscriber: Redis | undefined;
  let closing: Promise<void> | undefined;
  return {
    commands,
    subscriber: () => (subscriber ??= new Redis(url).on('error', onError)),
    close: () => (closing ??= Promise.all([quit(commands), subscriber ? quit(subscriber) : undefined]).then(() => undefined)),
  };
}

/** Ends a connection politely (QUIT) when it is up, at once otherwise; resolves when its socket is gone. Never rejects. */
export async function quit(connection: Redis): Promise<void> {
  if (connection.status === 'end') return;
  const ended = new Promise<void>((resolve) => connection.once('end', () => resolve()));
  if (connection.status === 'ready') {
    try {
      await connection.quit();
    } catch {
      connection.disconnect();
    }
  } else {
    connection.disconnect();
  }
  // A connection between reconnect attempts may never report 'end'; do not wait on it forever.
  await Promise.race([ended, sleep(1_000, undefined, { ref: false })]);
}
