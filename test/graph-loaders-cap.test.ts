/**
 * The concurrency cap of one operation's upstream reads (`src/loaders/limiter.ts`), through the
 * loader registry over a fake upstream: failed reads give their slot back, waiting reads start in
 * the order they asked, and reads under the cap start at once.
 */
import { describe, expect, it } from 'vitest';
import { createLoaderRegistry } from '../src/loaders/registry.js';
import { projectById } from '../src/loaders/projects.js';
import type { WexaApi } from '../src/wexa/api.js';
import type { Project } from '../src/wexa/model.js';

const BY_ID = { listReadMinIds: 0, listReadMaxItems: 0, maxScanItems: 100 };

/** A fake upstream whose project reads fail for ids starting with `bad`, each after one turn of the event loop. */
function fakeApi() {
  const started: string[] = [];
  let inFlight = 0;
  const stats = { maxInFlight: 0 };
  const api = {
    projects: {
      get: async (id: string): Promise<Project> => {
        started.push(id);
        inFlight += 1;
        stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight -= 1;
        if (id.startsWith('bad')) throw new Error(`no project ${id}`);
        return { id, name: id } as Project;
      },
    },
  } as unknown as WexaApi;
  return { api, started, stats };
}

describe('the concurrency cap of an operation', () => {
  it('gives a failed read its slot back, and starts waiting reads in the order they asked', async () => {
    const { api, started, stats } = fakeApi();
    const loaders = createLoaderRegistry(api, { loaderConcurrency: 2, ...BY_ID });
    const ids = ['bad1', 'bad2', 'bad3', 'p1', 'p2', 'p3'];
    const results = await Promise.allSettled(ids.map((id) => loaders.get(projectById).load(id)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(results.slice(3).map((r) => (r as PromiseFulfilledResult<Project>).value.id)).toEqual(['p1', 'p2', 'p3']);
    expect(started).toEqual(ids);
    expect(stats.maxInFlight).toBe(2);
  });

  it('takes a read that answers without a promise, and keeps its slot count right', async () => {
    const api = { projects: { get: (id: string) => ({ id, name: id }) as unknown as Promise<Project> } } as unknown as WexaApi;
    const loaders = createLoaderRegistry(api, { loaderConcurrency: 1, ...BY_ID });
    const projects = await Promise.all(['p1', 'p2', 'p3'].map((id) => loaders.get(projectById).load(id)));
    expect(projects.map((p) => p.id)).toEqual(['p1', 'p2', 'p3']);
  });

  it('starts reads under the cap at once, all in parallel', async () => {
    const { api, stats } = fakeApi();
    const loaders = createLoaderRegistry(api, { loaderConcurrency: 64, ...BY_ID });
    const ids = Array.from({ length: 20 }, (_, i) => `p${i}`);
    const projects = await Promise.all(ids.map((id) => loaders.get(projectById).load(id)));
    expect(projects.map((p) => p.id)).toEqual(ids);
    expect(stats.maxInFlight).toBe(20);
  });
});
