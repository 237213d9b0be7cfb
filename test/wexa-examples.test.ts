/**
 * Every documented example response (copied verbatim into test/wexa-examples/ from the shared
 * reference) goes through the parsers, and the normalised result is checked field by field.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAck } from '../src/wexa/parse/ack.js';
import { parseRoot } from '../src/wexa/parse/common.js';
import { dashboardParser } from '../src/wexa/parse/dashboards.js';
import { executionParser, parseStatusChange } from '../src/wexa/parse/executions.js';
import { taskParser } from '../src/wexa/parse/tasks.js';
import { skilledAgentBody } from '../src/wexa/endpoints/agentflows.js';
import { CREATED_EXECUTION, DEMO_USER, DOC_AGENT, DOC_CONNECTOR_SKILL, DOC_DASHBOARD, DOC_EXECUTION, DOC_FLOW, DOC_TASK, PULSE } from './utils/ids.js';

function example(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./wexa-examples/${name}.json`, import.meta.url), 'utf8')) as unknown;
}

const ctx = (endpoint: string) => ({ endpoint });

describe('create executeflow (201 response)', () => {
  const execution = parseRoot(example('executeflow_create-executeflow.response'), ctx('POST /execute_flow'), executionParser(PULSE));

  it('names ids clearly: execution_id is the id, _id the objectId', () => {
    expect(execution.id).toBe(CREATED_EXECUTION);
    expect(execution.objectId).toBe('6805f401064a778a5f18f845');
    expect(execution.taskId).toBe('6805f401064a778a5f18f846');
    expect(execution.agentflowId).toBe(DOC_FLOW);
    expect(execution.projectId).toBe(PULSE);
    expect(execution.complete).toBe(true);
  });

  it('normalises status, timestamps and the executed_by object', () => {
    expect(execution.status).toBe('ready');
    expect(execution.statusRaw).toBe('ready');
    expect(execution.createdAt).toBe('2025-04-21T07:30:09.001Z');
    expect(execution.endedAt).toBeNull();
    expect(execution.executedBy).toEqual({ id: DEMO_USER, name: 'nani799324', type: 'manual' });
    expect(execution.goal).toBe('run');
    expect(execution.inputVariables).toEqual({});
    expect(execution.conclusion).toBeNull();
    expect(execution.agentOutputs).toEqual([]);
    expect(execution.parentExecutionId).toBeNull();
    expect(execution.startFromAgentId).toBeNull();
    expect(execution.error).toBeNull();
  });

  it('parses the agentflow snapshot with its agents', () => {
    const snap = execution.agentflowSnapshot;
    expect(snap).not.toBeNull();
    expect(snap?.id).toBe(DOC_FLOW);
    expect(snap?.name).toBe('new platform');
    expect(snap?.initialAgentId).toBe(DOC_AGENT);
    expect(snap?.image).toBe('https://klotdev.blob.core.windows.net/coworkers/wexaworker13.png');
    expect(snap?.agents).toHaveLength(1);
    const agent = snap!.agents[0]!;
    expect(agent.id).toBe(DOC_AGENT);
    expect(agent.type).toBe('skilled_agent');
    expect(agent.roleDescription).toBe('new platform');
    expect(agent.llm).toEqual({ model: 'azure/gpt-4o', temperature: 0, maxTokens: 10000 });
    expect(agent.nextAgentId).toBeNull();
    expect(agent.skills).toEqual([]);
  });

  it('keeps the fields the model does not name in extra', () => {
    expect(Object.keys(execution.extra).sort()).toEqual(
      ['execution_context', 'files', 'goal_template', 'schedule'].sort(),
    );
    // `previews`, `runtime_inputs` and `anomaly_detected` are read for the waiting-on-a-person marker: empty here.
    expect(execution.waitingOn).toBeNull();
    expect(execution.extra.files).toEqual([]);
    expect(execution.extra).toHaveProperty('schedule', null);
  });
});

describe('execute / pause / cancel responses', () => {
  it.each([
    ['executeflow_execute-agentflow', '19966a1f-7a22-4da3-8473-7f638c6ba518', 'ready'],
    ['executeflow_pause-executeflow', '56d246cc-2803-41a7-a90d-c1c3d4672240', 'paused'],
    ['executeflow_cancel-executeflow', 'aa91804f-3f6c-4622-a99f-c2ca7a6f8782', 'cancelled'],
  ])('%s → {executionId, status}', (name, id, status) => {
    const change = parseStatusChange(example(`${name}.response`), ctx('POST /execute_flow/{execution_id}'), id);
    expect(change).toEqual({ executionId: id, status, statusRaw: status });
    // The documented request bodies carry the same execution id and the Pulse project.
    expect(example(`${name}.request`)).toEqual({ projectID: PULSE, execution_id: id });
  });
});

describe('get task by id', () => {
  const task = parseRoot(example('tasks_get-task-by-id.response'), ctx('GET /task/{id}'), taskParser(PULSE));

  it('reads the task fields and timestamps', () => {
    expect(task.id).toBe(DOC_TASK);
    expect(task.projectId).toBe(PULSE);
    expect(task.name).toBe('new platform');
    expect(task.status).toBe('completed');
    expect(task.createdBy?.id).toBe(DEMO_USER);
    expect(task.createdAt).toBe('2025-04-21T06:20:25.411Z');
    expect(task.updatedAt).toBe('2025-04-21T06:20:25.411Z');
    expect(task.executionIds).toEqual([DOC_EXECUTION]);
    expect(task.executionStatusCounts).toEqual({ completed: 1 });
    expect(task.extra).toEqual({});
  });

  it('reads the execution tree', () => {
    expect(task.executionTree).toEqual([
      { id: '6805e3a97d3775bffdb87607', executionId: DOC_EXECUTION, type: 'execution', children: [] },
    ]);
  });

  it('turns the embedded executions into incomplete Execution summaries', () => {
    expect(task.executions).toHaveLength(1);
    const summary = task.executions[0]!;
    expect(summary.complete).toBe(false);
    expect(summary.id).toBe(DOC_EXECUTION);
    expect(summary.objectId).toBeNull();
    expect(summary.taskId).toBe(DOC_TASK);
    expect(summary.agentflowId).toBe(DOC_FLOW);
    expect(summary.projectId).toBe(PULSE);
    expect(summary.status).toBe('completed');
    expect(summary.goal).toBe('create a content about abdul kalam');
    expect(summary.conclusion?.markdown.startsWith('# Dr. A.P.J. Abdul Kalam')).toBe(true);
    expect(summary.conclusion?.links).toEqual([]);
    expect(summary.conclusion?.createdAt).toBe('2025-04-21T06:23:02.085Z');
    expect(summary.createdAt).toBeNull();
    expect(summary.executedBy).toBeNull();
    expect(summary.agentflowSnapshot).toBeNull();
    expect(summary.extra).toEqual({ files: [] });
  });
});

describe('connector update status', () => {
  it('parses the acknowledgement', () => {
    expect(parseAck(example('connectors_connector-update-status.response'), ctx('POST /connectors/change_status'))).toEqual({
      ok: true,
      message: 'Updated connector status to pending for connectorID 68063653fc2e1fb8597c775e',
    });
  });
});

describe('refresh dashboard', () => {
  const dashboard = parseRoot(example('dashboard_refresh-dashboard.response'), ctx('POST /dashboard/refresh/{projectID}'), dashboardParser(PULSE));

  it('reads the dashboard and its tabs', () => {
    expect(dashboard.id).toBe(DOC_DASHBOARD);
    expect(dashboard.name).toBe('Pulse');
    expect(dashboard.projectId).toBe(PULSE);
    expect(dashboard.description).toBe('Drag and drop widgets to customize your dashboard');
    expect(dashboard.agentflowId).toBeNull();
    expect(dashboard.tabs).toEqual([
      { id: '67e1367cf4f366b0cff3c3d0', name: 'Overview' },
      { id: '67e1367cf4f366b0cff3c3d1', name: 'Analytics' },
      { id: '67e1367cf4f366b0cff3c3d2', name: 'Reports' },
    ]);
    expect(dashboard.extra).toEqual({});
  });

  it('joins each component with its layout from position[] by i', () => {
    expect(dashboard.components).toHaveLength(1);
    const c = dashboard.components[0]!;
    expect(c.id).toBe('67e1367cf4f366b0cff3c3d5');
    expect(c.tabId).toBe('67e1367cf4f366b0cff3c3d0');
    expect(c.type).toBe('taskManager');
    expect(c.title).toBe('My Tasks');
    expect(c.subtitle).toBe('');
    expect(c.icon).toBe('clipboard-list');
    expect(c.agentflowId).toBeNull();
    expect(c.layout).toEqual({ x: 0, y: 0, w: 7, h: 25, minW: 4, minH: 4 });
    expect(Array.isArray(c.data)).toBe(true);
    expect((c.data as Array<{ status: string; data: unknown[] }>).map((b) => [b.status, b.data.length])).toEqual([
      ['running', 0],
      ['completed', 10],
      ['ready', 3],
      ['failed', 0],
      ['paused', 0],
    ]);
    expect(c.query).toHaveProperty('aggregation_code');
    expect(Object.keys(c.extra).sort()).toEqual(
      ['button_title', 'column_keys', 'columns', 'process_buttons', 'resource', 'table_id', 'user_query'].sort(),
    );
  });
});

describe('request bodies the client writes match the documented examples', () => {
  it('add / update skilled agent: skills as ids, memory lt, display_template as a JSON string', () => {
    const documented = example('agentflows_update-skilled-agent.request') as Record<string, unknown>;
    const body = skilledAgentBody({
      title: 'content creator testing',
      role: 'content creator testing',
      roleDescription: 'content creator testing',
      skillIds: [DOC_CONNECTOR_SKILL],
      llm: { model: 'azure/gpt-4o', temperature: 0, maxTokens: 10000 },
      promptTemplate: 'create a content about abdul kalam',
    });
    expect(Object.keys(body).sort()).toEqual(Object.keys(documented).sort());
    const added = example('agentflows_add-skilled-agent.request') as Record<string, unknown>;
    const { _id, agent_type, conditions, ...rest } = added;
    expect(body).toEqual(rest);
    expect(agent_type).toBe('skilled_agent');
    expect(conditions).toEqual([{ decision: '', condition: '' }]);
    expect(_id).toMatch(/^[0-9a-f]{24}$/);
  });
});
