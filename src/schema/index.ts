/**
 * The gateway's GraphQL schema: imports every domain file (each registers its types on the one
 * builder) and builds it.
 */
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder.js';
import './scalars.js';
import './enums.js';
import './user.js';
import './connections.js';
import './project.js';
import './agentflow.js';
import './agent.js';
import './skill.js';
import './schedule.js';
import './viewer.js';
import './project-data.js';
import './tables.js';
import './marketplace.js';
import './task.js';
import './execution.js';
import './dashboard.js';
import './connector.js';
import './inbox/node.js';
import './inbox/details.js';
import './inbox/answers.js';
import './saved-dashboard.js';
import './subscriptions.js';

export { builder } from './builder.js';

/** Builds the schema (once per process; the builder cannot be extended afterwards). */
let built: GraphQLSchema | undefined;
export function buildSchema(): GraphQLSchema {
  built ??= builder.toSchema({ sortSchema: true });
  return built;
}

/** The schema as SDL, sorted, exactly as committed in `schema.graphql`. */
export function schemaSDL(): string {
  return `${printSchema(lexicographicSortSchema(buildSchema()))}\n`;
}
