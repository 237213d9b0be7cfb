/**
 * Builds the whole seed state: the documented objects plus deterministic generated demo data
 * (projects, agentflows, connectors, skills, 300+ tasks with executions in every status,
 * dashboards, inbox requests, customers and credit history).
 */
import { agentOutput, buildAgent, buildAgentflow, buildExecution, buildTask, conclusionFor, contentSkill } from './factory.js';
import { buildDashboard, chartComponents, positionOf, refreshDashboardData } from './dashboard-data.js';
import { createRng, makeObjectId, nextObjectId, type Rng } from './prng.js';
import { DOC, OTHER, SEED_START, seedDocumented } from './seed-docs.js';
import { seedCustomers, seedInbox, seedCredits } from './seed-extras.js';
import { seedSurface } from './seed-surface.js';
import { addExecutionToTask, emptyState, syncTask, type SimState } from './store.js';
import { micro } from './time.js';
import type { AgentflowRec, ConnectorRec, ExecStatus, ProjectRec } from './types.js';

const DAY = 86400;

const FLOW_NAMES = [
  'Lead qualifier', 'Blog writer', 'Invoice checker', 'Support triage', 'Market scanner', 'Release notes',
  'Meeting summariser', 'Churn watcher', 'SEO auditor', 'Recruiting screener', 'Social scheduler', 'Data cleaner',
  'Contract reviewer',
];
const AGENT_TITLES = ['researcher', 'planner', 'writer', 'reviewer', 'publisher', 'analyst', 'summariser', 'checker'];
const GOALS = [
  'summarise this week\'s signups', 'draft a post about our new release', 'check the March invoices',
  'triage the open support tickets', 'scan competitor pricing pages', 'write release notes for v2.3',
  'prepare the board meeting summary', 'find accounts at risk of churning', 'audit the landing page',
  'screen the new applicants', 'plan next week\'s social posts', 'deduplicate the CRM contacts',
];
const CONNECTOR_KINDS = [
  ['Mail', 'mail'], ['WhatsApp', 'whatsapp'], ['LinkedIn', 'linkedin'], ['REST API', 'restful'], ['Content creator', 'content_creator'],
] as const;

/** Status of the newest execution of generated task `i` (the first six cover every status). */
function pickStatus(rng: Rng, i: number): ExecStatus {
  const all: ExecStatus[] = ['ready', 'running', 'paused', 'completed', 'failed', 'cancelled'];
  const first = all[i];
  if (first) return first;
  const r = rng.next();
  if (r < 0.45) return 'completed';
  if (r < 0.57) return 'failed';
  if (r < 0.65) return 'cancelled';
  if (r < 0.77) return 'ready';
  if (r < 0.9) return 'running';
  return 'paused';
}

function project(rng: Rng, name: string, orgId: string, userId: string, at: number): ProjectRec {
  const iso = new Date(at * 1000).toISOString();
  return {
    _id: makeObjectId(rng, at), projectName: name, description: `${name} workspace`, orgId,
    coworkerRole: 'operations', status: 'published', createdBy: userId, createdAt: iso, updatedAt: iso,
  };
}

/** Freezes a generated execution in `status` with as much progress as that status implies. */
function settle(rng: Rng, exec: ReturnType<typeof buildExecution>, status: ExecStatus): void {
  const n = exec.agentflow.agents.length;
  const t = (k: number): number => micro(exec.created_at + 20 * (k + 1) + rng.next());
  exec.status = status;
  if (status === 'ready') return;
  if (status === 'failed') {
    exec.agents_output = [agentOutput(exec, 0, t(0), 'failed')!];
    exec.error = `Agent "${exec.agentflow.agents[0]?.title ?? 'agent'}" failed: the skill returned an error`;
    exec.end_time = t(1);
    return;
  }
  const done = status === 'completed' ? n : rng.int(0, Math.max(0, n - 1));
  for (let k = 0; k < done; k++) exec.agents_output.push(agentOutput(exec, k, t(k))!);
  if (status === 'completed') exec.conclusion = conclusionFor(exec, t(n));
  if (status === 'completed' || status === 'cancelled') exec.end_time = micro(t(done) + 0.0004);
}

