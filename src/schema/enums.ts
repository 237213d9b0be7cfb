/**
 * Enums more than one domain returns: the statuses of executions, tasks and connectors, and the kind
 * of an inbox request (`InboxRequest.kind`, `Execution.waitingFor`). Each has an `UNKNOWN` member:
 * the upstream may invent values later, and the parsers in `src/wexa/` map anything unrecognised to
 * `unknown` (the raw string stays available).
 */
import {
  CONNECTOR_STATUSES,
  EXECUTION_STATUSES,
  TASK_STATUSES,
  type ConnectorStatus,
  type ExecutionStatus,
  type InboxKind,
  type TaskStatus,
} from '../wexa/model.js';
import { builder } from './builder.js';

/** `{ READY: { value: 'ready' }, … }` for a list of lower-case statuses. */
function valuesOf<S extends string>(statuses: readonly S[]): Record<string, { value: S }> {
  return Object.fromEntries(statuses.map((s) => [s.toUpperCase(), { value: s }]));
}

export const ExecutionStatusEnum = builder.enumType('ExecutionStatus', {
  description: 'Where an execution is in its lifecycle. UNKNOWN: a status this gateway does not know yet.',
  values: valuesOf<ExecutionStatus>(EXECUTION_STATUSES),
});

export const TaskStatusEnum = builder.enumType('TaskStatus', {
  description: "A task's status (its newest execution's). UNKNOWN: a status this gateway does not know yet.",
  values: valuesOf<TaskStatus>(TASK_STATUSES),
});

export const ConnectorStatusEnum = builder.enumType('ConnectorStatus', {
  description: "A connector's status. UNKNOWN: a status this gateway does not know yet.",
  values: valuesOf<ConnectorStatus>(CONNECTOR_STATUSES),
});

/** Connector statuses a client may set (UNKNOWN is read-only). */
export const SettableConnectorStatusEnum = builder.enumType('SettableConnectorStatus', {
  description: 'A connector status a client may set.',
  values: valuesOf<ConnectorStatus>(CONNECTOR_STATUSES.filter((s) => s !== 'unknown')),
});

export const InboxRequestKindEnum = builder.enumType('InboxRequestKind', {
  description: 'What an inbox request asks a person for.',
  values: {
    PREVIEW: { value: 'preview', description: 'Approve or reject what an agent is about to do.' },
    RUNTIME_INPUT: { value: 'runtime_input', description: 'Supply a value the agent needs.' },
    ANOMALY_DETECTION: { value: 'anomaly_detection', description: 'Acknowledge something unusual.' },
    UNKNOWN: { value: 'unknown', description: 'A type this gateway does not know yet (see `type`).' },
  } satisfies Record<string, { value: InboxKind; description: string }>,
});
