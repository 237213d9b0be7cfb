/**
 * The few wire shapes tests read straight from the simulator to compute exact upstream call counts
 * from the seed (see docs/simulator.md).
 */

/** A list answer: `{ data, total }`. */
export interface WireList<T> {
  data: T[];
  total: number;
}

/** An execution as the executions list returns it. */
export interface WireExecution {
  execution_id: string;
  agentflow_id: string;
  task_id: string | null;
}

/** A task with its execution ids and embedded execution summaries. */
export interface WireTask {
  _id: string;
  execution_ids: string[];
  executions: WireExecution[];
}
