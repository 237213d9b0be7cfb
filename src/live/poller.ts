/**
 * The poll loop of one watch, run only by the replica holding the watch's lease: reads the resource
 * with the watch's API, compares fingerprints, publishes changes, and schedules the next read
 * adaptively. Transient failures are retried with backoff (honouring `Retry-After`); a persistent
 * one, or an answer that will not change (not found, forbidden, bad key), ends the watch.
 */
import type { Logger } from 'pino';
import { GatewayError, type ErrorCode } from '../errors.js';
import type { WexaApi } from '../wexa/api.js';
import type { ChangeEvent, WatchEvent } from './bus.js';
import { nextDelay, type ScheduleBounds } from './schedule.js';
import { readState, type WatchSpec } from './specs.js';

/** Codes after which polling again cannot help. */
const FATAL_CODES: ReadonlySet<ErrorCode> = new Set(['NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED', 'BAD_USER_INPUT']);

/** What a poller needs from its watch. */
export interface PollerOptions<T> {
  spec: WatchSpec<T>;
  wexa: WexaApi;
  /** The state the watch already knows (a subscriber's first read, or the last event): the baseline of the first poll. */
  initial: ChangeEvent;
  bounds: ScheduleBounds;
  maxFailures: number;
  /** Sends an event to every subscriber (through the bus). */
  publish(event: WatchEvent): Promise<void>;
  /** Called at the start of every upstream read (the live layer counts them). */
  onPoll(): void;
  /** Called after every successful read, changed or not, with the time it began. */
  onRead(polledAt: number): void;
  logger: Logger;
}

/** A running poll loop. */
export interface Poller {
  /** Poll now (or right after the poll in flight). */
  poke(): void;
  /** Publish the last change event again, if there is one (`single` watches only). */
  replay(): void;
  /** Stops for good: clears the timer; a poll in flight publishes nothing. */
  stop(): void;
  readonly stopped: boolean;
}

/** Starts polling: the first read comes one minimum interval after the initial state was read. */
export function startPoller<T>(options: PollerOptions<T>): Poller {
  const { spec, bounds, logger, initial } = options;
  let baseline = new Map(initial.entries.map((entry) => [entry.id, entry.fp] as const));
  let lastChange: ChangeEvent | null = spec.mode === 'single' ? initial : null;
  let delay = bounds.minMs;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let inFlight = false;
  let again = false;
  let stopped = false;

  const schedule = (ms: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void poll(), ms);
    timer.unref();
  };

  const finish = async (code: ErrorCode, message: string) => {
    stopped = true;
    clearTimeout(timer);
    await options.publish({ type: 'end', code, message }).catch((error: unknown) => {
      logger.warn({ err: error, kind: spec.kind }, 'live: could not publish the end of a watch');
    });
  };

  const onFailure = async (error: unknown) => {
    const code: ErrorCode = error instanceof GatewayError ? error.code : 'INTERNAL_SERVER_ERROR';
    const message = error instanceof GatewayError ? error.message : 'Unexpected error.';
    if (FATAL_CODES.has(code)) return finish(code, message);
    failures += 1;
    logger.debug({ code, failures, kind: spec.kind }, 'live: poll failed');
    if (failures >= Math.max(1, options.maxFailures)) {
      return finish(code, `Live updates stopped after ${failures} failed reads in a row: ${message}`);
    }
    const retryAfter = error instanceof GatewayError && error.retryAfter !== undefined ? error.retryAfter * 1000 : undefined;
    delay = nextDelay(delay, retryAfter === undefined ? { kind: 'failed' } : { kind: 'failed', retryAfterMs: retryAfter }, bounds);
  };

  /** One read and its consequences: publishes what changed since the baseline, and plans the next read. */
  const readOnce = async (): Promise<void> => {
    options.onPoll();
    let state: ChangeEvent;
    try {
      state = await readState(spec, options.wexa);
    } catch (error) {
      if (!stopped) await onFailure(error);
      return;
    }
    if (stopped) return;
    failures = 0;
    const entries = state.entries.filter((entry) => baseline.get(entry.id) !== entry.fp);
    const { polledAt, terminal } = state;
    if (entries.length > 0) {
      const event: ChangeEvent = { type: 'change', polledAt, entries, terminal };
      try {
        await options.publish(event);
      } catch (error) {
        // Keep the old baseline, so the next poll publishes this change again.
        logger.warn({ err: error, kind: spec.kind }, 'live: could not publish a change');
        delay = nextDelay(delay, { kind: 'failed' }, bounds);
        return;
      }
      if (spec.mode === 'single') lastChange = event;
    }
    baseline = new Map(state.entries.map((entry) => [entry.id, entry.fp] as const));
    options.onRead(polledAt);
    if (terminal) {
      stopped = true;
      return;
    }
    delay = nextDelay(delay, { kind: entries.length > 0 ? 'changed' : 'unchanged' }, bounds);
  };

  const poll = async (): Promise<void> => {
    if (stopped) return;
    if (inFlight) {
      again = true;
      return;
    }
    clearTimeout(timer);
    inFlight = true;
    try {
      await readOnce();
    } finally {
      inFlight = false;
    }
    if (stopped) return;
    if (again) {
      again = false;
      void poll();
    } else {
      schedule(delay);
    }
  };

  schedule(delay);

  return {
    poke: () => void poll(),
    replay() {
      if (stopped || lastChange === null) return;
      options.publish(lastChange).catch((error: unknown) => logger.warn({ err: error }, 'live: could not replay a change'));
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
    get stopped() {
      return stopped;
    },
  };
}
