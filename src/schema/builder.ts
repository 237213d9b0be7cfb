/**
 * The one Pothos SchemaBuilder of the gateway, with the Relay plugin. Every domain file imports
 * `builder` and registers its types; `index.ts` imports them all and builds the schema.
 */
import SchemaBuilder from '@pothos/core';
import RelayPlugin, { decodeGlobalID as decodeRelayID, encodeGlobalID } from '@pothos/plugin-relay';
import type { GraphContext } from '../context.js';
import { BadUserInputError } from '../errors.js';

/** Names of every type that implements `Node`; a global id naming any other type is bad input. */
export const NODE_TYPES = new Set([
  'Project',
  'Agentflow',
  'Agent',
  'Task',
  'Execution',
  'Dashboard',
  'Connector',
  'InboxRequest',
  'Skill',
  'CoworkerSchedule',
  'SavedDashboard',
]);

/** Decodes a global id, or throws `BAD_USER_INPUT` (never echoing more than the id's length). */
export function decodeGlobalID(globalID: string): { typename: string; id: string } {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeRelayID(globalID);
  } catch {
    throw new BadUserInputError(`Invalid global id (${globalID.length} characters): not an id this API issued.`);
  }
  if (!NODE_TYPES.has(decoded.typename)) {
    throw new BadUserInputError(`Invalid global id: no node type ${JSON.stringify(decoded.typename.slice(0, 40))}.`);
  }
  return decoded;
}

/** Pothos' view of our types. */
export interface SchemaTypes {
  Context: GraphContext;
  Scalars: {
    ID: { Input: string; Output: string };
    DateTime: { Input: string; Output: string };
    JSON: { Input: unknown; Output: unknown };
  };
  /** Every connection may carry the upstream's total, or null when it cannot tell. */
  Connection: { totalCount: number | null };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}

/** The schema builder. */
export const builder = new SchemaBuilder<SchemaTypes>({
  plugins: [RelayPlugin],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    nodesOnConnection: true,
    encodeGlobalID: (typename, id) => encodeGlobalID(typename, String(id)),
    decodeGlobalID: (globalID) => decodeGlobalID(globalID),
  },
});

/** The resolved Pothos types of {@link builder}, for helpers that take field or arg builders. */
export type BuilderTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

builder.queryType({ description: 'The Wexa graph: projects, agentflows, tasks, executions and what links them.' });
builder.mutationType({ description: 'Changes to Wexa resources. Expected failures carry `extensions.code`.' });

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    nullable: true,
    description: 'The number of items across all pages, when the upstream tells it; else null.',
    resolve: (parent) => parent.totalCount,
  }),
);
