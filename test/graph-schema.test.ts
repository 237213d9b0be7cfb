/**
 * The committed `schema.graphql` is what the code builds, and the schema offers the fields,
 * enums and mutations clients depend on.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { GraphQLEnumType, GraphQLInterfaceType, GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../src/schema/index.js';

// Types are inspected through their own methods only: the test runner may load another copy of
// `graphql` than the one Pothos built the schema with, and graphql's `isXType` checks are per copy.
const schema = buildSchema();
const fieldsOf = (name: string) => Object.keys((schema.getType(name) as GraphQLObjectType).getFields());

describe('schema.graphql', () => {
  it('matches the code (run `npm run schema:print` after changing the schema)', () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/print-schema.ts', '--check'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.stderr + run.stdout).toContain('schema.graphql is up to date.');
    expect(run.status).toBe(0);
  });
});

describe('the graph clients depend on', () => {
  it.each([
    ['Query', ['projects', 'project', 'agentflow', 'task', 'execution', 'connector', 'node', 'nodes']],
    ['Project', ['id', 'wexaId', 'name', 'description', 'status', 'createdAt', 'updatedAt', 'agentflows', 'tasks', 'executions', 'dashboard', 'connectors', 'inbox']],
    ['Agentflow', ['id', 'wexaId', 'name', 'role', 'description', 'image', 'isActive', 'createdAt', 'updatedAt', 'project', 'agents', 'initialAgent', 'executions']],
    ['Agent', ['id', 'wexaId', 'title', 'role', 'roleDescription', 'type', 'llm', 'nextAgent', 'skills']],
    ['Task', ['id', 'wexaId', 'name', 'status', 'createdAt', 'updatedAt', 'createdBy', 'project', 'executions', 'executionTree', 'executionStatusCounts']],
    ['Execution', ['id', 'wexaId', 'status', 'goal', 'inputVariables', 'createdAt', 'endedAt', 'project', 'agentflow', 'task', 'executedBy', 'conclusion', 'agentOutputs', 'parent', 'inboxRequests']],
    ['Dashboard', ['id', 'wexaId', 'name', 'description', 'project', 'tabs', 'components']],
    ['DashboardComponent', ['id', 'type', 'title', 'subtitle', 'icon', 'tab', 'layout', 'data', 'query', 'agentflow']],
    ['Connector', ['id', 'wexaId', 'name', 'category', 'status', 'project']],
    ['InboxRequest', ['id', 'wexaId', 'type', 'status', 'summary', 'createdAt', 'updatedAt', 'execution', 'agentflow', 'agent']],
    ['ExecutionConnection', ['edges', 'nodes', 'pageInfo', 'totalCount']],
    ['Llm', ['model', 'temperature', 'maxTokens']],
    ['Conclusion', ['markdown', 'links', 'createdAt']],
    ['DashboardLayout', ['x', 'y', 'w', 'h', 'minW', 'minH']],
    ['Mutation', ['startExecution', 'pauseExecution', 'resumeExecution', 'cancelExecution', 'pauseTask', 'resumeTask', 'stopTask', 'createProject', 'updateProject', 'deleteProject', 'createAgentflow', 'addSkilledAgent', 'updateSkilledAgent', 'refreshDashboard', 'deleteDashboardComponent', 'updateConnectorStatus', 'deleteConnector']],
  ])('%s has its fields', (type, fields) => {
    expect(fieldsOf(type)).toEqual(expect.arrayContaining(fields));
  });

  it('makes every entity a Node with a non-null wexaId (the gateway-owned SavedDashboard: dashboardId)', () => {
    const nodes = schema.getPossibleTypes(schema.getType('Node') as GraphQLInterfaceType).map((t) => t.name).sort();
    expect(nodes).toEqual(['Agent', 'Agentflow', 'Connector', 'CoworkerSchedule', 'Dashboard', 'Execution', 'InboxRequest', 'Project', 'SavedDashboard', 'Skill', 'Task']);
    for (const name of nodes) {
      const fields = (schema.getType(name) as GraphQLObjectType).getFields();
      if (name === 'SavedDashboard') expect(String(fields.dashboardId?.type)).toBe('ID!');
      else expect(String(fields.wexaId?.type)).toBe('String!');
    }
  });

  it.each(['ExecutionStatus', 'TaskStatus', 'ConnectorStatus'])('%s has an UNKNOWN member', (name) => {
    const type = schema.getType(name) as GraphQLEnumType;
    expect(type.getValues().map((v) => v.name)).toContain('UNKNOWN');
  });
});
