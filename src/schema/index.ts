/**
 * The gateway's GraphQL schema: imports every domain (each registers its types on the one builder)
 * and builds it.
 *
 * A domain is a file, or a folder once it outgrows one: `project/` (every field of `Project`),
 * `agentflow.ts`, `agent.ts`, `task.ts`, `execution.ts`, `inbox/`, `schedule.ts`, `skill.ts`,
 * `connector.ts`, `files.ts`, `dashboard.ts`, `saved-dashboard.ts`, `marketplace.ts`, `viewer.ts`.
 * Every field of a type is defined in that type's domain. Shared pieces: `builder.ts`, `refs.ts`
 * (object refs, so domains link without import cycles), `enums.ts`, `scalars.ts`, `connections.ts`,
 * `fields.ts` / `links.ts` / `inputs.ts` (field, link and input helpers), `subscriptions.ts`,
 * `directives.ts` (`@defer` and `@stream`).
 */
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder.js';
import { withIncrementalDirectives } from './directives.js';
import './scalars.js';
import './enums.js';
import './user.js';
import './connections.js';
import './project/node.js';
import './project/lists.js';
import './project/data.js';
import './project/tables.js';
import './project/mutations.js';
import './agentflow.js';
import './agent.js';
import './skill.js';
import './schedule.js';
import './viewer.js';
import './files.js';
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
  built ??= withIncrementalDirectives(builder.toSchema({ sortSchema: true }));
  return built;
}

/** The schema as SDL, sorted, exactly as committed in `schema.graphql`. */
export function schemaSDL(): string {
  return `${printSchema(lexicographicSortSchema(buildSchema()))}\n`;
}
