/** Builders of normalised model objects for unit tests of pure logic (loaders, change detection). */
import type { Execution } from '../../src/wexa/model.js';

/** A complete, running execution with every optional field empty; `over` replaces any field. */
export function anExecution(over: Partial<Execution> = {}): Execution {
  return {
    id: '9d00125a-21e5-4b28-ab2b-3fa04f592d06',
    objectId: '68075a61ff5c4953f0170a10',
    complete: true,
    projectId: 'p',
    agentflowId: 'f',
    taskId: 't',
    status: 'running',
    statusRaw: 'running',
    goal: 'g',
    inputVariables: {},
    createdAt: '2025-04-21T07:30:09.001Z',
    endedAt: null,
    executedBy: null,
    conclusion: null,
    agentOutputs: [],
    parentExecutionId: null,
    startFromAgentId: null,
    agentflowSnapshot: null,
    error: null,
    extra: {},
    ...over,
  };
}
