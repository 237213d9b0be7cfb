/**
 * The rest of the Wexa surface through the gateway, against the simulator: skills, coworker
 * schedules, the viewer with quota and credit history, project analytics/settings/tags/trigger
 * actions, connector configuration, tables and records, files, marketplace, project and agentflow
 * extras. Upstream calls are counted exactly from the simulator's log.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { codesOf } from './utils/graphql.js';
import { DEMO_USER, DOC_EXECUTION, DOC_FLOW as FLOW, DOC_SKILL as SKILL, PULSE } from './utils/ids.js';
import { useStack } from './utils/stack.js';

const stack = useStack();

beforeEach(async () => {
  await stack.sim.reset();
});

/** A query or mutation that must succeed (demo key). */
const ok = (query: string, variables?: Record<string, unknown>): Promise<any> => stack.gw.data(query, variables);

describe('a screen with skills, schedules and credit spend', () => {
  const SCREEN = `query ($id: ID!) {
    viewer { plan organization { name } quota { subscriptionCredits creditsPerExecution } }
    project(id: $id) {
      name
      creditsSpent
      skills { name connectorName actions { name category inputSchema { id type required } outputSchema { id } } }
      schedules(first: 10) { totalCount nodes { template scheduleRaw status agentflow { name } } }
    }
  }`;

  it('costs one call per resource, whatever the number of rows', async () => {
    await stack.sim.resetLog();
    const d = await ok(SCREEN, { id: PULSE });
    expect(d.viewer).toMatchObject({ plan: 'pro', organization: { name: 'Default Organization' }, quota: { subscriptionCredits: 500, creditsPerExecution: 0.03 } });
    expect(d.project.name).toBe('Pulse');
    expect(d.project.skills.length).toBeGreaterThanOrEqual(2);
    expect(d.project.skills[0].actions[0]).toMatchObject({ name: 'Content creation', category: 'content_creator', inputSchema: [{ id: 'content', type: 'object', required: true }] });
    expect(d.project.schedules.totalCount).toBe(3);
    expect(d.project.schedules.nodes.map((n: any) => n.scheduleRaw).sort((a: number, b: number) => a - b)).toEqual([3600, 86400, 604800]);
    expect(d.project.creditsSpent).toBeGreaterThan(0.06);
    expect(await stack.sim.counts()).toEqual({
      'GET /customer': 1,
      'GET /customer/credit_history': 1,
      'GET /v1/project/{projectId}': 1,
      'GET /skills': 1,
      'GET /schedules/coworker': 1,
      'GET /agentflow/{agentflow_id}': 2, // two distinct agentflows among three schedules
    });
  });

  it('creditsSpent is the sum of the project rows of the credit history', async () => {
    const spent = (await ok(`{ project(id: "${PULSE}") { creditsSpent } }`)).project.creditsSpent;
    const PAGE = `query ($after: String) { viewer { creditHistory(first: 100, after: $after, projectId: "${PULSE}") {
      totalCount pageInfo { hasNextPage endCursor } nodes { credits project { wexaId } } } } }`;
    let after: string | null = null;
    let sum = 0;
    let rows = 0;
    let total = 0;
    do {
      const page: any = (await ok(PAGE, { after })).viewer.creditHistory;
      total = page.totalCount;
      rows += page.nodes.length;
      sum += page.nodes.reduce((a: number, n: any) => a + n.credits, 0);
      expect(new Set(page.nodes.map((n: any) => n.project.wexaId))).toEqual(new Set([PULSE]));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(rows).toBe(total);
    expect(spent).toBeCloseTo(sum, 9);
  });
});

describe('viewer and credit history', () => {
  it('links credit rows to their execution, agent and project', async () => {
    const d = await ok(`{ viewer { email usage billingCycleEndsAt creditHistory(first: 2) { totalCount nodes {
      wexaId operation model tokens credits createdAt projectName agentTitle executedByName
      project { wexaId } execution { wexaId } agent { title } } } } }`);
    expect(d.viewer.email).toBe('nani799324@gmail.com');
    expect(d.viewer.billingCycleEndsAt).toBe('2025-04-22T05:11:28.222Z');
    expect(d.viewer.usage).toMatchObject({ number_of_coworkers: 1 });
    const [first] = d.viewer.creditHistory.nodes;
    expect(first).toMatchObject({
      wexaId: '6805d86dc8af59e1dda56aa7', operation: 'agent_execution', model: 'azure/gpt-4o', tokens: 1362,
      createdAt: '2025-04-21T05:32:29.741Z', projectName: 'Pulse', project: { wexaId: PULSE },
    });
    // The second documented row's execution exists in the simulator; its agent is found through it.
    expect(d.viewer.creditHistory.nodes[1]).toMatchObject({ execution: { wexaId: DOC_EXECUTION }, agent: { title: 'new platform' } });
  });
});

describe('skills', () => {
  it('Agent.skills are Skill nodes with actions, refetchable by id', async () => {
    const d = await ok(`{ agentflow(id: "${FLOW}") { agents { skills { id wexaId name connector { wexaId } actions { name endpoint isTerminal } } } } }`);
    const skill = d.agentflow.agents[0].skills[0];
    expect(skill).toMatchObject({ wexaId: SKILL, name: 'Content creator - Content creation', actions: [{ name: 'Content creation', endpoint: '/content_creator/generate', isTerminal: true }] });
    const again = await ok(`query ($id: ID!) { node(id: $id) { ... on Skill { wexaId project { wexaId } } } }`, { id: skill.id });
    expect(again.node).toEqual({ wexaId: SKILL, project: { wexaId: PULSE } });
  });

  it('filters by category and by name, reads one, and creates one', async () => {
    const d = await ok(`{ project(id: "${PULSE}") { byCategory: skills(category: "content_creator") { wexaId } none: skills(category: "whatsapp") { wexaId } byName: skills(name: "content") { wexaId } } skill(id: "${SKILL}") { name } }`);
    expect(d.project.byCategory.length).toBeGreaterThan(0);
    expect(d.project.none).toEqual([]);
    expect(d.project.byName.map((s: any) => s.wexaId)).toContain(SKILL);
    expect(d.skill.name).toBe('Content creator - Content creation');
    const connector = (await ok(`{ project(id: "${PULSE}") { connectors(first: 1) { nodes { wexaId name } } } }`)).project.connectors.nodes[0];
    const created = await ok(`mutation ($input: CreateSkillInput!) { createSkill(input: $input) { skill { wexaId name connectorName actions { category } project { wexaId } } } }`, {
      input: { projectId: PULSE, connectorId: connector.wexaId, name: 'Send digest', description: 'Mails a digest', connectorName: connector.name },
    });
    expect(created.createSkill.skill).toMatchObject({ name: 'Send digest', connectorName: connector.name, project: { wexaId: PULSE } });
  });

  it('counts: category and name lists are one call each', async () => {
    await stack.sim.resetLog();
    await ok(`{ project(id: "${PULSE}") { a: skills(category: "content_creator") { name } b: skills(category: "content_creator") { wexaId } c: skills(name: "x") { name } } }`);
    expect(await stack.sim.counts()).toEqual({ 'GET /v1/project/{projectId}': 1, 'GET /skills/category': 1, 'GET /skills': 1 });
  });
});

describe('coworker schedules', () => {
  it('lists with filters, links both ways, and creates, updates and deletes', async () => {
    const d = await ok(`{ project(id: "${PULSE}") { active: schedules(status: "active") { totalCount } mine: schedules(agentflowId: "${FLOW}") { totalCount }
      search: schedules(search: "weekly") { nodes { template } } }
      agentflow(id: "${FLOW}") { schedules { totalCount nodes { id wexaId agentflow { wexaId } project { wexaId } } } } }`);
    expect(d.project.active.totalCount).toBe(2);
    expect(d.project.mine.totalCount).toBe(2);
    expect(d.project.search.nodes).toEqual([{ template: 'weekly market scan' }]);
    const first = d.agentflow.schedules.nodes[0];
    expect(first).toMatchObject({ agentflow: { wexaId: FLOW }, project: { wexaId: PULSE } });
    expect((await ok(`query ($id: ID!) { node(id: $id) { ... on CoworkerSchedule { wexaId } } }`, { id: first.id })).node.wexaId).toBe(first.wexaId);

    const created = await ok(`mutation ($input: CreateScheduleInput!) { createSchedule(input: $input) { schedule { wexaId template scheduleRaw goal agentflow { wexaId } } } }`, {
      input: { projectId: PULSE, agentflowId: FLOW, goal: { template: 'ping' }, template: 'ping', schedule: 900 },
    });
    const id = created.createSchedule.schedule.wexaId;
    expect(created.createSchedule.schedule).toMatchObject({ template: 'ping', scheduleRaw: 900, goal: { template: 'ping' }, agentflow: { wexaId: FLOW } });
    const updated = await ok(`mutation ($input: UpdateScheduleInput!) { updateSchedule(input: $input) { schedule { template scheduleRaw } } }`, {
      input: { projectId: PULSE, scheduleId: id, schedule: 1800 },
    });
    expect(updated.updateSchedule.schedule).toEqual({ template: 'ping', scheduleRaw: 1800 });
    expect((await ok(`{ schedule(id: "${id}") { scheduleRaw } }`)).schedule.scheduleRaw).toBe(1800);
    const deleted = await ok(`mutation ($input: DeleteScheduleInput!) { deleteSchedule(input: $input) { deletedScheduleId } }`, { input: { projectId: PULSE, scheduleId: id } });
    expect(deleted.deleteSchedule.deletedScheduleId).toBe(id);
    expect(codesOf(await stack.gw.gql(`{ schedule(id: "${id}") { wexaId } }`))).toEqual(['NOT_FOUND']);
  });

  it('refuses an update with nothing in it, a negative schedule and a goal that is not an object', async () => {
    const update = (input: Record<string, unknown>) =>
      stack.gw.gql(`mutation ($input: UpdateScheduleInput!) { updateSchedule(input: $input) { schedule { wexaId } } }`, { input });
    expect(codesOf(await update({ projectId: PULSE, scheduleId: '6a0e00000000000000000001' }))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await update({ projectId: PULSE, scheduleId: '6a0e00000000000000000001', schedule: -1 }))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await update({ projectId: PULSE, scheduleId: '6a0e00000000000000000001', goal: 'x' }))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('project extras', () => {
  it('analytics, settings, tags, trigger actions and project by name', async () => {
    const d = await ok(`{ projectByName(name: "Pulse") { wexaId analytics settings tags { name raw } triggerActions { name connector { wexaId } } } }`);
    expect(d.projectByName.wexaId).toBe(PULSE);
    expect(d.projectByName.analytics.executions.total).toBeGreaterThan(0);
    expect(d.projectByName.settings).toMatchObject({ timezone: 'UTC' });
    expect(d.projectByName.tags.map((t: any) => t.name)).toEqual(['marketing', 'finance']);
    expect(d.projectByName.triggerActions.length).toBeGreaterThan(0);
    expect(d.projectByName.triggerActions[0].connector.wexaId).toBeTruthy();
  });

  it("lists a user's projects", async () => {
    const d = await ok(`{ projectsOfUser(userId: "${DEMO_USER}") { wexaId name } }`);
    expect(d.projectsOfUser.map((p: any) => p.name)).toContain('Pulse');
    expect(codesOf(await stack.gw.gql(`{ projectsOfUser(userId: "nope") { wexaId } }`))).toEqual(['BAD_USER_INPUT']);
  });

  it('configures a connector category and reads the configuration back; LinkedIn suggestions', async () => {
    expect((await ok(`{ project(id: "${PULSE}") { connectorConfig(category: "mail") } }`)).project.connectorConfig).toBeNull();
    const set = await ok(`mutation ($input: ConfigureConnectorInput!) { configureConnector(input: $input) { config } }`, {
      input: { projectId: PULSE, category: 'mail', settings: { sender: 'team@example.com' } },
    });
    expect(set.configureConnector.config).toMatchObject({ category: 'mail', config: { sender: 'team@example.com' } });
    const d = await ok(`{ project(id: "${PULSE}") { connectorConfig(category: "mail") linkedinParams(searchType: "COMPANY", keyword: "acme", limit: 2) { wexaId name } } }`);
    expect(d.project.connectorConfig.config).toEqual({ sender: 'team@example.com' });
    expect(d.project.linkedinParams).toEqual([{ wexaId: 'urn:li:company:1000', name: 'acme 1' }, { wexaId: 'urn:li:company:1001', name: 'acme 2' }]);
    const bad = await stack.gw.gql(`mutation ($input: ConfigureConnectorInput!) { configureConnector(input: $input) { config } }`, {
      input: { projectId: PULSE, category: '../x', settings: { a: 1 } },
    });
    expect(codesOf(bad)).toEqual(['BAD_USER_INPUT']);
  });

  it('updates an agentflow and shows its monitoring data', async () => {
    const d = await ok(`mutation ($input: UpdateAgentflowInput!) { updateAgentflow(input: $input) { agentflow { wexaId name isActive monitor } } }`, {
      input: { agentflowId: FLOW, name: 'renamed platform', isActive: false },
    });
    expect(d.updateAgentflow.agentflow).toMatchObject({ wexaId: FLOW, name: 'renamed platform', isActive: false, monitor: { agentflow_id: FLOW } });
    expect(codesOf(await stack.gw.gql(`mutation { updateAgentflow(input: { agentflowId: "${FLOW}" }) { agentflow { name } } }`))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('tables and records', () => {
  const RECORDS = `query ($after: String, $q: String, $desc: Boolean) { project(id: "${PULSE}") { tableNames table(name: "Leads") {
    wexaId name records(first: 20, after: $after, query: $q, sortKey: "score", descending: $desc) {
      totalCount pageInfo { hasNextPage endCursor } nodes { wexaId data } } } } }`;

  it('pages records over the upstream page/limit, with query and sort', async () => {
    await stack.sim.resetLog();
    const page1 = (await ok(RECORDS, { desc: true })).project;
    expect(page1.tableNames).toEqual(['Leads', 'Invoices']);
    const records = page1.table.records;
    expect(records.totalCount).toBe(45);
    expect(records.nodes).toHaveLength(20);
    expect(records.pageInfo.hasNextPage).toBe(true);
    const scores = records.nodes.map((n: any) => n.data.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(await stack.sim.counts()).toEqual({
      'GET /v1/project/{projectId}': 1, 'GET /storage/{projectID}': 1, 'GET /storage/{projectID}/names': 1, 'GET /storage/{projectID}/{table_id}': 1,
    });
    let seen = records.nodes.length;
    let after = records.pageInfo.endCursor;
    for (;;) {
      const next = (await ok(RECORDS, { after, desc: true })).project.table.records;
      seen += next.nodes.length;
      if (!next.pageInfo.hasNextPage) break;
      after = next.pageInfo.endCursor;
    }
    expect(seen).toBe(45);
    const found = (await ok(RECORDS, { q: 'lead7@' })).project.table.records;
    expect(found.nodes.map((n: any) => n.data.email)).toEqual(['lead7@example.com']);
  });

  it('deletes a record and a column, and creates a table', async () => {
    const first = (await ok(RECORDS, {})).project.table;
    const recordId = first.records.nodes[0].wexaId;
    const del = await ok(`mutation ($input: DeleteTableRecordInput!) { deleteTableRecord(input: $input) { deletedRecordId table { records { totalCount } } } }`, {
      input: { projectId: PULSE, tableId: first.wexaId, recordId },
    });
    expect(del.deleteTableRecord).toEqual({ deletedRecordId: recordId, table: { records: { totalCount: 44 } } });
    const columns = (await ok(`{ project(id: "${PULSE}") { table(name: "Leads") { raw } } }`)).project.table.raw.columns;
    const score = columns.find((c: any) => c.name === 'score');
    await ok(`mutation ($input: DeleteTableColumnInput!) { deleteTableColumn(input: $input) { deletedColumnId } }`, { input: { projectId: PULSE, columnId: score._id } });
    const after = (await ok(RECORDS, {})).project.table.records.nodes[0].data;
    expect(after.score).toBeUndefined();
    const created = await ok(`mutation ($input: CreateTableInput!) { createTable(input: $input) { table { name } } }`, {
      input: { projectId: PULSE, spec: { table_name: 'Notes', columns: [{ name: 'text', type: 'string' }] } },
    });
    expect(created.createTable.table.name).toBe('Notes');
    expect((await ok(`{ project(id: "${PULSE}") { tableNames } }`)).project.tableNames).toEqual(['Leads', 'Invoices', 'Notes']);
  });
});

describe('files', () => {
  it("lists a connector's files, reads one by id, and uploads by name", async () => {
    const d = await ok(`{ project(id: "${PULSE}") { connectors(first: 10) { nodes { name files { wexaId name raw } } } } }`);
    const files = d.project.connectors.nodes.flatMap((c: any) => c.files);
    expect(files.length).toBe(4);
    const one = await ok(`{ file(projectId: "${PULSE}", id: "${files[0].wexaId}") { name raw } }`);
    expect(one.file.name).toBe(files[0].name);
    const up = await ok(`mutation ($input: UploadFilesInput!) { uploadFiles(input: $input) { result } }`, {
      input: { projectId: PULSE, containerName: 'documents', filenames: ['brief.pdf'], tags: ['q3'] },
    });
    expect(up.uploadFiles.result).toMatchObject({ status: 'success', files: [{ filename: 'brief.pdf', tags: ['q3'] }] });
    expect(codesOf(await stack.gw.gql(`mutation { uploadFiles(input: { projectId: "${PULSE}", containerName: "d", filenames: [] }) { result } }`))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('marketplace', () => {
  it('browses connectors and coworkers, hires one, and sees the update check change', async () => {
    const d = await ok(`{ marketplace {
      premium: connectors(filterType: "premium") { name }
      installed: connectors(projectId: "${PULSE}", search: "mail") { name raw }
      coworkers(first: 2) { totalCount pageInfo { hasNextPage } nodes { wexaId name } }
      coworker(id: "6a1100000000000000000002") { name raw updateCheck } } }`);
    expect(d.marketplace.premium.map((c: any) => c.name)).toEqual(['WhatsApp', 'LinkedIn']);
    expect(d.marketplace.installed[0].raw.is_installed).toBe(true);
    expect(d.marketplace.coworkers).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
    expect(d.marketplace.coworker).toMatchObject({ name: 'Invoice chaser', updateCheck: { installed_versions: [], update_available: false } });
    const hired = await ok(`mutation { hireCoworker(input: { coworkerId: "6a1100000000000000000002" }) { result } }`);
    const agentflowId = hired.hireCoworker.result.agentflow_id;
    expect((await ok(`{ agentflow(id: "${agentflowId}") { name agents { title } } }`)).agentflow.name).toBe('Invoice chaser');
    const after = await ok(`{ marketplace { coworker(id: "6a1100000000000000000002") { updateCheck } } }`);
    expect(after.marketplace.coworker.updateCheck.installed_versions).toEqual(['2.0.1']);
  });
});
