/**
 * Human in the loop, end to end, over graphql-ws and over SSE: an agentflow whose second agent asks
 * for approval; start it through the gateway, subscribe to the project's inbox and to the execution,
 * the preview request is pushed, the execution says it waits on a person (with the request linked),
 * approve through the gateway, the change is pushed and the execution completes. The simulator runs
 * its lifecycle on its own (short steps); the wait for a person does not depend on time.
 */
import type { Client as SseClient } from 'graphql-sse';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestGateway } from './utils/gateway.js';
import type { TestSimulator } from './utils/simulator.js';
import { useStack } from './utils/stack.js';
import { DOC_SKILL, PULSE, UNKNOWN_ID } from './utils/ids.js';
import { sseClient, subscribe, wsClient, type Result } from './utils/subscriptions.js';

let sim: TestSimulator;
let gw: TestGateway;
let ws: Client;
let sse: SseClient;

useStack({ simulator: { stepMs: 15 }, config: { pollMinMs: 20, pollMaxMs: 50, upstreamRetries: 0 } }, (s) => ({ sim, gw } = s));
beforeAll(() => {
  ws = wsClient(gw.url, sim.demoKey);
  sse = sseClient(gw.url, sim.demoKey);
});

afterAll(async () => {
  await ws?.dispose();
  sse?.dispose();
});

async function ok(query: string, variables?: Record<string, unknown>): Promise<any> {
  const result = await gw.gql(query, variables);
  expect(result.errors).toBeUndefined();
  return result.data;
}

const AGENT = `mutation ($input: AddSkilledAgentInput!) { addSkilledAgent(input: $input) { agent { wexaId } } }`;

/** A new agentflow of Pulse: a researcher, then a writer that asks for approval first. */
async function approvalFlow(): Promise<{ flowId: string; writerId: string }> {
  const d = await ok(`mutation ($input: CreateAgentflowInput!) { createAgentflow(input: $input) { agentflow { wexaId } } }`, {
    input: { projectId: PULSE, name: 'Reviewed posts', description: 'Writes posts a person approves', role: 'writer' },
  });
  const flowId = d.createAgentflow.agentflow.wexaId;
  const agent = (title: string, isPreviewModeEnabled: boolean) => ({
    projectId: PULSE, agentflowId: flowId, title, role: title, roleDescription: title, skillIds: [DOC_SKILL],
    llm: { model: 'azure/gpt-4o', temperature: 0, maxTokens: 1000 }, promptTemplate: title, isPreviewModeEnabled,
  });
  await ok(AGENT, { input: agent('researcher', false) });
  const writer = await ok(AGENT, { input: agent('writer', true) });
  return { flowId, writerId: writer.addSkilledAgent.agent.wexaId };
}

const INBOX = /* GraphQL */ `
  subscription ($projectId: ID!) {
    inboxRequests(projectId: $projectId) {
      id wexaId kind pending status
      execution { wexaId } agentflow { wexaId } agent { wexaId title } project { wexaId } task { name }
      details {
        __typename
        ... on PreviewRequest { approved modifiedInputs skillName skillInput thoughts { text plan } }
      }
    }
  }
`;

const EXECUTION = /* GraphQL */ `
  subscription ($projectId: ID!, $id: ID!) {
    executionUpdated(projectId: $projectId, id: $id) {
      status waitingOnHuman waitingFor agentOutputs { title }
      pendingInboxRequest { wexaId kind }
    }
  }
`;

const START = `mutation ($input: StartExecutionInput!) { startExecution(input: $input) { execution { wexaId status } } }`;

const APPROVE = `mutation ($input: ApprovePreviewInput!) { approvePreview(input: $input) {
  inboxRequest { wexaId pending status details { ... on PreviewRequest { approved modifiedInputs } } }
  execution { wexaId status waitingOnHuman } } }`;

/** The first result (from `from`, 1-based) that satisfies `check`. */
async function first(sub: ReturnType<typeof subscribe>, check: (r: Result) => boolean, from = 1): Promise<Result> {
  for (let n = from; ; n += 1) {
    const r = await sub.nth(n);
    expect(r.errors).toBeUndefined();
    if (check(r)) return r;
  }
}

