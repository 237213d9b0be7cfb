/**
 * Pure logic of the live layer: the adaptive poll schedule, fingerprints (change vs noise), the key
 * hash that names watches, bus message validation and the subscriber queue.
 */
import { describe, expect, it } from 'vitest';
import { anExecution } from './utils/model.js';
import { createHash } from 'node:crypto';
import { parsePoke, parseWatchEvent } from '../src/live/bus.js';
import { nextDelay, type PollOutcome } from '../src/live/schedule.js';
import { createKeyHasher } from '../src/auth/key-hash.js';
import { fingerprint, stableJson } from '../src/live/specs.js';
import { createPushQueue } from '../src/live/watch.js';
import type { Execution, Task } from '../src/wexa/model.js';

describe('nextDelay', () => {
  const bounds = { minMs: 1_000, maxMs: 10_000 };
  const run = (outcomes: PollOutcome[]) => {
    let delay = bounds.minMs;
    return outcomes.map((o) => (delay = nextDelay(delay, o, bounds)));
  };

  it('doubles while nothing changes, up to the maximum', () => {
    expect(run(Array.from({ length: 6 }, () => ({ kind: 'unchanged' as const })))).toEqual([2_000, 4_000, 8_000, 10_000, 10_000, 10_000]);
  });

  it('drops back to the minimum after a change', () => {
    expect(run([{ kind: 'unchanged' }, { kind: 'unchanged' }, { kind: 'changed' }, { kind: 'unchanged' }])).toEqual([2_000, 4_000, 1_000, 2_000]);
  });

  it('backs off on failures and honours a longer Retry-After, even beyond the maximum', () => {
    expect(run([{ kind: 'failed' }, { kind: 'failed', retryAfterMs: 30_000 }, { kind: 'failed', retryAfterMs: 500 }])).toEqual([
      2_000, 30_000, 10_000,
    ]);
  });

  it('copes with degenerate bounds', () => {
    expect(nextDelay(0, { kind: 'unchanged' }, { minMs: 0, maxMs: 0 })).toBe(1);
    expect(nextDelay(50, { kind: 'unchanged' }, { minMs: 100, maxMs: 20 })).toBe(100);
  });
});

const execution = anExecution;

describe('fingerprints', () => {
  it('ignore noise: unknown fields, snapshots and key order', () => {
    const base = fingerprint(execution());
    expect(fingerprint(execution({ extra: { anomaly_detected: true, previews: [1] } }))).toBe(base);
    expect(fingerprint(execution({ agentflowSnapshot: { id: 'f', name: 'x', role: null, image: null, initialAgentId: null, agents: [] } }))).toBe(
      base,
    );
    expect(stableJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe(stableJson({ a: [{ c: 3, d: 2 }], b: 1 }));
  });

  it('change with what a client sees: status, outputs, conclusion, end time, error', () => {
    const base = fingerprint(execution());
    const output = { agentId: 'a', title: 'A', status: 'completed', output: 'done', createdAt: null, extra: {} };
    const variants = [
      execution({ status: 'paused', statusRaw: 'paused' }),
      execution({ agentOutputs: [output] }),
      execution({ conclusion: { markdown: '# Done', links: [], createdAt: null } }),
      execution({ endedAt: '2025-04-21T08:00:00.000Z' }),
      execution({ error: 'boom' }),
    ].map(fingerprint);
    expect(new Set([base, ...variants]).size).toBe(6);
  });

  it('of a task follow its status and its executions', () => {
    const task: Task = {
      id: 't',
      projectId: 'p',
      name: 'n',
      status: 'running',
      statusRaw: 'running',
      createdBy: null,
      createdAt: null,
      updatedAt: '2025-04-21T07:30:09.001Z',
      executionIds: ['e'],
      executionTree: [],
      executions: [execution()],
      executionStatusCounts: { running: 1 },
      extra: {},
    };
    const base = fingerprint(task);
    expect(fingerprint({ ...task, extra: { noise: 1 } })).toBe(base);
    expect(fingerprint({ ...task, executions: [execution({ status: 'completed', statusRaw: 'completed' })] })).not.toBe(base);
    expect(fingerprint({ ...task, status: 'paused', statusRaw: 'paused' })).not.toBe(base);
  });

  it('follow a field added to the model without anyone listing it', () => {
    // A new model field (here one the model does not have yet) is part of what subscribers see change.
    const base = fingerprint(execution());
    expect(fingerprint({ ...execution(), priority: 'high' })).not.toBe(base);
    expect(fingerprint({ ...execution(), priority: 'high' })).not.toBe(fingerprint({ ...execution(), priority: 'low' }));
    // So does a field that was never on the old hand-kept list, such as the goal.
    expect(fingerprint(execution({ goal: 'another goal' }))).not.toBe(base);
  });
});

describe('key hash', () => {
  it('is stable, short, differs per key, and cannot be computed without the secret', () => {
    const keyHash = createKeyHasher('one gateway secret, long enough to use');
    const key = 'wexa-sim-demo-key';
    expect(keyHash(key)).toBe(keyHash(key));
    expect(keyHash(key)).toMatch(/^[0-9a-f]{32}$/);
    expect(keyHash('wexa-sim-other-key')).not.toBe(keyHash(key));
    // Another secret names the same key differently: reading Redis does not let anyone confirm a guessed key.
    expect(createKeyHasher('another gateway secret, long enough too')(key)).not.toBe(keyHash(key));
    const plain = createHash('sha256').update(key).digest('hex');
    expect(plain.startsWith(keyHash(key))).toBe(false);
  });
});

describe('bus messages', () => {
  it('accept events and pokes, and reject anything else', () => {
    const change = { type: 'change', polledAt: 1, entries: [{ id: 'e', fp: 'x', value: { a: 1 } }], terminal: false };
    expect(parseWatchEvent(change)).toEqual(change);
    expect(parseWatchEvent({ type: 'end', code: 'NOT_FOUND', message: 'gone' })).toMatchObject({ type: 'end' });
    expect(parseWatchEvent({ type: 'end', code: 'NOPE', message: 'x' })).toBeNull();
    expect(parseWatchEvent({ type: 'change', polledAt: 'soon' })).toBeNull();
    expect(parsePoke({ type: 'poke' })).toEqual({ type: 'poke' });
    expect(parsePoke({ type: 'explode' })).toBeNull();
  });
});

describe('push queue', () => {
  it('delivers buffered values, then completes once ended, and reports its end once', async () => {
    expect.assertions(3);
    let returned = 0;
    const q = createPushQueue<number>(() => (returned += 1));
    q.push(1);
    q.push(2);
    q.end();
    q.push(3);
    const seen: number[] = [];
    for await (const v of q.iterator) seen.push(v);
    expect(seen).toEqual([1, 2]);
    expect(returned).toBe(1);
    await q.iterator.return?.();
    expect(returned).toBe(1);
  });

  it('resolves a waiting reader, and return() ends it early', async () => {
    let returned = 0;
    const q = createPushQueue<string>(() => (returned += 1));
    const pending = q.iterator.next();
    q.push('a');
    expect(await pending).toEqual({ done: false, value: 'a' });
    const waiting = q.iterator.next();
    await q.iterator.return?.();
    expect(await waiting).toEqual({ done: true, value: undefined });
    expect(returned).toBe(1);
    expect(q.ended).toBe(true);
  });
});
