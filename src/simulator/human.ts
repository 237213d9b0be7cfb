/**
 * Human in the loop: the points where an execution stops and asks a person, and what answering does.
 *
 * Before an agent runs, the engine asks {@link gateFor} whether a person must answer first:
 * - a **preview** when the agent (in the live agentflow) has `is_preview_mode_enabled`, or the goal
 *   contains `#approve` (first agent only);
 * - a **runtime input** before the first agent when the goal contains `#input`;
 * - an **anomaly** before the second agent (the only agent of a one-agent flow) when the goal
 *   contains `#anomaly`.
 * The first time a gate holds, an inbox request is created and the execution records a pending
 * marker (`previews[agentId]`, `runtime_inputs[agentId]` or `anomaly_detected`, each
 * `{inbox_id, agent_id, status: "pending"}`); the execution stays `running` and takes no step until
 * the request is answered. Approving (or answering, or acknowledging) clears the gate and the engine
 * goes on; rejecting a preview cancels the execution.
 *
 * These wire shapes are the simulator's choice: the real API documents only the preview request.
 */
import { HttpError } from './http.js';
import { makeObjectId } from './prng.js';
import type { SimState } from './store.js';
import { nowMillis, nowSeconds } from './time.js';
import type { AgentRec, ExecutionRec, InboxRec, Json } from './types.js';

/** The kinds of inbox request an execution can wait on (the request's `type`). */
export type GateKind = 'preview' | 'runtime_input' | 'anomaly_detection';

/** A point where the execution must wait for a person before agent `agentIndex` runs. */
export interface Gate {
  kind: GateKind;
  agentIndex: number;
  agentId: string;
}

const SUMMARY: Record<GateKind, string> = {
  preview: 'Please review what I am about to do and approve it (you may change the inputs) or reject it.',
  runtime_input: 'I need a piece of information from you before I can continue.',
  anomaly_detection: 'Something looks unusual in this run. Please acknowledge it so I can continue.',
};

/** The agent as it is now in the live agentflow (an execution embeds only a snapshot, without flags or skills). */
function liveAgent(state: SimState, exec: ExecutionRec, agentId: string): AgentRec | undefined {
  return state.agentflows.get(exec.agentflow_id)?.agents.find((a) => a._id === agentId);
}

/** The marker a gate leaves on the execution, if any. */
function marker(exec: ExecutionRec, kind: GateKind, agentId: string): Json | null {
  if (kind === 'anomaly_detection') return exec.anomaly_detected;
  const map = kind === 'preview' ? exec.previews : exec.runtime_inputs;
  const entry = map[agentId];
  return entry !== null && typeof entry === 'object' && !Array.isArray(entry) ? (entry as Json) : null;
}

function setMarker(exec: ExecutionRec, kind: GateKind, agentId: string, value: Json): void {
  if (kind === 'anomaly_detection') exec.anomaly_detected = value;
  else if (kind === 'preview') exec.previews[agentId] = value;
  else exec.runtime_inputs[agentId] = value;
}

/** The gate that holds before agent `index` runs, or null (a gate already answered no longer holds). */
export function gateFor(state: SimState, exec: ExecutionRec, index: number): Gate | null {
  const agent = exec.agentflow.agents[index];
  if (!agent) return null;
  const live = liveAgent(state, exec, agent._id);
  const wants: GateKind[] = [];
  if (index === 0 && exec.goal.includes('#input')) wants.push('runtime_input');
  if (index === Math.min(1, exec.agentflow.agents.length - 1) && exec.goal.includes('#anomaly')) wants.push('anomaly_detection');
  if (live?.['is_preview_mode_enabled'] === true || (index === 0 && exec.goal.includes('#approve'))) wants.push('preview');
  for (const kind of wants) {
    const m = marker(exec, kind, agent._id);
    if (!m || m['status'] === 'pending') return { kind, agentIndex: index, agentId: agent._id };
  }
  return null;
}

/** Whether the gate's request was already raised (its marker is pending). */
export function isRaised(exec: ExecutionRec, gate: Gate): boolean {
  return marker(exec, gate.kind, gate.agentId)?.['status'] === 'pending';
}

