/**
 * The simulator's control API: fault injection (header and rules), the request log, reset, and
 * close() leaving nothing behind.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSimulator } from '../src/simulator/index.js';
import { startTestSimulator, type TestSimulator } from './utils/simulator.js';

const PULSE = '67fdea40aac77be632954f13';
const TASK = '6805e3a97d3775bffdb87608';

let t: TestSimulator;
function get(path: string, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
  return fetch(t.url + path, { headers: { 'x-api-key': t.demoKey, ...headers }, signal });
}

beforeAll(async () => {
  t = await startTestSimulator();
});
afterEach(() => t.reset());
afterAll(() => t.close());

describe('fault injection', () => {
  it('answers a requested status with Retry-After from the x-sim-fault header', async () => {
    const res = await get(`/task/${TASK}`, { 'x-sim-fault': 'status=503; retry-after=2' });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(await res.json()).toEqual({ detail: expect.any(String) });
    expect((await get(`/task/${TASK}`)).status).toBe(200);
  });

  it('rejects an unknown fault key with 400', async () => {
    expect((await get(`/task/${TASK}`, { 'x-sim-fault': 'explode=1' })).status).toBe(400);
  });

  it('delays a request and then answers it normally', async () => {
    const res = await get(`/task/${TASK}`, { 'x-sim-fault': 'latency=30' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { _id: string })._id).toBe(TASK);
    expect((await t.requests())[0]).toMatchObject({ status: 200, fault: 'latency=30' });
  });

  it('drops the connection without a response', async () => {
    expect.assertions(2);
    await expect(get(`/task/${TASK}`, { 'x-sim-fault': 'drop' })).rejects.toThrow();
    expect((await t.requests())[0]).toMatchObject({ route: '/task/{id}', status: 0, fault: 'drop' });
  });

  it('hangs until the client gives up', async () => {
    expect.assertions(2);
    await expect(get(`/task/${TASK}`, { 'x-sim-fault': 'hang' }, AbortSignal.timeout(100))).rejects.toThrow();
    expect((await t.requests())[0]).toMatchObject({ status: 0, fault: 'hang' });
  });

  it('applies a rule with times to the next N matching requests only', async () => {
    await t.setFaults([{ method: 'GET', path: '/task/{id}', status: 429, retryAfter: 1, times: 2 }]);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await get(`/task/${TASK}`)).status);
    expect(statuses).toEqual([429, 429, 200]);
    expect((await get(`/v1/project`)).status).toBe(200);
  });

  it('applies a rule by path prefix until cleared', async () => {
    await t.setFaults([{ path: '/v1/', status: 500 }]);
    expect((await get('/v1/project')).status).toBe(500);
    expect((await get(`/v1/project/${PULSE}`)).status).toBe(500);
    expect((await get(`/task/${TASK}`)).status).toBe(200);
    await t.clearFaults();
    expect((await get('/v1/project')).status).toBe(200);
  });

  it('faults a seeded share of requests with errorRate, the same on every run', async () => {
    const run = async (): Promise<number[]> => {
      await t.reset();
      await t.setFaults([{ path: '/task/', status: 503, errorRate: 0.5, seed: 7 }]);
      const out: number[] = [];
      for (let i = 0; i < 20; i++) out.push((await get(`/task/${TASK}`)).status);
      return out;
    };
    const first = await run();
    expect(first).toContain(503);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });

  it('validates fault rules', async () => {
    const res = await fetch(`${t.url}/__simulator/faults`, { method: 'POST', body: JSON.stringify({ rules: [{ status: 'x' }] }) });
    expect(res.status).toBe(400);
  });
});

describe('request log', () => {
  it('records method, path, route pattern, status and query, counts by route, and resets', async () => {
    await get(`/task/${TASK}?projectID=${PULSE}`);
    await get(`/task/${TASK}`);
    await get(`/tasks/${PULSE}?limit=2`);
    await fetch(`${t.url}/task/${TASK}`);
    await fetch(`${t.url}/__simulator/config`);
    const log = (await (await fetch(`${t.url}/__simulator/requests`)).json()) as { total: number; requests: unknown[]; counts: Record<string, number> };
    expect(log.total).toBe(4);
    expect(log.counts).toEqual({ 'GET /task/{id}': 3, 'GET /tasks/{projectID}': 1 });
    expect(log.requests[0]).toEqual({ method: 'GET', path: `/task/${TASK}`, route: '/task/{id}', status: 200, at: expect.any(String), query: { projectID: PULSE } });
    expect(log.requests[3]).toMatchObject({ status: 401 });
    await t.resetLog();
    expect(await t.counts()).toEqual({});
  });

  it('never holds or prints key material', async () => {
    const print = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const loud = await startSimulator({ port: 0, stepMs: 0, quiet: false });
    try {
      await fetch(`${loud.url}/task/${TASK}?x-api-key=${loud.keys.demo}&projectID=${PULSE}`, { headers: { 'x-api-key': loud.keys.demo } });
      await fetch(`${loud.url}/task/${TASK}`, { headers: { 'x-api-key': 'wrong-secret-key' } });
      const log = await (await fetch(`${loud.url}/__simulator/requests`)).text();
      expect(log).toContain(PULSE);
      for (const secret of [loud.keys.demo, 'wrong-secret-key']) {
        expect(log).not.toContain(secret);
        expect(JSON.stringify(print.mock.calls)).not.toContain(secret);
      }
      expect(print).toHaveBeenCalled();
    } finally {
      await loud.close();
      print.mockRestore();
    }
  });
});

describe('reset and close', () => {
  it('reset restores the seed state', async () => {
    await fetch(`${t.url}/v1/project/${PULSE}`, { method: 'DELETE', headers: { 'x-api-key': t.demoKey } });
    expect((await get(`/task/${TASK}`)).status).toBe(404);
    await t.reset();
    expect((await get(`/task/${TASK}`)).status).toBe(200);
  });

  it('close() stops listening and ends hanging requests', async () => {
    const sim = await startTestSimulator({ stepMs: 5 });
    const hanging = fetch(`${sim.url}/task/${TASK}`, { headers: { 'x-api-key': sim.demoKey, 'x-sim-fault': 'hang' } });
    await expect.poll(async () => (await sim.requests()).length).toBe(1);
    await sim.close();
    await expect(hanging).rejects.toThrow();
    await expect(fetch(`${sim.url}/v1/project`)).rejects.toThrow();
  });

  it('leaves no handles behind: a process that runs executions, hangs a request and closes exits by itself', async () => {
    const index = fileURLToPath(new URL('../src/simulator/index.ts', import.meta.url));
    const script = `
      const { startSimulator } = await import(${JSON.stringify(index)});
      const sim = await startSimulator({ port: 0, stepMs: 5 });
      const h = { 'x-api-key': sim.keys.demo, 'content-type': 'application/json' };
      const e = await (await fetch(sim.url + '/execute_flow?projectID=${PULSE}', { method: 'POST', headers: h,
        body: JSON.stringify({ agentflow_id: '67fdea9b68df1c3e9580a549', executed_by: '67fdea40aac77be632954f0e', goal: 'g' }) })).json();
      await fetch(sim.url + '/execute_flow/' + e.execution_id + '/execute', { method: 'POST', headers: h });
      fetch(sim.url + '/v1/project', { headers: { ...h, 'x-sim-fault': 'hang' } }).catch(() => {});
      fetch(sim.url + '/v1/project', { headers: { ...h, 'x-sim-fault': 'latency=60000' } }).catch(() => {});
      await new Promise((r) => setTimeout(r, 50));
      await sim.close();
      console.log('closed');
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    clearTimeout(killer);
    expect(out).toContain('closed');
    expect(code).toBe(0);
  });
});
