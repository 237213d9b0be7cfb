/**
 * The bare baseline of `bench/peers.ts`: plain graphql-yoga with hand-written resolvers and plain
 * `fetch`, no DataLoader, no plugins, no normalisation. It serves only the benchmark's main screen
 * (`TASKS_SCREEN` in bench/peers/screens.ts):
 *
 *   query ($id: ID!) { project(id: $id) { tasks(first: 41) { nodes { executions { agentflow { name } } } } } }
 *
 * so the gap between it and the gateway is what the gateway's own layers cost. It reads the tasks
 * list with the project id it was given (no project read) and reads each agentflow once per request
 * (a per-request map of promises), so it makes the same upstream calls as the gateway at its best.
 *
 *   UPSTREAM_URL=http://127.0.0.1:4010 PORT=0 npx tsx bench/baseline/server.ts
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';

const upstream = process.env.UPSTREAM_URL ?? 'http://127.0.0.1:4010';

interface RawExecution {
  execution_id: string;
  status: string;
  agentflow_id: string | null;
}
interface RawTask {
  _id: string;
  name?: string;
  status: string;
  executions?: RawExecution[];
}
interface RawAgentflow {
  _id: string;
  name: string;
}
interface Context {
  apiKey: string;
  agentflows: Map<string, Promise<RawAgentflow>>;
}

async function get<T>(path: string, apiKey: string): Promise<T> {
  const res = await fetch(`${upstream}${path}`, { headers: { 'x-api-key': apiKey, accept: 'application/json' } });
  if (!res.ok) throw new Error(`upstream answered ${res.status} for ${path.split('?')[0]}`);
  return (await res.json()) as T;
}

const schema = createSchema<Context>({
  typeDefs: /* GraphQL */ `
    type Query { project(id: ID!): Project }
    type Project { id: ID!, tasks(first: Int = 20): TaskConnection! }
    type TaskConnection { nodes: [Task!]! }
    type Task { id: ID!, name: String, status: String!, executions: [Execution!]! }
    type Execution { id: ID!, status: String!, agentflow: Agentflow }
    type Agentflow { id: ID!, name: String }
  `,
  resolvers: {
    Query: { project: (_root: unknown, args: { id: string }) => ({ id: args.id }) },
    Project: {
      tasks: async (project: { id: string }, args: { first: number }, ctx: Context) => {
        const page = await get<{ data: RawTask[] }>(`/tasks/${encodeURIComponent(project.id)}?skip=0&limit=${args.first}`, ctx.apiKey);
        return { nodes: page.data };
      },
    },
    Task: {
      id: (task: RawTask) => task._id,
      executions: (task: RawTask) => task.executions ?? [],
    },
    Execution: {
      id: (e: RawExecution) => e.execution_id,
      agentflow: (e: RawExecution, _args: unknown, ctx: Context) => {
        if (e.agentflow_id === null) return null;
        let read = ctx.agentflows.get(e.agentflow_id);
        if (!read) {
          read = get<RawAgentflow>(`/agentflow/${encodeURIComponent(e.agentflow_id)}`, ctx.apiKey);
          ctx.agentflows.set(e.agentflow_id, read);
        }
        return read;
      },
    },
    Agentflow: { id: (a: RawAgentflow) => a._id },
  },
});

const yoga = createYoga<object, Context>({
  schema,
  graphiql: false,
  landingPage: false,
  logging: false,
  context: ({ request }) => ({ apiKey: request.headers.get('x-api-key') ?? '', agentflows: new Map() }),
});

const server = createServer(yoga);
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`baseline listening: http://127.0.0.1:${port}/graphql`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
