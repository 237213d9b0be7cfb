/**
 * Whether an execution waits on a person comes from what Wexa documents: a pending inbox request
 * whose `execution_id` names it. The simulator here runs with `waitMarkers: false`, so executions look
 * as the documented examples do (`previews: {}`, nothing recorded on the execution) while the inbox
 * holds the pending preview: the gateway must still say the execution waits, on what, and on which
 * request, and stop saying so once the request is answered.
 */
import { describe, expect, it } from 'vitest';
import { MARKET_SCANNER, PULSE } from './utils/ids.js';
import { useStack } from './utils/stack.js';

const stack = useStack({ simulator: { waitMarkers: false } });

const START = `mutation ($input: StartExecutionInput!) { startExecution(input: $input) { execution { wexaId } } }`;
const WAITING = /* GraphQL */ `
  query ($p: ID!, $id: ID!) {
    execution(projectId: $p, id: $id) { status waitingOnHuman waitingFor pendingInboxRequest { wexaId kind pending } }
  }
`;

describe('an execution waiting on a person, known from the inbox alone', () => {
  it('is waiting while its preview is pending in the inbox, and not once it is approved', async () => {
    const started = await stack.gw.data(START, { input: { projectId: PULSE, agentflowId: MARKET_SCANNER, goal: 'Draft the launch post #approve' } });
    const id = started.startExecution.execution.wexaId as string;
    await stack.sim.advance(id);

    // The execution itself records nothing: the simulator answers the documented shape.
    const raw = (await (await fetch(`${stack.sim.url}/execute_flow/${id}?projectID=${PULSE}`, { headers: { 'x-api-key': stack.sim.demoKey } })).json()) as Record<string, unknown>;
    expect([raw['previews'], raw['runtime_inputs'], raw['anomaly_detected']]).toEqual([{}, {}, null]);

    const waiting = (await stack.gw.data(WAITING, { p: PULSE, id })).execution;
    expect(waiting).toMatchObject({ status: 'RUNNING', waitingOnHuman: true, waitingFor: 'PREVIEW', pendingInboxRequest: { kind: 'PREVIEW', pending: true } });

    await stack.gw.data(`mutation ($input: ApprovePreviewInput!) { approvePreview(input: $input) { inboxRequest { pending } } }`, {
      input: { projectId: PULSE, requestId: waiting.pendingInboxRequest.wexaId },
    });
    const after = (await stack.gw.data(WAITING, { p: PULSE, id })).execution;
    expect(after).toMatchObject({ waitingOnHuman: false, waitingFor: null, pendingInboxRequest: null });
  });

  it('reads the inbox once for all the executions of a project, and nothing for one that has ended', async () => {
    await stack.sim.resetLog();
    const listed = await stack.gw.data(`query ($p: ID!) { project(id: $p) { executions(first: 20) { nodes { status waitingOnHuman } } } }`, { p: PULSE });
    const nodes = listed.project.executions.nodes as { status: string; waitingOnHuman: boolean }[];
    expect(nodes.filter((n) => ['COMPLETED', 'FAILED', 'CANCELLED'].includes(n.status)).every((n) => !n.waitingOnHuman)).toBe(true);
    expect((await stack.sim.counts())['GET /inbox'] ?? 0).toBeLessThanOrEqual(1);
  });
});