/** Creates the inbox request for a gate and marks the execution as waiting on it. */
export function raise(state: SimState, exec: ExecutionRec, gate: Gate): InboxRec {
  const agent = exec.agentflow.agents[gate.agentIndex]!;
  const at = nowMillis();
  const id = makeObjectId(state.rng, at / 1000);
  const skill = liveAgent(state, exec, agent._id)?.skills[0] ?? null;
  const request: InboxRec = {
    _id: id,
    type: gate.kind,
    status: 'pending',
    created_at: at,
    updated_at: at,
    agent_id: agent._id,
    coworker_id: exec.agentflow_id,
    coworker_name: exec.agentflow.name,
    agent_title: agent.title,
    summary: SUMMARY[gate.kind],
    execution_id: exec.execution_id,
    projectID: exec.projectID,
    executed_by: exec.executed_by._id,
  };
  if (gate.kind === 'preview') {
    request['preview'] = {
      is_approved: false,
      modified_inputs_during_preview: [],
      preview_input: {
        thoughts: {
          text: `Work on "${exec.goal}" as ${agent.title}.`,
          reasoning: 'The goal asks for it.',
          plan: `- ${agent.title}: ${agent.role_description}`,
          criticism: 'Check the inputs before running.',
          speak: `I am about to run ${agent.title}.`,
        },
        skill: {
          name: (skill?.['name'] as string | undefined) ?? agent.title,
          id: (skill?.['_id'] as string | undefined) ?? null,
          input: { content: { goal: exec.goal, ...exec.input_variables } },
        },
      },
    };
  } else if (gate.kind === 'runtime_input') {
    request['runtime_input'] = {
      fields: [{ field_id: 'answer', label: 'Your answer', type: 'string', required: true, description: `What ${agent.title} needs to know.` }],
      values: null,
    };
  } else {
    request['anomaly_detection'] = {
      message: `The run of "${exec.goal}" produced an unusual result at ${agent.title}.`,
      is_acknowledged: false,
    };
  }
  state.inbox.set(id, request);
  setMarker(exec, gate.kind, agent._id, { inbox_id: id, agent_id: agent._id, status: 'pending' });
  return request;
}

/** What a person answered. */
export type Answer =
  | { kind: 'preview'; approved: boolean; modifiedInputs: Json }
  | { kind: 'runtime_input'; values: Json }
  | { kind: 'anomaly_detection'; comment: string | null };

/**
 * Records an answer on the request and its execution. Returns what the engine must do next:
 * `continue`, `cancel` (a rejected preview) or `none` (the execution is not waiting on this request).
 */
export function answer(state: SimState, request: InboxRec, given: Answer): 'continue' | 'cancel' | 'none' {
  if (request['type'] !== given.kind) throw new HttpError(409, `This inbox request is a ${String(request['type'])}, not a ${given.kind}`);
  if (request['status'] !== 'pending') throw new HttpError(409, `This inbox request is already ${String(request['status'])}`);
  const now = nowMillis();
  request.updated_at = now;
  let status: string;
  let outcome: 'continue' | 'cancel' = 'continue';
  if (given.kind === 'preview') {
    status = given.approved ? 'approved' : 'rejected';
    outcome = given.approved ? 'continue' : 'cancel';
    const preview = (request['preview'] ?? {}) as Json;
    request['preview'] = { ...preview, is_approved: given.approved, modified_inputs_during_preview: given.modifiedInputs };
  } else if (given.kind === 'runtime_input') {
    status = 'completed';
    request['runtime_input'] = { ...((request['runtime_input'] ?? {}) as Json), values: given.values };
  } else {
    status = 'acknowledged';
    request['anomaly_detection'] = { ...((request['anomaly_detection'] ?? {}) as Json), is_acknowledged: true, comment: given.comment };
  }
  request['status'] = status;
  const exec = typeof request['execution_id'] === 'string' ? state.executions.get(request['execution_id']) : undefined;
  const agentId = typeof request['agent_id'] === 'string' ? request['agent_id'] : '';
  if (!exec || marker(exec, given.kind, agentId)?.['inbox_id'] !== request._id) return 'none';
  const done: Json = { inbox_id: request._id, agent_id: agentId, status, answered_at: nowSeconds() };
  if (given.kind === 'runtime_input') {
    done['values'] = given.values;
    exec.input_variables = { ...exec.input_variables, ...given.values };
  }
  if (given.kind === 'preview') done['modified_inputs'] = given.modifiedInputs;
  setMarker(exec, given.kind, agentId, done);
  return outcome;
}
