/**
 * Status enums. Each has an `UNKNOWN` member: the upstream may invent statuses later, and the
 * parsers in `src/wexa/` map anything unrecognised to `unknown` (the raw string stays available).
 */
import {
  CONNECTOR_STATUSES,
  EXECUTION_STATUSES,
  TASK_STATUSES,
  type ConnectorStatus,
  type ExecutionStatus,
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