for (const transport of ['graphql-ws', 'graphql-sse'] as const) {
  describe(`human in the loop over ${transport}`, () => {
    const client = () => (transport === 'graphql-ws' ? ws : sse);

    it('pushes the preview request, shows the execution waiting, and completes it after approval', async () => {
      const { flowId, writerId } = await approvalFlow();
      const inbox = subscribe(client(), INBOX, { projectId: PULSE });
      // The inbox watch is running before the execution starts (its first read is the baseline).
      await expect.poll(() => gw.gateway.live!.stats().watches, { message: 'the inbox watch' }).toBeGreaterThanOrEqual(1);

      const started = await ok(START, { input: { projectId: PULSE, agentflowId: flowId, goal: 'a post about our release' } });
      const executionId = started.startExecution.execution.wexaId;
      const run = subscribe(client(), EXECUTION, { projectId: PULSE, id: executionId });

      // The request is pushed, linked to its execution, agentflow, agent and project.
      const pushed = (await first(inbox, (r) => r.data?.inboxRequests.execution?.wexaId === executionId)).data!.inboxRequests;
      expect(pushed).toMatchObject({
        kind: 'PREVIEW', pending: true, status: 'pending',
        execution: { wexaId: executionId }, agentflow: { wexaId: flowId }, agent: { wexaId: writerId, title: 'writer' },
        project: { wexaId: PULSE }, task: { name: 'Reviewed posts' },
        details: { __typename: 'PreviewRequest', approved: false },
      });
      expect(pushed.details.skillInput).toMatchObject({ content: { goal: 'a post about our release' } });
      expect(pushed.details.thoughts.text).toContain('a post about our release');

      // The execution says it waits on a person, with the pending request linked; one agent has run.
      const waiting = (await first(run, (r) => r.data?.executionUpdated.waitingOnHuman === true)).data!.executionUpdated;
      expect(waiting).toMatchObject({
        status: 'RUNNING', waitingFor: 'PREVIEW', agentOutputs: [{ title: 'researcher' }],
        pendingInboxRequest: { wexaId: pushed.wexaId, kind: 'PREVIEW' },
      });

      // Approve through the gateway, with changed inputs.
      const approved = (await ok(APPROVE, { input: { projectId: PULSE, requestId: pushed.wexaId, modifiedInputs: { tone: 'friendly' } } })).approvePreview;
      expect(approved.inboxRequest).toMatchObject({
        wexaId: pushed.wexaId, pending: false, status: 'approved', details: { approved: true, modifiedInputs: { tone: 'friendly' } },
      });
      expect(approved.execution).toMatchObject({ wexaId: executionId, waitingOnHuman: false });

      // The answered request is pushed too, and the execution runs to its end.
      const settled = await first(inbox, (r) => r.data?.inboxRequests.wexaId === pushed.wexaId && r.data?.inboxRequests.pending === false);
      expect(settled.data!.inboxRequests).toMatchObject({ status: 'approved', details: { approved: true } });
      await run.done;
      const last = run.results.at(-1)!.data!.executionUpdated;
      expect(last).toMatchObject({ status: 'COMPLETED', waitingOnHuman: false, pendingInboxRequest: null });
      expect(last.agentOutputs.map((o: { title: string }) => o.title)).toEqual(['researcher', 'writer']);
      inbox.stop();
      await expect.poll(() => gw.gateway.live!.stats().watches, { message: 'the watches to stop' }).toBe(0);
    });
  });
}

describe('inboxRequests watch', () => {
  it('is one shared poll per project and key, whatever the number of subscribers', async () => {
    const a = subscribe(ws, INBOX, { projectId: PULSE });
    const b = subscribe(sse, INBOX, { projectId: PULSE });
    const c = subscribe(ws, INBOX, { projectId: PULSE });
    await expect.poll(() => gw.gateway.live!.stats().subscribers, { message: 'three subscribers' }).toBe(3);
    expect(gw.gateway.live!.stats()).toMatchObject({ watches: 1, subscribers: 3 });
    expect(gw.gateway.live!.stats().pollers).toBeLessThanOrEqual(1);
    for (const s of [a, b, c]) s.stop();
    await expect.poll(() => gw.gateway.live!.stats().watches, { message: 'the watch to stop' }).toBe(0);
  });

  it('ends with UNAUTHENTICATED without a key, and NOT_FOUND for an unknown project', async () => {
    const anonymous = wsClient(gw.url, null);
    const noKey = subscribe(anonymous, INBOX, { projectId: PULSE });
    await noKey.done.catch(() => {});
    expect(noKey.results[0]?.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await anonymous.dispose();
    const unknown = subscribe(ws, INBOX, { projectId: UNKNOWN_ID });
    await unknown.done;
    expect(unknown.results[0]?.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
