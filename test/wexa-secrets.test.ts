/**
 * The API key never leaks: every error path of the client is driven with a unique key while a
 * pino logger at `trace` writes to memory; no error (message, stack, inspect with causes, JSON)
 * and no log line may contain the key — even when the upstream echoes it back in its error text.
 */
import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type ConfigInput } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createWexaClient, type WexaClient } from '../src/wexa/client.js';
import { startFakeUpstream, type FakeReply, type FakeUpstream } from './setup/fake-upstream.js';
import { findSecrets, registerSecret } from './setup/no-secrets.js';
import { testKeyHash } from './utils/key-hash.js';

const SECRET = `wexa-test-key-${randomUUID()}`;
registerSecret(SECRET);
/** A short key, pasted where an id belongs: must not be echoed either. */
const SHORT = `k${randomUUID().slice(0, 8)}`;
registerSecret(SHORT);
const PROJECT = '67fdea40aac77be632954f13';
const TASK = '6805e3a97d3775bffdb87608';
const EXEC = '8ffc2a03-5d38-4321-aae8-c9f32d7707fc';

const logLines: string[] = [];
const logger = createLogger('trace', { write: (line: string) => void logLines.push(line) });
let fake: FakeUpstream;
const clients: WexaClient[] = [];
const errors: unknown[] = [];

function client(overrides: ConfigInput = {}): WexaClient {
  const c = createWexaClient(
    parseConfig({ wexaApiUrl: fake.url, upstreamRetryBaseMs: 1, upstreamRetries: 1, upstreamMaxRetryAfterS: 1, upstreamHeadersTimeoutMs: 300, ...overrides }),
    { logger },
  );
  clients.push(c);
  return c;
}

async function collect(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    errors.push(error);
    return;
  }
  throw new Error('expected the call to fail');
}

function renderings(error: unknown): string[] {
  const e = error as Error;
  return [String(e.message), String(e.stack), inspect(e, { depth: 10, showHidden: true }), JSON.stringify(e), JSON.stringify(e, Object.getOwnPropertyNames(e))];
}

beforeAll(async () => {
  fake = await startFakeUpstream();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await fake.close();
});

describe('the key never appears in errors or logs', () => {
  it('drives every error path', async () => {
    const echo = (status: number, extra: Partial<FakeReply> = {}) => () => ({ status, json: { detail: `bad key ${SECRET} here` }, ...extra });
    const api = client({ breakerMinimumRps: 1_000_000 }).forKey(SECRET, testKeyHash(SECRET));
    for (const status of [400, 401, 403, 404, 409, 422, 402, 500, 502, 503]) {
      fake.reply(echo(status));
      await collect(() => api.tasks.get(PROJECT, TASK));
      await collect(() => api.executions.pause(PROJECT, EXEC));
    }
    fake.reply(echo(429, { headers: { 'retry-after': '0' } }));
    await collect(() => api.tasks.get(PROJECT, TASK));
    fake.reply(echo(429, { headers: { 'retry-after': '30' } }));
    await collect(() => api.tasks.get(PROJECT, TASK));
    fake.reply(() => ({ text: `not json ${SECRET}` }));
    await collect(() => api.tasks.get(PROJECT, TASK));
    fake.reply(() => ({ json: { _id: TASK, status: { key: SECRET } } }));
    await collect(() => api.tasks.get(PROJECT, TASK));
    fake.reply(() => ({ hang: true }));
    await collect(() => client({ upstreamRetries: 0 }).forKey(SECRET, testKeyHash(SECRET)).tasks.get(PROJECT, TASK));
    fake.reply(() => ({ drop: true }));
    await collect(() => api.tasks.get(PROJECT, TASK));
    await collect(() => api.executions.create(PROJECT, { agentflowId: SECRET, executedBy: SECRET, goal: SECRET }));
    await collect(() => api.tasks.get(PROJECT, `../${SECRET}`));
    await collect(() => api.tasks.get(PROJECT, SHORT));
    await collect(async () => client().forKey(`${SECRET} `, testKeyHash(`${SECRET} `)));
    const fragile = client({ breakerMinimumRps: 0.1, breakerWindowMs: 10_000, upstreamRetries: 0, breakerHalfOpenAfterMs: 60_000 }).forKey(SECRET, testKeyHash(SECRET));
    fake.reply(echo(503));
    await collect(() => fragile.tasks.get(PROJECT, TASK));
    await collect(() => fragile.tasks.get(PROJECT, TASK));

    expect(errors.length).toBe(32);
    const codes = new Set(errors.map((e) => (e as { code?: string }).code));
    expect([...codes].sort()).toEqual(
      ['BAD_USER_INPUT', 'FORBIDDEN', 'INVALID_TRANSITION', 'NOT_FOUND', 'RATE_LIMITED', 'UNAUTHENTICATED', 'UPSTREAM_CONTRACT', 'UPSTREAM_UNAVAILABLE'].sort(),
    );
    for (const error of errors) {
      for (const text of renderings(error)) {
        expect(text).not.toContain(SECRET);
        expect(text).not.toContain(SHORT);
      }
    }
    // The upstream's echoed detail is kept, with the key cut out.
    expect(errors.some((e) => (e as Error).message.includes('bad key [redacted] here'))).toBe(true);
  });

  it('logged requests, retries, failures and the breaker without the key', () => {
    // Direct logging of objects that hold the key is redacted too.
    logger.info({ apiKey: SECRET, headers: { 'x-api-key': SECRET, authorization: SECRET }, req: { headers: { 'x-api-key': SECRET } } }, 'request');
    logger.info({ user: { password: SECRET } }, 'login');
    const all = logLines.join('');
    expect(all).toContain('wexa request');
    expect(all).toContain('wexa request retry');
    expect(all).toContain('wexa request failed');
    expect(all).toContain('wexa circuit opened');
    expect(all).toContain('[redacted]');
    expect(all).not.toContain(SECRET);
  });
});

describe('the suite-wide output guard', () => {
  it('recognises the demo keys and registered secrets in captured text', () => {
    expect(findSecrets('nothing to see')).toEqual([]);
    expect(findSecrets('header: wexa-sim-other-key').length).toBe(1);
    expect(findSecrets(`a ${SECRET} b`).length).toBe(1);
  });
});
