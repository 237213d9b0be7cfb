/**
 * `Task`: the unit of work an execution belongs to, `Query.task`, and the task mutations (pause,
 * resume, stop), which hand the task they answered to `ctx.changed.task`.
 */
import type { GraphContext } from '../context.js';
import { EXECUTION_STATUSES, type Execution, type ExecutionNode, type ExecutionStatus, type Task } from '../wexa/model.js';
import { builder } from './builder.js';
import { ExecutionStatusEnum, TaskStatusEnum } from './enums.js';
import { OBJECT_ID, wexaIdField } from './fields.js';
import { projectLink } from './links.js';
import { joinId, splitId } from './node.js';
import { ExecutionRef, TaskRef } from './refs.js';
import { UserRef } from './user.js';
import { executionById } from '../loaders/executions.js';
import { taskById } from '../loaders/tasks.js';

/** A node of a task's execution tree, with its task (whose summaries resolve `execution`). */
interface TreeNode {
  node: ExecutionNode;
  task: Task;
}

/** The task's execution with this id: its embedded summary when present, else the full one. */
function executionOf(task: Task, executionId: string, ctx: GraphContext): Execution | Promise<Execution> {
  return (
    task.executions.find((e) => e.id === executionId) ??
    ctx.loaders.get(executionById).load({ projectId: task.projectId, id: executionId })
  );
}

const ExecutionTreeNodeRef = builder.objectRef<TreeNode>('ExecutionTreeNode');
ExecutionTreeNodeRef.implement({
  description: "A node of a task's execution tree: an execution and the ones it spawned.",
  fields: (t) => ({
    wexaId: t.string({ nullable: true, resolve: (n) => n.node.id }),
    type: t.string({ nullable: true, resolve: (n) => n.node.type }),
    executionId: t.string({ description: 'The execution UUID.', resolve: (n) => n.node.executionId }),
    execution: t.field({ type: ExecutionRef, resolve: (n, _args, ctx) => executionOf(n.task, n.node.executionId, ctx) }),
    children: t.field({
      type: [ExecutionTreeNodeRef],
      resolve: (n) => n.node.children.map((node) => ({ node, task: n.task })),
    }),
  }),
});

interface StatusCount {
  status: ExecutionStatus;
  count: number;
}

const StatusCountRef = builder.objectRef<StatusCount>('ExecutionStatusCount').implement({
  fields: (t) => ({
    status: t.expose('status', { type: ExecutionStatusEnum }),
    count: t.exposeInt('count'),
  }),
});

/**
 * Task fields that need only the task's id and its project's id: `id` and `wexaId` are those ids, and
 * `project` reads the project by its id. The other fields (`executions` included: its ids come from
 * the task) need the task itself.
 */
export const TASK_ID_ONLY_FIELDS: ReadonlySet<string> = new Set(['id', 'wexaId', 'project']);

/** A task known by its ids only; resolvers of its other fields are never reached (see TASK_ID_ONLY_FIELDS). */
export const taskStub = (projectId: string, id: string): Task => ({ id, projectId }) as Task;

builder.node(TaskRef, {
  id: { resolve: (task) => joinId(task.projectId, task.id), parse: (id) => splitId('Task', id) },
  loadOne: ({ parentId, id }, ctx: GraphContext) => ctx.loaders.get(taskById).load({ projectId: parentId, id }),
  description: 'A task: created by starting an agentflow, it groups the executions that serve one goal.',
  fields: (t) => ({
    wexaId: wexaIdField(t, OBJECT_ID),
    name: t.exposeString('name', { nullable: true }),
    status: t.expose('status', { type: TaskStatusEnum }),
    statusRaw: t.exposeString('statusRaw', { description: 'The status exactly as the upstream sent it.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true }),
    createdBy: t.field({
      type: UserRef,
      nullable: true,
      resolve: (task) => task.createdBy,
    }),
    project: projectLink(t),
    executions: t.field({
      type: [ExecutionRef],
      description:
        "The task's executions, in the task's order. A task embeds them (not paged upstream), so this is a plain list; " +
        'summary fields come from the task itself and only other fields load the full execution.',
      resolve: (task, _args, ctx) => task.executionIds.map((id) => executionOf(task, id, ctx)),
    }),
    executionTree: t.field({
      type: [ExecutionTreeNodeRef],
      resolve: (task) => task.executionTree.map((node) => ({ node, task })),
    }),
    executionStatusCounts: t.field({
      type: [StatusCountRef],
      description: 'How many of its executions are in each status (statuses with none are left out).',
      resolve: (task) =>
        EXECUTION_STATUSES.flatMap((status) => {
          const count = task.executionStatusCounts[status];
          return count ? [{ status, count }] : [];
        }),
    }),
  }),
});

builder.queryField('task', (t) =>
  t.field({
    type: TaskRef,
    nullable: true,
    args: {
      projectId: t.arg.id({ required: true, description: 'The Wexa project id.' }),
      id: t.arg.id({ required: true, description: 'The Wexa task id.' }),
    },
    resolve: (_root, args, ctx) => ctx.loaders.get(taskById).load({ projectId: args.projectId, id: args.id }),
  }),
);

for (const [name, action, description] of [
  ['pauseTask', 'pause', "Pauses a task's ready and running executions."],
  ['resumeTask', 'resume', "Resumes a task's paused executions."],
  ['stopTask', 'stop', "Stops a task: cancels every execution of it that has not ended."],
] as const) {
  builder.relayMutationField(
    name,
    {
      description,
      inputFields: (t) => ({ projectId: t.id({ required: true }), taskId: t.id({ required: true }) }),
    },
    {
      description,
      resolve: async (_root, { input }, ctx) => {
        const task: Task = await ctx.wexa.tasks[action](input.projectId, input.taskId);
        ctx.changed.task(task);
        return { task };
      },
    },
    { outputFields: (t) => ({ task: t.field({ type: TaskRef, resolve: (p) => p.task }) }) },
  );
}
