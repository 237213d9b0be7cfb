/** Unit tests of the upstream quirks the parsers absorb: timestamps, statuses, id spellings, list wrappers. */
import { describe, expect, it } from 'vitest';
import { UpstreamContractError } from '../src/errors.js';
import { agentflowParser } from '../src/wexa/parse/agentflows.js';
import { FieldReader, normaliseStatus, parseList, parseRoot, userRefParser, toIsoTimestamp } from '../src/wexa/parse/common.js';
import { connectorParser } from '../src/wexa/parse/connectors.js';
import { customerParser } from '../src/wexa/parse/customer.js';
import { executionParser } from '../src/wexa/parse/executions.js';
import { inboxRequestParser } from '../src/wexa/parse/inbox.js';
import { readHumanWait } from '../src/wexa/parse/inbox-details.js';
import { projectParser } from '../src/wexa/parse/projects.js';
import { taskParser } from '../src/wexa/parse/tasks.js';
import { EXECUTION_STATUSES, TASK_STATUSES } from '../src/wexa/model.js';
import { CREATED_EXECUTION as EXEC_ID, DEMO_USER, DOC_CONNECTOR, DOC_TASK, PULSE as PROJECT } from './utils/ids.js';

const ctx = { endpoint: 'GET /test' };

function contractErrorOf(fn: () => unknown): UpstreamContractError {
  try {
    fn();
  } catch (error) {
    if (error instanceof UpstreamContractError) return error;
    throw error;
  }
  throw new Error('expected an UpstreamContractError');
}

describe('timestamps', () => {
  it('reads epoch seconds (float) and truncates below the millisecond', () => {
    expect(toIsoTimestamp(1745220609.00188)).toBe('2025-04-21T07:30:09.001Z');
    expect(toIsoTimestamp(1745220609)).toBe('2025-04-21T07:30:09.000Z');
    expect(toIsoTimestamp(1745220609.001)).toBe('2025-04-21T07:30:09.001Z');
  });
  it('reads epoch milliseconds (float) by magnitude', () => {
    expect(toIsoTimestamp(1745255056932.1138)).toBe('2025-04-21T17:04:16.932Z');
    expect(toIsoTimestamp(1745255621992.46)).toBe('2025-04-21T17:13:41.992Z');
  });
  it('reads zone-less ISO strings as UTC, and zoned ones with their zone', () => {
    expect(toIsoTimestamp('2025-04-21T05:32:29.741000')).toBe('2025-04-21T05:32:29.741Z');
    expect(toIsoTimestamp('2025-04-22T05:11:28.222000')).toBe('2025-04-22T05:11:28.222Z');
    expect(toIsoTimestamp('2025-04-21T05:32:29')).toBe('2025-04-21T05:32:29.000Z');
    expect(toIsoTimestamp('2025-04-21T07:32:29.5+02:00')).toBe('2025-04-21T05:32:29.500Z');
    expect(toIsoTimestamp('2025-04-21T05:32:29Z')).toBe('2025-04-21T05:32:29.000Z');
  });
  it('rejects what is not a timestamp', () => {
    expect(toIsoTimestamp('yesterday')).toBeUndefined();
    expect(toIsoTimestamp(true)).toBeUndefined();
    expect(toIsoTimestamp(-5)).toBeUndefined();
    expect(toIsoTimestamp('2025-13-45T99:99:99')).toBeUndefined();
  });
  it('names the JSON path of a bad timestamp', () => {
    const error = contractErrorOf(() =>
      parseRoot({ execution_id: EXEC_ID, status: 'ready', created_at: 'soon' }, ctx, executionParser(PROJECT)),
    );
    expect(error.path).toBe('$.created_at');
    expect(error.code).toBe('UPSTREAM_CONTRACT');
  });
});

