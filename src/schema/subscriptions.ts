/**
 * `Subscription`: live execution and task updates (graphql-ws over WebSocket, or GraphQL over SSE).
 * The work is done by `src/live/`: this file only opens the caller's stream and turns its events
 * into field values (or into the error that ends it, with its `extensions.code`). The helpers here
 * serve every subscription; `Subscription.inboxRequests` is with its domain, in `inbox/node.ts`.
 */
import { GatewayError, toGraphQLError } from '../errors.js';
import type { GraphContext } from '../context.js';
import type { LiveEvent, Subscriber } from '../live/index.js';
import { builder } from './builder.js';
import { ExecutionRef, TaskRef } from './refs.js';

/**
 * Starts a stream, turning an expected failure (the first read was refused, the id is unknown…) into a
 * GraphQL error with the same message and extensions. Yoga then treats it as a result, not a crash:
 * SSE answers 200 with the error as the first event, as graphql-ws sends it as the first message.
 */
export async function stream<T>(start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if (error instanceof GatewayError) throw toGraphQLError(error);
    throw error;
  }
}

/**
 * The value of one event, or the error that ends the stream. The operation's loaders are renewed
 * first (`ctx.fresh()`): what the event's fields read shows the state at this event, not at the first.
 */
export function valueOf<T>(event: LiveEvent<T>, ctx: GraphContext): T {
  ctx.fresh();
  if ('error' in event) throw event.error;
  return event.value;
}

/** Who subscribes: the operation's caller (UNAUTHENTICATED without one) and its API for the first read. */
export function subscriber(ctx: GraphContext): Subscriber {
  return { caller: ctx.requireCaller(), wexa: ctx.wexa };
}

builder.subscriptionType({
  description:
    'Live updates, over graphql-ws (WebSocket on /graphql) or GraphQL over SSE. The key goes in `x-api-key` ' +
    "(for WebSockets also accepted in connection_init's payload). A stream that cannot go on ends with an error " +
    'carrying `extensions.code` (NOT_FOUND, FORBIDDEN, UNAUTHENTICATED, UPSTREAM_UNAVAILABLE, RATE_LIMITED, …).',
});

builder.subscriptionField('executionUpdated', (t) =>
  t.field({
    type: ExecutionRef,
    description:
      "The execution's current state first, then one event per change a client can see (status, a new agent " +
      'output, the conclusion, the end time, an error). Completes after a terminal state (completed, failed, cancelled).',
    args: {
      projectId: t.arg.id({ required: true, description: 'The Wexa project id.' }),
      id: t.arg.id({ required: true, description: 'The execution UUID.' }),
    },
    subscribe: (_root, args, ctx) => stream(() => ctx.live.executionUpdates(subscriber(ctx), args.projectId, args.id)),
    resolve: (event: LiveEvent<unknown>, _args, ctx) => valueOf(event as LiveEvent<never>, ctx),
  }),
);

builder.subscriptionField('taskUpdated', (t) =>
  t.field({
    type: TaskRef,
    description:
      "The task's current state first, then one event per change (its status, its executions and their statuses). " +
      'Completes after a terminal state (completed, failed, cancelled, stopped).',
    args: {
      projectId: t.arg.id({ required: true, description: 'The Wexa project id.' }),
      id: t.arg.id({ required: true, description: 'The Wexa task id.' }),
    },
    subscribe: (_root, args, ctx) => stream(() => ctx.live.taskUpdates(subscriber(ctx), args.projectId, args.id)),
    resolve: (event: LiveEvent<unknown>, _args, ctx) => valueOf(event as LiveEvent<never>, ctx),
  }),
);

builder.subscriptionField('projectExecutions', (t) =>
  t.field({
    type: ExecutionRef,
    description:
      "Every execution of the project (among its 50 newest) whose visible state changes, and every new one, as it happens. " +
      'There is no initial burst: the state at subscription time is the baseline, and only later changes are sent ' +
      '(query `project { executions }` for the current list). Never completes by itself.',
    args: { projectId: t.arg.id({ required: true, description: 'The Wexa project id.' }) },
    subscribe: (_root, args, ctx) => stream(() => ctx.live.projectExecutions(subscriber(ctx), args.projectId)),
    resolve: (event: LiveEvent<unknown>, _args, ctx) => valueOf(event as LiveEvent<never>, ctx),
  }),
);
