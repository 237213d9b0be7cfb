/**
 * Answering inbox requests through the gateway (simulator in manual mode, so an execution moves only
 * when the test advances it): runtime input, anomaly, rejecting a preview, reading one request, and
 * the typed failures. Upstream calls are counted from the simulator's log.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { codesOf } from './utils/graphql.js';
import { useStack } from './utils/stack.js';
import { DOC_CONNECTOR_SKILL, DOC_INBOX, MARKET_SCANNER, PULSE, UNKNOWN_ID } from './utils/ids.js';

const stack = useStack();

beforeEach(async () => {
  await stack.sim.reset();
});

/** A query or mutation that must succeed (demo key). */
const ok = (query: string, variables?: Record<string, unknown>): Promise<any> => stack.gw.data(query, variables);

/** Starts Market scanner (two agents) with `goal`; returns the execution id. */
async function start(goal: string): Promise<string> {
  const d = await ok(`mutation ($input: StartExecutionInput!) { startExecution(input: $input) { execution { wexaId } } }`, {
    input: { projectId: PULSE, agentflowId: MARKET_SCANNER, goal },
  });
  return d.startExecution.execution.wexaId;
}

const WAITING = `query ($p: ID!, $id: ID!) { execution(projectId: $p, id: $id) {
  status waitingOnHuman waitingFor inputVariables agentOutputs { title }
  pendingInboxRequest { wexaId kind pending summary agent { title }
    details { __typename
      ... on RuntimeInputRequest { fields { id label type required } values }
      ... on AnomalyRequest { message acknowledged }
      ... on PreviewRequest { approved skillName } } } } }`;

const waiting = async (id: string) => (await ok(WAITING, { p: PULSE, id })).execution;

const PAYLOAD = `inboxRequest { wexaId pending status } execution { status waitingOnHuman inputVariables }`;

describe('runtime input', () => {
  it('asks for a value, takes the answer, and the execution goes on with it', async () => {
    const id = await start('check the prices #input');
    await stack.sim.advance(id);
    const before = await waiting(id);
    expect(before).toMatchObject({
      status: 'RUNNING', waitingOnHuman: true, waitingFor: 'RUNTIME_INPUT', agentOutputs: [],
      pendingInboxRequest: {
        kind: 'RUNTIME_INPUT', pending: true,
        details: { __typename: 'RuntimeInputRequest', fields: [{ id: 'answer', type: 'string', required: true }], values: null },
      },
    });
    // Advancing again changes nothing: it waits for a person, not for time.
    await stack.sim.advance(id);
    expect((await waiting(id)).agentOutputs).toEqual([]);

    await stack.sim.resetLog();
    const requestId = before.pendingInboxRequest.wexaId;
    const d = await ok(`mutation ($input: AnswerRuntimeInputInput!) { answerRuntimeInput(input: $input) { ${PAYLOAD} } }`, {
      input: { projectId: PULSE, requestId, values: { answer: 'EUR only' } },
    });
    expect(d.answerRuntimeInput).toMatchObject({
      inboxRequest: { wexaId: requestId, pending: false, status: 'completed' },
      execution: { status: 'RUNNING', waitingOnHuman: false, inputVariables: { answer: 'EUR only' } },
    });
    expect(await stack.sim.counts()).toEqual({
      'GET /inbox/{id}': 2, // the request's kind and execution, then its state after the answer
      'POST /inbox/update/runtime_input': 1,
      'GET /execute_flow/{execution_id}': 1,
      'GET /inbox': 1, // waitingOnHuman: a pending request of the project's inbox naming the execution
    });
    await stack.sim.advance(id);
    expect((await waiting(id)).agentOutputs).toHaveLength(1);
  });

  it('refuses an empty answer and a second answer', async () => {
    const id = await start('check the prices #input');
    await stack.sim.advance(id);
    const requestId = (await waiting(id)).pendingInboxRequest.wexaId;
    const answer = (values: unknown) =>
      stack.gw.gql(`mutation ($input: AnswerRuntimeInputInput!) { answerRuntimeInput(input: $input) { inboxRequest { status } } }`, {
        input: { projectId: PULSE, requestId, values },
      });
    expect(codesOf(await answer({}))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await answer([1, 2]))).toEqual(['BAD_USER_INPUT']);
    await ok(`mutation ($input: AnswerRuntimeInputInput!) { answerRuntimeInput(input: $input) { inboxRequest { status } } }`, {
      input: { projectId: PULSE, requestId, values: { answer: 'x' } },
    });
    expect(codesOf(await answer({ answer: 'again' }))).toEqual(['INVALID_TRANSITION']);
  });
});

