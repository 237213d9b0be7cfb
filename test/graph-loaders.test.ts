/**
 * Unit tests of the per-request loaders over a fake upstream (pure logic: no server): the
 * concurrency cap, de-duplication, priming from lists, and scanning lists the upstream pages.
 */
import { describe, expect, it } from 'vitest';
import { anExecution } from './utils/model.js';
import { executionById, executionScan } from '../src/loaders/executions.js';
import { createLoaderRegistry } from '../src/loaders/registry.js';
import { taskById, taskPage } from '../src/loaders/tasks.js';
import type { WexaApi } from '../src/wexa/api.js';
import type { Execution, Page, Task } from '../src/wexa/model.js';

const task = (id: string): Task => ({
  id,
  projectId: 'p',
  name: id,
  status: 'completed',
  statusRaw: 'completed',
  createdBy: null,
  createdAt: null,
  updatedAt: null,
  executionIds: [],
  executionTree: [],
  executions: [],
  executionStatusCounts: {},
  extra: {},
});

const execution = (id: string, complete = true): Execution =>
  anExecution({ id, objectId: null, complete, taskId: null, status: 'completed', statusRaw: 'completed', goal: null, createdAt: null });

/** A fake upstream that records calls and the most requests it ever had in flight. */
function fakeApi(options: { executions?: Execution[]; pageCap?: number } = {}) {
  const calls: string[] = [];
  let inFlight = 0;
  const stats = { maxInFlight: 0 };
  const slow = async <T>(name: string, value: T): Promise<T> => {
    calls.push(name);
    inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    inFlight -= 1;
    return value;
  };
  const all = options.executions ?? [];
  const api = {
    tasks: {
      get: (_projectId: string, id: string) => slow(`task ${id}`, task(id)),
      list: (_projectId: string, params: { skip?: number; limit?: number } = {}) =>
        slow<Page<Task>>(`tasks ${params.skip}/${params.limit}`, { items: [task('t1'), task('t2')], total: 2 }),
    },
    executions: {
      get: (_projectId: string, id: string) => slow(`execution ${id}`, execution(id)),
      list: (_projectId: string, params: { skip?: number; limit?: number } = {}) => {
        const skip = params.skip ?? 0;
        const limit = Math.min(params.limit ?? 20, options.pageCap ?? Infinity);
        return slow<Page<Execution>>(`executions ${skip}/${params.limit}`, { items: all.slice(skip, skip + limit), total: all.length });
      },
    },
  } as unknown as WexaApi;
  return { api, calls, stats };
}

/** Loader settings that never choose a list read over by-id reads. */
const BY_ID = { listReadMinIds: 0, listReadMaxItems: 0 };

describe('the loader registry', () => {
  it('fetches a batch in parallel, never more than loaderConcurrency at once', async () => {
    const { api, calls, stats } = fakeApi();
    const loaders = createLoaderRegistry(api, { loaderConcurrency: 3, maxScanItems: 100, ...BY_ID });
    const ids = Array.from({ length: 10 }, (_, i) => `t${i}`);
    const tasks = await Promise.all(ids.map((id) => loaders.get(taskById).load({ projectId: 'p', id })));
    expect(tasks.map((t) => t.id)).toEqual(ids);
    expect(calls).toHaveLength(10);
    expect(stats.maxInFlight).toBe(3);
  });

  it('fetches a resource once however often it is asked for', async () => {
    const { api, calls } = fakeApi();
    const loaders = createLoaderRegistry(api, { loaderConcurrency: 16, maxScanItems: 100, ...BY_ID });
    await Promise.all([1, 2, 3].map(() => loaders.get(taskById).load({ projectId: 'p', id: 'a' })));
    await loaders.get(taskById).load({ projectId: 'p', id: 'a' });
    expect(calls).toEqual(['task a']);
  });

  it('primes by-id loaders from list results', async () => {
    const { api, calls } = fakeApi({ executions: [execution('e1'), execution('e2', false)] });
    const loaders = createLoaderRegistry(api, { loaderConcurrency: 16, maxScanItems: 100, ...BY_ID });
    await loaders.get(taskPage).load({ projectId: 'p', skip: 0, limit: 10 });
    await loaders.get(taskById).load({ projectId: 'p', id: 't2' });
    await loaders.get(executionScan).load('p');
    await loaders.get(executionById).load({ projectId: 'p', id: 'e1' });
    // A summary (complete: false) does not stand in for the full execution.
    await loaders.get(executionById).load({ projectId: 'p', id: 'e2' });
    expect(calls).toEqual(['tasks 0/10', 'executions 0/100', 'execution e2']);
  });

  it('keeps what a list primes into a loader nobody built yet, until it is built', async () => {
    const { api, calls } = fakeApi();
    const loaders = createLoaderRegistry(api, { loaderConcurrency: 16, maxScanItems: 100, ...BY_ID });
    await loaders.get(taskPage).load({ projectId: 'p', skip: 0, limit: 10 });
    expect(await loaders.get(taskById).load({ projectId: 'p', id: 't1' })).toMatchObject({ id: 't1' });
    expect(calls).toEqual(['tasks 0/10']);
  });

  it('forgets every loader and every waiting item on reset (a subscription event starts fresh)', async () => {
    const { api, calls } = fakeApi();
    const loaders = createLoaderRegistry(api, { loaderConcurrency: 16, maxScanItems: 100, ...BY_ID });
    await loaders.get(taskById).load({ projectId: 'p', id: 'a' });
    await loaders.get(taskPage).load({ projectId: 'p', skip: 0, limit: 10 });
    loaders.reset();
    await loaders.get(taskById).load({ projectId: 'p', id: 'a' });
    await loaders.get(taskById).load({ projectId: 'p', id: 't1' });
    expect(calls).toEqual(['task a', 'tasks 0/10', 'task a', 'task t1']);
  });

  it('scans a list the upstream pages in smaller pieces, up to maxScanItems', async () => {
    const executions = Array.from({ length: 5 }, (_, i) => execution(`e${i}`));
    const whole = fakeApi({ executions, pageCap: 2 });
    const scan = await createLoaderRegistry(whole.api, { loaderConcurrency: 4, maxScanItems: 100, ...BY_ID }).get(executionScan).load('p');
    expect(scan).toEqual({ items: executions, complete: true });
    expect(whole.calls).toEqual(['executions 0/100', 'executions 2/98', 'executions 4/96']);

    const capped = fakeApi({ executions, pageCap: 2 });
    const part = await createLoaderRegistry(capped.api, { loaderConcurrency: 4, maxScanItems: 3, ...BY_ID }).get(executionScan).load('p');
    expect(part.items.map((e) => e.id)).toEqual(['e0', 'e1', 'e2']);
    expect(part.complete).toBe(false);
  });
});