describe('statuses', () => {
  it('maps canceled to cancelled and keeps known values', () => {
    expect(normaliseStatus('canceled', EXECUTION_STATUSES)).toBe('cancelled');
    expect(normaliseStatus('cancelled', EXECUTION_STATUSES)).toBe('cancelled');
    expect(normaliseStatus(' Running ', EXECUTION_STATUSES)).toBe('running');
    expect(normaliseStatus('stopped', TASK_STATUSES)).toBe('stopped');
    expect(normaliseStatus('stopped', EXECUTION_STATUSES)).toBe('unknown');
  });
  it('turns an unknown status into unknown but keeps statusRaw', () => {
    const e = parseRoot({ execution_id: EXEC_ID, status: 'warming_up', projectID: PROJECT }, ctx, executionParser());
    expect(e.status).toBe('unknown');
    expect(e.statusRaw).toBe('warming_up');
    const c = parseRoot({ _id: DOC_CONNECTOR, name: 'Mail', status: 'canceled' }, ctx, connectorParser);
    expect(c.status).toBe('unknown');
    expect(c.statusRaw).toBe('canceled');
  });
  it('merges task status counts after normalising their keys', () => {
    const t = parseRoot(
      { _id: DOC_TASK, status: 'canceled', executions_status_count: { canceled: 1, cancelled: 2, odd: 1 } },
      ctx,
      taskParser(PROJECT),
    );
    expect(t.status).toBe('cancelled');
    expect(t.executionStatusCounts).toEqual({ cancelled: 3, unknown: 1 });
    expect(t.projectId).toBe(PROJECT);
  });
});

describe('ids, users and field spellings', () => {
  it('accepts executed_by as a string or an object', () => {
    expect(userRefParser(DEMO_USER, '$.executed_by', ctx)).toEqual({ id: DEMO_USER, name: null, type: null });
    expect(userRefParser({ _id: 'u1', name: 'nani', type: 'manual', metadata: null }, '$.executed_by', ctx)).toEqual({
      id: 'u1',
      name: 'nani',
      type: 'manual',
    });
    const inbox = parseRoot({ _id: 'i1', executed_by: 'u2', created_at: 1745255056932.1138, coworker_id: 'a1', coworker_name: 'cc' }, ctx, inboxRequestParser('p1'));
    expect(inbox.executedById).toBe('u2');
    expect(inbox.projectId).toBe('p1');
    expect(inbox.createdAt).toBe('2025-04-21T17:04:16.932Z');
    expect(inbox.agentflowId).toBe('a1');
    expect(inbox.agentflowName).toBe('cc');
  });
  it('accepts projectID, project_id and projectId', () => {
    for (const key of ['projectID', 'project_id', 'projectId']) {
      const e = parseRoot({ execution_id: EXEC_ID, status: 'ready', [key]: 'p1' }, ctx, executionParser('fallback'));
      expect(e.projectId).toBe('p1');
    }
  });
  it('accepts the id spellings of agentflows, connectors and tasks', () => {
    expect(parseRoot({ agentflow_id: 'a1', name: 'x' }, ctx, agentflowParser).id).toBe('a1');
    expect(parseRoot({ coworker_id: 'a2', name: 'x', initialAgent: 'g1' }, ctx, agentflowParser)).toMatchObject({ id: 'a2', initialAgentId: 'g1' });
    expect(parseRoot({ connectorID: 'c1', name: 'x' }, ctx, connectorParser).id).toBe('c1');
    expect(parseRoot({ connector_id: 'c2', name: 'x' }, ctx, connectorParser).id).toBe('c2');
    expect(parseRoot({ task_id: 't1', status: 'ready' }, ctx, taskParser('p')).id).toBe('t1');
  });
  it("takes a task's execution order from its embedded summaries when execution_ids is absent", () => {
    const embedded = { _id: 't2', status: 'running', executions: [{ execution_id: EXEC_ID, status: 'running' }] };
    expect(parseRoot(embedded, ctx, taskParser('p')).executionIds).toEqual([EXEC_ID]);
    expect(parseRoot({ ...embedded, execution_ids: ['x1', EXEC_ID] }, ctx, taskParser('p')).executionIds).toEqual(['x1', EXEC_ID]);
  });
  it('reads camelCase project fields and keeps unknown ones in extra', () => {
    const p = parseRoot(
      { _id: PROJECT, projectName: 'Pulse', orgId: 'o1', coworkerRole: 'r', createdAt: '2025-04-21T05:32:29.741000', members: 3 },
      ctx,
      projectParser,
    );
    expect(p).toMatchObject({ id: PROJECT, name: 'Pulse', organizationId: 'o1', coworkerRole: 'r', createdAt: '2025-04-21T05:32:29.741Z' });
    expect(p.extra).toEqual({ members: 3 });
  });
  it('falls back to the requested organisation for the customer', () => {
    expect(parseRoot({ email: 'a@b.c', plan: 'pro', quota: {} }, ctx, customerParser('o9'))).toEqual({
      organizationId: 'o9',
      organizationName: null,
      userId: null,
      email: 'a@b.c',
      plan: 'pro',
      account: {
        subscriptionCredits: null, topUpCredits: null, creditsPerExecution: null, trialActive: null, billingCycleEndsAt: null,
        quota: {}, usage: {},
      },
      extra: {},
    });
  });
});

