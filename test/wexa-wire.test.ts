/**
 * What the client puts on the wire, checked against a throwaway upstream that records every
 * request: documented bodies, the key only in `x-api-key`, configurable alternative paths, path
 * encoding, and how unusual answers (HTTP-date Retry-After, garbage JSON, FastAPI errors) map.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig, type ConfigInput } from '../src/config.js';
import { failure } from './utils/failure.js';
import { createWexaClient, type WexaClient } from '../src/wexa/client.js';
import { parseRetryAfter } from '../src/wexa/errors-map.js';
import { coveringPages } from '../src/wexa/endpoints/projects.js';
import { buildPath } from '../src/wexa/transport.js';
import { startFakeUpstream, type FakeUpstream } from './setup/fake-upstream.js';
import { CREATED_EXECUTION as EXEC, DEMO_KEY as KEY, DEMO_ORG, DEMO_USER, DOC_CONNECTOR, DOC_CONNECTOR_SKILL, DOC_FLOW, DOC_TASK as TASK, PULSE as PROJECT } from './utils/ids.js';
import { testKeyHash } from './utils/key-hash.js';


const example = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./wexa-examples/${name}.json`, import.meta.url), 'utf8')) as unknown;

let fake: FakeUpstream;
const clients: WexaClient[] = [];
function client(overrides: ConfigInput = {}): WexaClient {
  const c = createWexaClient(parseConfig({ wexaApiUrl: fake.url, upstreamRetryBaseMs: 1, upstreamHeadersTimeoutMs: 2_000, ...overrides }));
  clients.push(c);
  return c;
}

beforeAll(async () => {
  fake = await startFakeUpstream();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
  fake.reply(() => ({ json: {} }));
});

describe('requests as sent', () => {
  it('create execution sends the documented body, projectID in query, the key only in x-api-key', async () => {
    fake.reply(() => ({ status: 201, json: example('executeflow_create-executeflow.response') }));
    const api = client().forKey(KEY, testKeyHash(KEY));
    const execution = await api.executions.create(PROJECT, {
      agentflowId: DOC_FLOW,
      executedBy: DEMO_USER,
      goal: 'run',
    });
    expect(execution.id).toBe(EXEC);
    expect(fake.requests).toHaveLength(1);
    const req = fake.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe(`/execute_flow?projectID=${PROJECT}`);
    expect(JSON.parse(req.body)).toEqual(example('executeflow_create-executeflow.request'));
    expect(req.headers['x-api-key']).toBe(KEY);
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.url).not.toContain(KEY);
    expect(req.body).not.toContain(KEY);
  });

  it('connector status change sends the documented body', async () => {
    fake.reply(() => ({ json: example('connectors_connector-update-status.response') }));
    const documented = example('connectors_connector-update-status.request') as { data_loader_config: Record<string, unknown> };
    const ack = await client()
      .forKey(KEY, testKeyHash(KEY))
      .connectors.changeStatus({ connectorId: DOC_CONNECTOR, status: 'pending', dataLoaderConfig: documented.data_loader_config });
    expect(ack.ok).toBe(true);
    expect(fake.requests[0]!.url).toBe('/connectors/change_status');
    expect(JSON.parse(fake.requests[0]!.body)).toEqual(documented);
  });

  it('execute / pause / cancel send projectID in query and body', async () => {
    fake.reply((r) => ({ json: { execution_id: EXEC, status: r.url.includes('pause') ? 'paused' : 'cancelled' } }));
    const api = client().forKey(KEY, testKeyHash(KEY));
    expect((await api.executions.pause(PROJECT, EXEC)).status).toBe('paused');
    expect(fake.requests[0]!.url).toBe(`/execute_flow/${EXEC}/pause?projectID=${PROJECT}`);
    expect(JSON.parse(fake.requests[0]!.body)).toEqual({ projectID: PROJECT, execution_id: EXEC });
  });

  it('cancel uses the documented path by default and the SDK path when configured', async () => {
    fake.reply(() => ({ json: { execution_id: EXEC, status: 'canceled' } }));
    const documented = await client().forKey(KEY, testKeyHash(KEY)).executions.cancel(PROJECT, EXEC);
    const sdk = await client({ cancelPath: 'sdk' }).forKey(KEY, testKeyHash(KEY)).executions.cancel(PROJECT, EXEC);
    expect(documented).toEqual({ executionId: EXEC, status: 'cancelled', statusRaw: 'canceled' });
    expect(sdk.status).toBe('cancelled');
    expect(fake.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      `POST /execute_flow/${EXEC}?projectID=${PROJECT}`,
      `POST /execute_flow/${EXEC}/cancel?projectID=${PROJECT}`,
    ]);
  });

  it('tasks list uses the path form by default and the query form when configured', async () => {
    fake.reply(() => ({ json: { tasks: [], total: 0 } }));
    await client().forKey(KEY, testKeyHash(KEY)).tasks.list(PROJECT, { limit: 5, skip: 10 });
    await client({ taskListPath: 'query' }).forKey(KEY, testKeyHash(KEY)).tasks.list(PROJECT, { limit: 5 });
    expect(fake.requests.map((r) => r.url)).toEqual([`/tasks/${PROJECT}?skip=10&limit=5`, `/tasks/?projectID=${PROJECT}&limit=5`]);
  });

  it('addSkilledAgent chooses a 24-hex agent id and sends skills as ids', async () => {
    fake.reply(() => ({ json: { _id: '68075a61ff5c4953f0170a10', name: 'content creator testing', agents: [] } }));
    await client()
      .forKey(KEY, testKeyHash(KEY))
      .agentflows.addSkilledAgent(PROJECT, '68075a61ff5c4953f0170a10', {
        title: 't',
        role: 'r',
        roleDescription: 'd',
        skillIds: [DOC_CONNECTOR_SKILL],
        llm: { model: 'azure/gpt-4o', temperature: 0, maxTokens: 100 },
        promptTemplate: 'hello',
      });
    const body = JSON.parse(fake.requests[0]!.body) as Record<string, unknown>;
    expect(fake.requests[0]!.url).toBe(`/agentflow/68075a61ff5c4953f0170a10/skilled?projectID=${PROJECT}`);
    expect(body._id).toMatch(/^[0-9a-f]{24}$/);
    expect(body).toMatchObject({
      agent_type: 'skilled_agent',
      skills: [DOC_CONNECTOR_SKILL],
      memory: { memory_type: 'lt' },
      llm: { model: 'azure/gpt-4o', temperature: 0, max_tokens: 100 },
      prompt: { template: 'hello', variables: [], display_template: '[{"type":"paragraph","children":[{"text":"hello"}]}]' },
    });
  });

  it('projects.create and update map to projectName / coworker_role; update takes projectId in the query', async () => {
    fake.reply(() => ({ json: { _id: PROJECT, projectName: 'Pulse', coworkerRole: 'writer' } }));
    const api = client().forKey(KEY, testKeyHash(KEY));
    const created = await api.projects.create({ orgId: DEMO_ORG, name: 'Pulse', description: 'd', coworkerRole: 'writer' });
    await api.projects.update(PROJECT, { orgId: DEMO_ORG, name: 'Pulse 2' });
    expect(created).toMatchObject({ id: PROJECT, name: 'Pulse', coworkerRole: 'writer' });
    expect(JSON.parse(fake.requests[0]!.body)).toEqual({ orgId: DEMO_ORG, projectName: 'Pulse', description: 'd', coworker_role: 'writer' });
    expect(`${fake.requests[1]!.method} ${fake.requests[1]!.url}`).toBe(`PUT /v1/project?projectId=${PROJECT}`);
    expect(JSON.parse(fake.requests[1]!.body)).toEqual({ orgId: DEMO_ORG, projectName: 'Pulse 2' });
  });

  it('keeps a path prefix of the configured base URL', async () => {
    fake.reply(() => ({ json: { _id: TASK, status: 'ready' } }));
    await client({ wexaApiUrl: `${fake.url}/api/` }).forKey(KEY, testKeyHash(KEY)).tasks.get(PROJECT, TASK);
    expect(fake.requests[0]!.url).toBe(`/api/task/${TASK}?projectID=${PROJECT}`);
  });

  it('encodes every path parameter', () => {
    expect(buildPath('/task/{id}', { id: '../x?y#z%2F' })).toBe('/task/..%2Fx%3Fy%23z%252F');
    expect(buildPath('/a', {}, { q: 'a&b=c', n: 1, skip: undefined })).toBe('/a?q=a%26b%3Dc&n=1');
    expect(buildPath('/a', {}, { q: 'two words', n: 1 })).toBe('/a?q=two+words&n=1');
    expect(buildPath('/p/{a}/x/{b}', { a: '67fd', b: 'e-1' }, { skip: 0, limit: 50, none: null })).toBe('/p/67fd/x/e-1?skip=0&limit=50');
  });
});

describe('rejected before sending', () => {
  it('refuses an empty or malformed key without echoing it', () => {
    const c = client();
    for (const bad of ['', 'has space', 'line\nbreak', 'x'.repeat(600)]) {
      expect(() => c.forKey(bad, testKeyHash(bad))).toThrowError(expect.objectContaining({ code: 'UNAUTHENTICATED' }) as Error);
    }
    try {
      c.forKey('secret with space', testKeyHash('secret with space'));
    } catch (error) {
      expect((error as Error).message).not.toContain('secret');
    }
    expect(fake.requests).toHaveLength(0);
  });

  it('rejects bad arguments with BAD_USER_INPUT naming them', async () => {
    const api = client().forKey(KEY, testKeyHash(KEY));
    const e1 = await failure(api.tasks.list(PROJECT, { limit: -1 }));
    const e2 = await failure(api.executions.create(PROJECT, { agentflowId: 'nope', executedBy: DEMO_USER, goal: 'g' }));
    const e3 = await failure(api.executions.get(PROJECT, 'x'.repeat(5000)));
    expect([e1.code, e2.code, e3.code]).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT']);
    expect(e1.message).toContain('limit');
    expect(e2.message).toContain('agentflowId');
    expect(e3.message).toContain('executionId');
    expect(e3.message.length).toBeLessThan(150);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('unusual answers', () => {
  it('parses Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2025-04-21T10:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3);
    expect(parseRetryAfter('Mon, 21 Apr 2025 10:00:04 GMT', now)).toBe(4);
    expect(parseRetryAfter('Mon, 21 Apr 2025 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('fails a 429 whose HTTP-date Retry-After is beyond the cap at once, carrying retryAfter', async () => {
    const later = new Date(Date.now() + 120_000).toUTCString();
    fake.reply(() => ({ status: 429, json: { detail: 'slow down' }, headers: { 'retry-after': later } }));
    const error = await failure(client().forKey(KEY, testKeyHash(KEY)).tasks.get(PROJECT, TASK));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryAfter).toBeGreaterThanOrEqual(118);
    expect(error.endpoint).toBe('GET /task/{id}');
    expect(fake.requests).toHaveLength(1);
  });

  it('reports a body that is not JSON as UPSTREAM_CONTRACT at $', async () => {
    fake.reply(() => ({ text: '<html>oops</html>' }));
    const error = await failure(client().forKey(KEY, testKeyHash(KEY)).tasks.get(PROJECT, TASK));
    expect(error.code).toBe('UPSTREAM_CONTRACT');
    expect(error.message).toContain('GET /task/{id}');
    expect(error).toHaveProperty('path', '$');
  });

  it('reports a wrongly shaped list element with its JSON path', async () => {
    fake.reply(() => ({ json: { data: [{ _id: TASK, status: 'ready' }, { _id: TASK, status: 5 }], total: 2 } }));
    const error = await failure(client().forKey(KEY, testKeyHash(KEY)).tasks.list(PROJECT));
    expect(error.code).toBe('UPSTREAM_CONTRACT');
    expect(error).toHaveProperty('path', '$.data[1].status');
  });

  it('includes FastAPI-style 422 details, truncated', async () => {
    fake.reply(() => ({ status: 422, json: { detail: [{ loc: ['body', 'goal'], msg: 'field required' }, { msg: 'x'.repeat(500) }] } }));
    const error = await failure(client().forKey(KEY, testKeyHash(KEY)).tasks.get(PROJECT, TASK));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('field required');
    expect(error.message.length).toBeLessThan(300);
    expect(error.statusCode).toBe(422);
  });

  it('maps 500 to UPSTREAM_UNAVAILABLE, retrying a read but never a write, and 402 to BAD_USER_INPUT', async () => {
    fake.reply(() => ({ status: 500, json: { detail: 'boom' } }));
    const api = client({ upstreamRetries: 2 }).forKey(KEY, testKeyHash(KEY));
    const e500 = await failure(api.tasks.get(PROJECT, TASK));
    expect(e500.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(fake.requests).toHaveLength(3);
    expect((await failure(api.executions.pause(PROJECT, EXEC))).code).toBe('UPSTREAM_UNAVAILABLE');
    expect(fake.requests).toHaveLength(4);
    fake.reply(() => ({ status: 402, json: { detail: 'out of credits' } }));
    const e402 = await failure(client().forKey(KEY, testKeyHash(KEY)).tasks.get(PROJECT, TASK));
    expect(e402.code).toBe('BAD_USER_INPUT');
    expect(e402.message).toContain('out of credits');
  });

  it('accepts an empty 200 for deletes', async () => {
    fake.reply(() => ({ text: '' }));
    expect(await client().forKey(KEY, testKeyHash(KEY)).projects.delete(PROJECT)).toEqual({ ok: true, message: null });
  });
});

describe('project list paging', () => {
  it('maps an offset window onto the upstream page numbers and returns exactly that window', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `67fdea40aac77be63295${i.toString(16).padStart(4, '0')}`);
    fake.reply((req) => {
      const url = new URL(req.url, 'http://x');
      const page = Number(url.searchParams.get('page'));
      const limit = Number(url.searchParams.get('limit'));
      const slice = ids.slice((page - 1) * limit, page * limit);
      return { json: { data: slice.map((id) => ({ _id: id, projectName: id })), total: ids.length } };
    });
    const window = await client().forKey(KEY, testKeyHash(KEY)).projects.list({ skip: 7, limit: 4 });
    expect(window.items.map((p) => p.id)).toEqual(ids.slice(7, 11));
    expect(window.total).toBe(30);
    expect(fake.requests.map((r) => r.url)).toEqual(['/v1/project?page=2&limit=6']);
  });
});

describe('coveringPages', () => {
  it.each([
    [0, 21],
    [1, 3],
    [7, 4],
    [20, 21],
    [57, 11],
    [999_999, 101],
  ])('covers the window at offset %i of %i items with at most two upstream pages', (offset, count) => {
    const { pages, start } = coveringPages(offset, count);
    expect(pages.length).toBeLessThanOrEqual(2);
    const first = (pages[0]!.page - 1) * pages[0]!.limit;
    expect(first + start).toBe(offset);
    const last = pages[pages.length - 1]!;
    expect(last.page * last.limit).toBeGreaterThanOrEqual(offset + count);
    if (pages.length === 2) expect(pages[1]!).toEqual({ page: pages[0]!.page + 1, limit: pages[0]!.limit });
  });
});
