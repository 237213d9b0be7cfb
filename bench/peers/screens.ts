/**
 * The screens `bench/peers.ts` measures, each with its GraphQL document and its "ideal": the same
 * upstream reads made directly, one dependent level after another (each level's reads in parallel),
 * with nothing shaped or shared. `bench/ideal/server.ts` serves every screen's ideal; `bench/queries.ts`
 * counts their upstream calls.
 */

/** Pulse, the simulator's seeded project (93 tasks; the screen lists its first 41). */
export const PROJECT_ID = '67fdea40aac77be632954f13';
/** One of Pulse's tasks, with two executions of one agentflow. */
export const TASK_ID = '6820e61a9c334a115d1b20bb';
export const TASKS_FIRST = 41;

/** A GET against the upstream that resolves with the parsed JSON body (throws on a non-200). */
export type UpstreamGet = (path: string) => Promise<unknown>;

export interface Screen {
  /** A short name, used in tables and by the ideal server to pick the screen. */
  name: string;
  query: string;
  variables: Record<string, string>;
  /** The screen's upstream reads made directly. */
  ideal(get: UpstreamGet): Promise<void>;
}

interface RawTaskPage {
  data: { executions?: { agentflow_id: string | null }[] }[];
}
interface RawTask {
  executions?: { agentflow_id: string | null }[];
}

/** The distinct agentflow ids of some executions. */
const agentflowIds = (executions: { agentflow_id: string | null }[]) =>
  [...new Set(executions.map((e) => e.agentflow_id).filter((id): id is string => id !== null))];

/** The main screen: a project's tasks, their executions and each execution's agentflow name. */
export const TASKS_SCREEN: Screen = {
  name: `${TASKS_FIRST} tasks → executions → agentflow`,
  query: `query ($id: ID!) { project(id: $id) { tasks(first: ${TASKS_FIRST}) { nodes { executions { agentflow { name } } } } } }`,
  variables: { id: PROJECT_ID },
  async ideal(get) {
    const page = (await get(`/tasks/${PROJECT_ID}?skip=0&limit=${TASKS_FIRST}`)) as RawTaskPage;
    await Promise.all(agentflowIds(page.data.flatMap((t) => t.executions ?? [])).map((id) => get(`/agentflow/${id}`)));
  },
};

/** A project's name: one upstream call. */
export const PROJECT_NAME_SCREEN: Screen = {
  name: 'project name',
  query: `query ($id: ID!) { project(id: $id) { name } }`,
  variables: { id: PROJECT_ID },
  async ideal(get) {
    await get(`/v1/project/${PROJECT_ID}`);
  },
};

/** One task, its executions (embedded in the task) and their agentflows. */
export const TASK_SCREEN: Screen = {
  name: 'task → executions → agentflow',
  query: `query ($p: ID!, $t: ID!) { task(id: $t, projectId: $p) { executions { agentflow { name } } } }`,
  variables: { p: PROJECT_ID, t: TASK_ID },
  async ideal(get) {
    const task = (await get(`/task/${TASK_ID}?projectID=${PROJECT_ID}`)) as RawTask;
    await Promise.all(agentflowIds(task.executions ?? []).map((id) => get(`/agentflow/${id}`)));
  },
};

export const SCREENS: readonly Screen[] = [TASKS_SCREEN, PROJECT_NAME_SCREEN, TASK_SCREEN];

/** What the ideal answers for every screen (it makes the calls, it shapes nothing). */
export const IDEAL_ANSWER = '{"data":{}}';

/** The POST body of a screen's query, as every GraphQL server under test receives it. */
export const bodyOf = (screen: Screen): string => JSON.stringify({ query: screen.query, variables: screen.variables });

/** The screen whose POST body this is (the ideal server tells screens apart by their query). */
export function screenOfBody(body: string): Screen | undefined {
  try {
    const { query } = JSON.parse(body) as { query?: unknown };
    return SCREENS.find((s) => s.query === query);
  } catch {
    return undefined;
  }
}
