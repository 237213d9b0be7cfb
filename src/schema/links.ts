/**
 * Links from one node to another: the `project`, `agentflow`, `connector` and `execution` fields
 * many types have, each read through its by-id loader.
 *
 * A link resolves to null instead of failing when the upstream says the resource does not exist
 * ({@link orNullIfMissing}): a stale reference (an inbox request to a deleted agentflow, an
 * execution to its task) is normal upstream data, not an error of the query.
 */
import type { GraphContext } from '../context.js';
import { agentflowById, agentflowInProject } from '../loaders/agentflows.js';
import type { ScopedKey } from '../loaders/batch.js';
import { connectorById } from '../loaders/connectors.js';
import { executionById } from '../loaders/executions.js';
import { projectById } from '../loaders/projects.js';
import type { LoaderDef } from '../loaders/registry.js';
import type { ObjectFields } from './fields.js';
import { AgentflowRef, ConnectorRef, ExecutionRef, ProjectRef } from './refs.js';

/** `read`, or null when it fails with NOT_FOUND. */
export function orNullIfMissing<T>(read: Promise<T>): Promise<T | null> {
  // One derived promise (no async frame): this runs once per link of every item of a list.
  return read.catch((error: unknown) => {
    if (error instanceof Error && 'code' in error && error.code === 'NOT_FOUND') return null;
    throw error;
  });
}

/** A resolver that reads the key `keyOf` gives through `def`: null when there is none or it is gone. */
function linkTo<P, K, T>(def: LoaderDef<K, T>, keyOf: (p: P) => K | null) {
  return (p: P, _args: unknown, ctx: GraphContext): Promise<T | null> | null => {
    const key = keyOf(p);
    return key === null ? null : orNullIfMissing(ctx.loaders.get(def).load(key));
  };
}

/** `project: Project!` of an object that always names its project. */
export function projectLink<P extends { projectId: string }>(t: ObjectFields<P>) {
  return t.field({ type: ProjectRef, resolve: (p, _args, ctx) => ctx.loaders.get(projectById).load(p.projectId) });
}

/**
 * `project: Project` of an object whose project may be unknown (null). A project the upstream says
 * is gone is null too, unless `ifGone` is `'error'` (then the NOT_FOUND error is the field's).
 */
export function optionalProjectLink<P extends { projectId: string | null }>(t: ObjectFields<P>, ifGone: 'null' | 'error' = 'null') {
  const orNull = linkTo(projectById, (p: P) => p.projectId);
  return t.field({
    type: ProjectRef,
    nullable: true,
    resolve:
      ifGone === 'null' ? orNull : (p, _args, ctx) => (p.projectId === null ? null : ctx.loaders.get(projectById).load(p.projectId)),
  });
}

/** `agentflow: Agentflow` of an object that may name one (`idOf`). */
export function agentflowLink<P>(t: ObjectFields<P>, idOf: (p: P) => string | null, description?: string) {
  return t.field({ type: AgentflowRef, nullable: true, description, resolve: linkTo(agentflowById, idOf) });
}

/**
 * `agentflow: Agentflow` of an object that names its project and may name an agentflow (`keyOf`):
 * several agentflows of one project asked at once cost one read of the project's list.
 */
export function projectAgentflowLink<P>(t: ObjectFields<P>, keyOf: (p: P) => ScopedKey | null, description?: string) {
  return t.field({ type: AgentflowRef, nullable: true, description, resolve: linkTo(agentflowInProject, keyOf) });
}

/** `connector: Connector` of an object that may name one (`idOf`). */
export function connectorLink<P>(t: ObjectFields<P>, idOf: (p: P) => string | null) {
  return t.field({ type: ConnectorRef, nullable: true, resolve: linkTo(connectorById, idOf) });
}

/** `execution: Execution` of an object that may name one (`keyOf`: its project and UUID). */
export function executionLink<P>(t: ObjectFields<P>, keyOf: (p: P) => ScopedKey | null) {
  return t.field({ type: ExecutionRef, nullable: true, resolve: linkTo(executionById, keyOf) });
}
