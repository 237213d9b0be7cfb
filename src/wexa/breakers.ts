/**
 * The circuit breakers of the upstream client, one per *scope*, and the upstream-wide signal made from
 * them.
 *
 * A scope is what one breaker judges (`breakerScope`):
 * - `upstream`: one breaker for every call (what one failing tenant can open for all);
 * - `route`: one per endpoint template (`GET /task/{id}`);
 * - `key`: one per API key (by its hash), so one key's failing or slow calls pause that key only;
 * - `key-route`: one per key and endpoint template.
 * Breakers live in an LRU of at most `breakerMaxEntries`, never one per request: a flood of new keys
 * evicts the least recently used breaker (which then starts closed again), so memory stays bounded.
 *
 * The **upstream-wide** state is what readiness and the `wexa_graph_upstream_breaker_open` gauge report.
 * Breakers are grouped by caller (by key for `key` and `key-route`, else each breaker is its own group);
 * a group is open when more than half of its breakers that saw a call within the breaker window are
 * open, and the upstream-wide state is open when more than half of the active groups are, and at least
 * two (with the `upstream` scope: its one breaker). So one key alone cannot make it open, however many
 * endpoints it fails on and even while it is the only caller: a tenant cannot take every replica out
 * of its load balancer. (A deployment serving a single key therefore never sees it open; that key's
 * calls still fail fast, and readiness still checks that the upstream accepts connections.)
 */
import { CircuitState, SamplingBreaker, circuitBreaker, handleWhen, type CircuitBreakerPolicy } from 'cockatiel';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { BreakerState } from './observer.js';
import type { WexaRequest } from './transport.js';

export type BreakerScope = Config['breakerScope'];

/** One breaker, the caller group it counts for, and when it last judged a call. */
interface Entry {
  policy: CircuitBreakerPolicy;
  group: string;
  lastCall: number;
}

/** How many breakers of a group (or groups) are active, open and half-open. */
interface Count {
  active: number;
  open: number;
  halfOpen: number;
}

/** A majority of `count` is open (half-open): at least `least` of them. */
function verdict(count: Count, least: number): BreakerState {
  if (count.open * 2 > count.active && count.open >= least) return 'open';
  if ((count.open + count.halfOpen) * 2 > count.active && count.open + count.halfOpen >= least) return 'half-open';
  return 'closed';
}

export interface Breakers {
  /** The breaker that judges `req` (created on first use; marks it as used now). */
  for(req: WexaRequest): CircuitBreakerPolicy;
  /** The upstream-wide state (see the module comment). */
  state(): BreakerState;
  /** Breakers held now (at most `breakerMaxEntries`). */
  size(): number;
}

/** The name of the breaker that judges `req` under `scope`. */
export function scopeOf(scope: BreakerScope, req: Pick<WexaRequest, 'keyHash' | 'endpoint'>): string {
  switch (scope) {
    case 'upstream':
      return '';
    case 'route':
      return req.endpoint;
    case 'key':
      return req.keyHash;
    case 'key-route':
      return `${req.keyHash} ${req.endpoint}`;
  }
}

const STATES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.Isolated]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
};

/**
 * The breakers of one client. `isFailure` says which errors count against the upstream;
 * `onState` hears every change of the upstream-wide state.
 */
export function createBreakers(config: Config, logger: Logger, isFailure: (error: unknown) => boolean, onState?: (state: BreakerState) => void): Breakers {
  const entries = new LRUCache<string, Entry>({ max: Math.max(1, config.breakerMaxEntries) });
  const windowMs = Math.max(1, config.breakerWindowMs);
  let wide: BreakerState = 'closed';
  /** Open groups it takes to open the upstream-wide state: one caller's trouble never does (except with one breaker for all). */
  const least = config.breakerScope === 'upstream' ? 1 : 2;

  const state = (): BreakerState => {
    const since = Date.now() - windowMs;
    const groups = new Map<string, Count>();
    for (const entry of entries.values()) {
      let group = groups.get(entry.group);
      if (!group) groups.set(entry.group, (group = { active: 0, open: 0, halfOpen: 0 }));
      const current = STATES[entry.policy.state];
      // An open breaker sees no calls: it counts while open, however long ago its last call was.
      if (current === 'closed' && entry.lastCall < since) continue;
      group.active += 1;
      if (current === 'open') group.open += 1;
      else if (current === 'half-open') group.halfOpen += 1;
    }
    const callers: Count = { active: 0, open: 0, halfOpen: 0 };
    for (const group of groups.values()) {
      if (group.active === 0) continue;
      callers.active += 1;
      const judged = verdict(group, 1);
      if (judged === 'open') callers.open += 1;
      else if (judged === 'half-open') callers.halfOpen += 1;
    }
    return verdict(callers, least);
  };
  const changed = () => {
    const next = state();
    if (next === wide) return;
    wide = next;
    if (next === 'open') logger.warn({ halfOpenAfterMs: config.breakerHalfOpenAfterMs }, 'wexa circuit opened: most callers are failing');
    else if (next === 'closed') logger.info('wexa circuit closed');
    onState?.(next);
  };

  const create = (req: WexaRequest, group: string): Entry => {
    const policy = circuitBreaker(handleWhen(isFailure), {
      halfOpenAfter: config.breakerHalfOpenAfterMs,
      breaker: new SamplingBreaker({ threshold: config.breakerFailureRate, duration: windowMs, minimumRps: config.breakerMinimumRps }),
    });
    const scope = config.breakerScope;
    policy.onBreak(() => logger.info({ scope, ...(scope.endsWith('route') ? { endpoint: req.endpoint } : {}) }, 'wexa circuit opened for one scope'));
    policy.onStateChange(changed);
    return { policy, group, lastCall: 0 };
  };

  return {
    for(req) {
      const name = scopeOf(config.breakerScope, req);
      let entry = entries.get(name);
      if (!entry) {
        entry = create(req, config.breakerScope.startsWith('key') ? req.keyHash : name);
        entries.set(name, entry);
      }
      entry.lastCall = Date.now();
      return entry.policy;
    },
    state,
    size: () => entries.size,
  };
}