describe('anomaly', () => {
  it('stops before the second agent until acknowledged', async () => {
    const id = await start('scan competitors #anomaly');
    await stack.sim.advance(id);
    await stack.sim.advance(id);
    const before = await waiting(id);
    expect(before).toMatchObject({
      waitingFor: 'ANOMALY_DETECTION', agentOutputs: [{}],
      pendingInboxRequest: { kind: 'ANOMALY_DETECTION', details: { __typename: 'AnomalyRequest', acknowledged: false } },
    });
    expect(before.pendingInboxRequest.details.message).toContain('scan competitors');
    const d = await ok(`mutation ($input: AcknowledgeAnomalyInput!) { acknowledgeAnomaly(input: $input) {
      inboxRequest { status details { ... on AnomalyRequest { acknowledged } } } execution { waitingOnHuman } } }`, {
      input: { projectId: PULSE, requestId: before.pendingInboxRequest.wexaId, comment: 'expected, go on' },
    });
    expect(d.acknowledgeAnomaly).toMatchObject({
      inboxRequest: { status: 'acknowledged', details: { acknowledged: true } }, execution: { waitingOnHuman: false },
    });
    const done = await stack.sim.advance(id);
    expect(done.status).toBe('completed');
  });
});

describe('preview', () => {
  it('rejecting a preview cancels the execution', async () => {
    const id = await start('post it #approve');
    await stack.sim.advance(id);
    const before = await waiting(id);
    expect(before.pendingInboxRequest).toMatchObject({ kind: 'PREVIEW', details: { __typename: 'PreviewRequest', approved: false } });
    const d = await ok(`mutation ($input: RejectPreviewInput!) { rejectPreview(input: $input) { ${PAYLOAD} } }`, {
      input: { projectId: PULSE, requestId: before.pendingInboxRequest.wexaId, reason: 'not now' },
    });
    expect(d.rejectPreview).toMatchObject({ inboxRequest: { pending: false, status: 'rejected' }, execution: { status: 'CANCELLED', waitingOnHuman: false } });
  });

  it('answering with the wrong mutation is BAD_USER_INPUT and changes nothing', async () => {
    const id = await start('post it #approve');
    await stack.sim.advance(id);
    const requestId = (await waiting(id)).pendingInboxRequest.wexaId;
    await stack.sim.resetLog();
    const wrong = await stack.gw.gql(`mutation ($input: AcknowledgeAnomalyInput!) { acknowledgeAnomaly(input: $input) { inboxRequest { status } } }`, {
      input: { projectId: PULSE, requestId },
    });
    expect(codesOf(wrong)).toEqual(['BAD_USER_INPUT']);
    expect(await stack.sim.counts()).toEqual({ 'GET /inbox/{id}': 1 });
    expect((await waiting(id)).waitingOnHuman).toBe(true);
  });
});

describe('reading requests', () => {
  it('inboxRequest reads one request by id; the documented preview keeps its content', async () => {
    const d = await ok(`{ inboxRequest(projectId: "${PULSE}", id: "${DOC_INBOX}") {
      wexaId kind pending createdAt agentflow { wexaId }
      details { ... on PreviewRequest { approved skillName skillWexaId thoughts { text reasoning plan criticism speak } skillInput } } } }`);
    expect(d.inboxRequest).toMatchObject({
      wexaId: DOC_INBOX, kind: 'PREVIEW', pending: true, createdAt: '2025-04-21T17:04:16.932Z',
      details: { approved: false, skillName: 'Content creator - Content creation', skillWexaId: DOC_CONNECTOR_SKILL },
    });
    expect(d.inboxRequest.details.thoughts.text).toContain('Abdul Kalam');
  });

  it('an unknown request is NOT_FOUND and a malformed id BAD_USER_INPUT, before any call for the latter', async () => {
    await stack.sim.resetLog();
    const missing = await stack.gw.gql(`{ inboxRequest(projectId: "${PULSE}", id: "${UNKNOWN_ID}") { wexaId } }`);
    expect(codesOf(missing)).toEqual(['NOT_FOUND']);
    const bad = await stack.gw.gql(`{ inboxRequest(projectId: "${PULSE}", id: "../x") { wexaId } }`);
    expect(codesOf(bad)).toEqual(['BAD_USER_INPUT']);
    expect(await stack.sim.counts()).toEqual({ 'GET /inbox/{id}': 1 });
  });

  it("a project's inbox lists every kind with its details", async () => {
    const d = await ok(`{ project(id: "${PULSE}") { inbox(first: 50) { nodes { kind details { __typename } } } } }`);
    const kinds = new Set(d.project.inbox.nodes.map((n: { kind: string }) => n.kind));
    expect(kinds).toEqual(new Set(['PREVIEW', 'RUNTIME_INPUT', 'ANOMALY_DETECTION']));
  });
});