/** Builds the complete, deterministic seed state for a seed number. */
export function buildSeedState(seed: number): SimState {
  const rng = createRng(seed);
  const state = emptyState(rng);
  seedDocumented(state, rng);

  const demo = { org: DOC.org, user: DOC.user, name: 'nani799324' };
  const other = { org: OTHER.org, user: OTHER.user, name: 'other-user' };
  const projects: [ProjectRec, typeof demo][] = [[state.projects.get(DOC.project)!, demo]];
  [['Atlas', demo], ['Harbor', demo], ['Orbit', other]].forEach(([name, owner], i) => {
    const o = owner as typeof demo;
    const p = project(rng, name as string, o.org, o.user, SEED_START - DAY * (9 - i));
    state.projects.set(p._id, p);
    projects.push([p, o]);
  });

  // Connectors (every status) with one skill each.
  const skillsByProject = new Map<string, ReturnType<typeof contentSkill>[]>();
  const statuses: ConnectorRec['status'][] = ['pending', 'active', 'inactive'];
  projects.forEach(([p], pi) => {
    const list = [...state.skills.values()].filter((s) => s.projectID === p._id);
    for (let k = 0; k < 3; k++) {
      const [name, category] = CONNECTOR_KINDS[(pi + k) % CONNECTOR_KINDS.length]!;
      const at = micro(SEED_START - DAY * 5 + pi * 3600 + k * 60 + rng.next());
      const id = makeObjectId(rng, at);
      state.connectors.set(id, {
        _id: id, name, category, description: `${name} connector`, logo: null, status: statuses[(pi + k) % 3]!,
        projectID: p._id, organization_id: p.orgId, config: { region: 'eu' }, created_at: at, updated_at: at,
      });
      const skill = { ...contentSkill(makeObjectId(rng, at), makeObjectId(rng, at), p._id, id), name: `${name} - ${category}`, connector_name: name };
      state.skills.set(skill._id, skill);
      list.push(skill);
    }
    skillsByProject.set(p._id, list);
  });

  // Agentflows: 13 generated, 1-4 chained agents each.
  const flowsByProject = new Map<string, AgentflowRec[]>();
  FLOW_NAMES.forEach((name, i) => {
    const [p] = projects[i % projects.length]!;
    const at = micro(SEED_START - DAY * 3 + i * 1800 + rng.next());
    const skills = skillsByProject.get(p._id) ?? [];
    const agents = Array.from({ length: rng.int(1, 4) }, (_, k) =>
      buildAgent(makeObjectId(rng, at), AGENT_TITLES[(i + k) % AGENT_TITLES.length]!, [rng.pick(skills)]),
    );
    const af = buildAgentflow({ id: makeObjectId(rng, at), name, projectId: p._id, orgId: p.orgId, at, agents });
    state.agentflows.set(af._id, af);
    flowsByProject.set(p._id, [...(flowsByProject.get(p._id) ?? []), af]);
  });
  flowsByProject.get(DOC.project)?.push(state.agentflows.get(DOC.agentflow)!);

  // 320 tasks with 1-2 executions; the newest execution decides the task's status.
  for (let i = 0; i < 320; i++) {
    const [p, owner] = projects[i % projects.length]!;
    const af = rng.pick(flowsByProject.get(p._id)!);
    const at = micro(SEED_START + (i / 320) * 20 * DAY + rng.next() * 3600);
    const execObjectId = makeObjectId(rng, at);
    const task = buildTask(nextObjectId(execObjectId), af, owner.user, at);
    const runs = rng.next() < 0.3 ? 2 : 1;
    for (let r = 0; r < runs; r++) {
      const runAt = micro(at + r * 900 + 0.0007);
      const exec = buildExecution({
        objectId: r === 0 ? execObjectId : makeObjectId(rng, runAt), executionId: rng.uuid(), taskId: task._id, af,
        goal: rng.pick(GOALS), inputVariables: {}, user: { id: owner.user, name: owner.name }, at: runAt,
      });
      settle(rng, exec, r < runs - 1 ? rng.pick<ExecStatus>(['completed', 'failed', 'cancelled']) : pickStatus(rng, i));
      state.executions.set(exec.execution_id, exec);
      addExecutionToTask(state, task, exec, exec.end_time ?? exec.agents_output.at(-1)?.created_at ?? runAt);
    }
    state.tasks.set(task._id, task);
  }
  for (const task of state.tasks.values()) {
    if (task._id !== DOC.task && task.executions.length === 0) syncTask(state, task, task.updated_at);
  }

  // Dashboards: the documented one gains charts on its Analytics tab; the others are generated.
  const pulse = state.dashboards.get(DOC.project)!;
  const charts = chartComponents(rng, SEED_START, '67e1367cf4f366b0cff3c3d1');
  pulse.components.push(...charts);
  charts.forEach((c, i) => pulse.position.push(positionOf(c, i)));
  refreshDashboardData(state, pulse, new Set(['kpi', 'barChart', 'pieChart', 'lineChart']));
  for (const [p] of projects.slice(1)) state.dashboards.set(p._id, buildDashboard(state, p, rng, SEED_START - DAY));

  seedInbox(state, rng);
  seedCredits(state);
  seedCustomers(state);
  seedSurface(state);
  return state;
}
