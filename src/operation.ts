/**
 * `Operation`: one GraphQL operation (or one dashboards REST request, or one scheduled refresh), a
 * plain object made by {@link createOperations}' `start(identity)`:
 *
 * - `caller`: who it acts for (`src/auth/`), or null when the request carried no usable credentials;
 * - `wexa`: the caller's upstream API, every call counted and traced for this operation (`scope`);
 *   without a caller every call fails with UNAUTHENTICATED before anything is sent;
 * - `loaders`: the operation's loader registry (`src/loaders/registry.ts`): every read goes through it;
 * - `fresh()`: new loaders, for a subscription's next event;
 * - `changed`: what a write changed. Each function forgets what the loaders held about it, primes
 *   what the write answered, and tells the live layer, so the rest of the operation and every
 *   subscriber see the change at once. Mutations call these and never touch loaders or live by hand.
 */
import type { Caller } from './auth/caller.js';
import type { Identity } from './auth/index.js';
import type { Config } from './config.js';
import { GatewayError, UnauthenticatedError } from './errors.js';
import type { Live } from './live/index.js';
import { executionById } from './loaders/executions.js';
import { inboxList, inboxRequestById } from './loaders/inbox.js';
import { createLoaderRegistry, type LoaderRegistry } from './loaders/registry.js';
import { taskById } from './loaders/tasks.js';
import { newOperationScope, type OperationScope } from './observability/operations.js';
import type { WexaApi } from './wexa/api.js';
import { failingApi } from './wexa/client.js';
import type { Execution, InboxRequest, Task } from './wexa/model.js';

/** What a write changed; see the file comment. */
export interface Changes {
  /**
   * A write changed this execution (started, paused, resumed, cancelled): forgets it, reads it again,
   * tells the live layer about it and about its task. Resolves to the execution as it is now.
   */
  execution(projectId: string, executionId: string): Promise<Execution>;
  /** A write answered with this task (paused, resumed, stopped): remembers it, forgets its executions, tells the live layer about all of them. */
  task(task: Task): void;
  /**
   * A write answered this inbox request: forgets it and its project's inbox, then does what
   * `execution()` does for the execution it belongs to. Resolves to both as they are now (the
   * execution null when it no longer exists).
   */
  inboxRequest(projectId: string, requestId: string, executionId: string): Promise<{ inboxRequest: InboxRequest; execution: Execution | null }>;
}

export interface Operation {
  /** Who the operation acts for; null without usable credentials. */
  readonly caller: Caller | null;
  /** Why credentials that were presented were refused (null when none were presented or they were accepted). */
  readonly refusal: GatewayError | null;
  /** The caller's upstream API, counted for this operation. Writes only: reads go through `loaders`. */
  readonly wexa: WexaApi;
  readonly loaders: LoaderRegistry;
  /** This operation as metrics, tracing and the operation log follow it. */
  readonly scope: OperationScope;
  readonly changed: Changes;
  /** The caller, or the UNAUTHENTICATED error (or the refusal) when there is none. */
  requireCaller(): Caller;
  /** Forgets every loader: the next reads are fresh (a subscription calls this before each event). */
  fresh(): void;
}

/** Starts operations. */
export interface Operations {
  /** A new operation of `identity`; `traceparent` is the W3C trace context the request came with, if any. */
  start(identity: Identity, traceparent?: string | null): Operation;
}

/** What operations need: the live layer (told about writes) and the loaders' settings. */
export function createOperations(deps: { live: Pick<Live, 'executionChanged' | 'taskChanged'>; config: Config }): Operations {
  const { live, config } = deps;
  const nobody = failingApi(new UnauthenticatedError(), config);
  return {
    start({ caller, refusal }, traceparent = null) {
      const scope = newOperationScope(traceparent);
      const wexa = caller ? caller.api(scope) : refusal ? failingApi(refusal, config) : nobody;
      const loaders = createLoaderRegistry(wexa, config);

      const execution = async (projectId: string, executionId: string): Promise<Execution> => {
        live.executionChanged(projectId, executionId);
        const key = { projectId, id: executionId };
        const fresh = await loaders.get(executionById).clear(key).load(key);
        if (fresh.taskId !== null) {
          loaders.get(taskById).clear({ projectId, id: fresh.taskId });
          live.taskChanged(projectId, fresh.taskId);
        }
        return fresh;
      };

      return {
        caller,
        refusal,
        wexa,
        loaders,
        scope,
        requireCaller() {
          if (caller) return caller;
          throw refusal ?? new UnauthenticatedError();
        },
        fresh: () => loaders.reset(),
        changed: {
          execution,
          task(task) {
            const key = { projectId: task.projectId, id: task.id };
            loaders.get(taskById).clear(key).prime(key, task);
            const executions = loaders.get(executionById);
            for (const executionId of task.executionIds) {
              executions.clear({ projectId: task.projectId, id: executionId });
              live.executionChanged(task.projectId, executionId);
            }
            live.taskChanged(task.projectId, task.id);
          },
          async inboxRequest(projectId, requestId, executionId) {
            loaders.get(inboxList).clear(projectId);
            const key = { projectId, id: requestId };
            const [inboxRequest, fresh] = await Promise.all([
              loaders.get(inboxRequestById).clear(key).load(key),
              execution(projectId, executionId).catch((error: unknown) => {
                if (error instanceof GatewayError && error.code === 'NOT_FOUND') return null;
                throw error;
              }),
            ]);
            return { inboxRequest, execution: fresh };
          },
        },
      };
    },
  };
}
