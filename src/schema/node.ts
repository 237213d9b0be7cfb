/**
 * Helpers shared by the `Node` types: composite local ids.
 *
 * A global id must let `node(id:)` refetch its object on its own, so types the upstream addresses
 * through their project (tasks, executions, inbox requests) or their agentflow (agents) carry that
 * parent in their local id: `<parentId>:<ownId>`, which the Relay plugin then base64-encodes with
 * the type name.
 */
import { BadUserInputError } from '../errors.js';

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
