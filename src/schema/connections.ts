/**
 * The shared connection types (one per node type, whatever field returns it) and the forward-paging
 * arguments every list field takes.
 */
import type { ArgBuilder } from '@pothos/core';
import { builder, type BuilderTypes } from './builder.js';
import { AgentflowRef, ConnectorRef, ExecutionRef, InboxRequestRef, ProjectRef, TaskRef } from './refs.js';

export const ProjectConnection = builder.connectionObject({ type: ProjectRef, name: 'ProjectConnection' }, { name: 'ProjectEdge' });
export const AgentflowConnection = builder.connectionObject(
  { type: AgentflowRef, name: 'AgentflowConnection' },
  { name: 'AgentflowEdge' },
);
export const TaskConnection = builder.connectionObject({ type: TaskRef, name: 'TaskConnection' }, { name: 'TaskEdge' });
export const ExecutionConnection = builder.connectionObject(
  { type: ExecutionRef, name: 'ExecutionConnection' },
  { name: 'ExecutionEdge' },
);
export const ConnectorConnection = builder.connectionObject(
  { type: ConnectorRef, name: 'ConnectorConnection' },
  { name: 'ConnectorEdge' },
);
export const InboxRequestConnection = builder.connectionObject(
  { type: InboxRequestRef, name: 'InboxRequestConnection' },
  { name: 'InboxRequestEdge' },
);

/** Forward-paging arguments: `first` (0..maxPageSize, default defaultPageSize) and `after` (a cursor). */
export function pageArgs(t: ArgBuilder<BuilderTypes>) {
  return {
    first: t.int({ required: false, description: 'Page size, from 0 to MAX_PAGE_SIZE (100 unless configured); DEFAULT_PAGE_SIZE (20) when omitted.' }),
    after: t.string({ required: false, description: 'Return items after this cursor (an endCursor or edge cursor).' }),
  };
}
