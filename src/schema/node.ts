/**
 * Helpers shared by the `Node` types: composite local ids and the full-execution fallback.
 *
 * A global id must let `node(id:)` refetch its object on its own, so types the upstream addresses
 * through their project (tasks, executions, inbox requests) or their agentflow (agents) carry that
 * parent in their local id: `<parentId>:<ownId>`, which the Relay plugin then base64-encodes with
 * the type name.
 */
import type { GraphContext } from '../context.js';
import { BadUserInputError } from '../errors.js';
import type { Execution } from '../wexa/model.js';

/** A `<parentId>:<ownId>` local id, split. */
export interface CompositeId {
  parentId: string;
  id: string;
}

/** Joins a composite local id. */
export const joinId = (parentId: string, id: string): string => `${parentId}:${id}`;

/** Splits a composite local id, or throws `BAD_USER_INPUT`. */
export function splitId(typename: string, localId: string): CompositeId {
  const at = localId.indexOf(':');
  const parentId = localId.slice(0, at);
  const id = localId.slice(at + 1);
  if (at <= 0 || id === '' || id.includes(':')) {
    throw new BadUserInputError(`Invalid global id for ${typename}.`);
  }
  return { parentId, id };
}

/**
 * The full execution behind `execution`: itself when complete, else (a summary embedded in a task)
 * loaded through the execution loader. Only fields a summary lacks call this.
 */
export async function fullExecution(ctx: GraphContext, execution: Execution): Promise<Execution> {
  if (execution.complete) return execution;
  return ctx.loaders.execution.load({ projectId: execution.projectId, id: execution.id });
}

/**
 * Resolves to null instead of failing when the upstream says the resource does not exist. Links
 * from one resource to another (an inbox request to its agentflow, an execution to its task) use it:
 * a stale reference is normal upstream data, not an error of the query.
 */
export async function orNullIfMissing<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}