describe('lists', () => {
  const item = (v: unknown) => v as number;
  it('accepts a bare array (no total)', () => {
    expect(parseList([1, 2], ctx, [], item)).toEqual({ items: [1, 2], total: null });
  });
  it.each([
    [{ data: [1], total: 7 }, 7],
    [{ items: [1], total_count: 8 }, 8],
    [{ results: [1], count: 9 }, 9],
    [{ tasks: [1] }, null],
    [{ inbox_requests: [1], total_count: 1 }, 1],
    [{ whatever: [1], total: 2 }, 2],
  ])('unwraps %j', (json, total) => {
    expect(parseList(json, ctx, ['tasks', 'inbox_requests'], item)).toEqual({ items: [1], total });
  });
  it('fails with a contract error when there is no list', () => {
    expect(contractErrorOf(() => parseList({ a: [1], b: [2] }, ctx, [], item)).path).toBe('$');
    expect(contractErrorOf(() => parseList('nope', ctx, [], item)).path).toBe('$');
  });
  it('names the JSON path of a bad list element', () => {
    const good = { execution_id: EXEC_ID, status: 'ready' };
    const error = contractErrorOf(() => parseList({ data: [good, good, good, { execution_id: EXEC_ID, status: 42 }] }, ctx, [], executionParser(PROJECT)));
    expect(error.path).toBe('$.data[3].status');
    expect(error.message).toContain('GET /test');
    expect(error.message).toContain('$.data[3].status');
    expect(error.endpoint).toBe('GET /test');
  });
  it('names nested paths and missing required fields', () => {
    const error = contractErrorOf(() =>
      parseRoot({ _id: 'a', name: 'x', agents: [{ _id: 'g', skills: [{ name: 'no id' }] }] }, ctx, agentflowParser),
    );
    expect(error.path).toBe('$.agents[0].skills[0]._id');
    expect(contractErrorOf(() => parseRoot({ status: 'ready' }, ctx, executionParser(PROJECT))).path).toBe('$.execution_id');
    expect(contractErrorOf(() => parseRoot({ execution_id: EXEC_ID, status: 'ready' }, ctx, executionParser())).path).toBe('$.projectID');
  });
});

describe('human in the loop (undocumented shapes, read tolerantly)', () => {
  it('reads each kind of inbox request and keeps what it does not name', () => {
    const base = { _id: 'r1', status: 'pending', created_at: 1745255056932.1138 };
    const runtime = parseRoot({ ...base, type: 'runtime-input', runtime_inputs: { input_fields: [{ name: 'city', required: true }], extra_hint: 1 } }, ctx, inboxRequestParser('p1'));
    expect(runtime.details).toEqual({ kind: 'runtime_input', fields: [{ id: 'city', label: null, type: null, required: true, description: null }], values: null, raw: { input_fields: [{ name: 'city', required: true }], extra_hint: 1 } });
    const anomaly = parseRoot({ ...base, status: 'acknowledged', type: 'anomaly', anomaly: { description: 'odd' } }, ctx, inboxRequestParser('p1'));
    expect(anomaly.details).toMatchObject({ kind: 'anomaly_detection', message: 'odd', acknowledged: true });
    const other = parseRoot({ ...base, type: 'survey' }, ctx, inboxRequestParser('p1'));
    expect(other.details).toEqual({ kind: 'unknown', raw: {} });
    expect(() => parseRoot({ ...base, type: 'preview', preview: 'yes' }, ctx, inboxRequestParser('p1'))).toThrow(/\$\.preview/);
  });

  it('finds a pending marker on an execution under any of the three fields', () => {
    const wait = (o: Record<string, unknown>) => readHumanWait(FieldReader.of(o, '$', ctx));
    expect(wait({ previews: {}, runtime_inputs: {}, anomaly_detected: null })).toBeNull();
    expect(wait({ previews: { a1: { inbox_id: 'r1', status: 'approved' }, a2: { inbox_id: 'r2', status: 'pending' } } })).toEqual({ kind: 'preview', inboxRequestId: 'r2', agentId: 'a2' });
    expect(wait({ runtime_inputs: { a1: { status: 'waiting' } } })).toEqual({ kind: 'runtime_input', inboxRequestId: null, agentId: 'a1' });
    expect(wait({ anomaly_detected: { status: 'pending', inbox_request_id: 'r3', agent_id: 'a9' } })).toEqual({ kind: 'anomaly_detection', inboxRequestId: 'r3', agentId: 'a9' });
  });
});
