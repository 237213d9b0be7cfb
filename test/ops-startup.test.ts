/**
 * Start-up as an operator meets it: `src/main.ts` in a child process with a bad environment ends
 * with exit code 1 and one message that names the variable, the bad value and what to set, without
 * a stack trace; a good production environment starts and answers.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer, type Server } from 'node:net';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSimulator, type TestSimulator } from './utils/simulator.js';

const MAIN = process.env.WEXA_GRAPH_DIST ? 'dist/main.js' : 'src/main.ts';
const RUNNER = process.env.WEXA_GRAPH_DIST ? [process.execPath, MAIN] : [process.execPath, '--import', 'tsx', MAIN];

interface Run {
  code: number | null;
  output: string;
}

/** Where the started gateways keep their saved dashboards and secret (never the checkout's `./data`). */
const dataDir = mkdtempSync(path.join(tmpdir(), 'wexa-graph-startup-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs main with `env` until it exits, or until `until` appears in its output (then stops it). */
function runMain(env: Record<string, string>, until?: RegExp): Promise<Run & { stop?: () => Promise<Run> }> {
  const child = spawn(RUNNER[0]!, RUNNER.slice(1), {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = once(child, 'exit').then(([code]) => ({ code: code as number | null, output }));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`main did not exit or print ${String(until)} in time:\n${output}`));
    }, 45_000);
    void exited.then((run) => {
      clearTimeout(timer);
      resolve(run);
    });
    if (until) {
      const check = () => {
        if (until.test(output)) {
          clearTimeout(timer);
          child.stdout.off('data', check);
          resolve({
            code: null,
            output,
            stop: async () => {
              child.kill('SIGTERM');
              return exited;
            },
          });
        }
      };
      child.stdout.on('data', check);
    }
  });
}

function expectCleanFailure(run: Run, variable: string, value?: string): void {
  expect(run.code).toBe(1);
  expect(run.output).toContain(variable);
  if (value !== undefined) expect(run.output).toContain(value);
  expect(run.output).not.toMatch(/^\s+at /m);
  expect(run.output).not.toContain('Internal error emitted');
}

describe('start-up errors', { timeout: 60_000 }, () => {
  let blocker: Server;
  let busyPort: number;
  let sim: TestSimulator;

  beforeAll(async () => {
    blocker = createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    busyPort = (blocker.address() as { port: number }).port;
    sim = await startTestSimulator();
  });
  afterAll(async () => {
    blocker.close();
    await sim.close();
  });

  it('names WEXA_API_URL and shows an example when it is not a URL', async () => {
    const run = await runMain({ WEXA_API_URL: 'notaurl' });
    expectCleanFailure(run, 'WEXA_API_URL', 'notaurl');
    expect(run.output).toContain('https://api.wexa.ai');
  });

  it('names PORT when it is not a number', async () => {
    const run = await runMain({ PORT: 'abc', WEXA_API_URL: sim.url });
    expectCleanFailure(run, 'PORT', 'abc');
    expect(run.output).not.toContain('NaN');
  });

  it('says which port is in use and to set PORT', async () => {
    const run = await runMain({ PORT: String(busyPort), WEXA_API_URL: sim.url });
    expectCleanFailure(run, 'PORT');
    expect(run.output).toContain(`port ${busyPort} is in use`);
  });

  it('refuses to start in production without WEXA_API_URL', async () => {
    const run = await runMain({ NODE_ENV: 'production', PORT: '0' });
    expectCleanFailure(run, 'WEXA_API_URL');
    expect(run.output).toContain('NODE_ENV=production');
  });

  it('never echoes a REDIS_URL password', async () => {
    const run = await runMain({ WEXA_API_URL: sim.url, PORT: 'x', REDIS_URL: 'redis://:hunter2-secret@127.0.0.1:6379' });
    expectCleanFailure(run, 'PORT');
    expect(run.output).not.toContain('hunter2-secret');
  });

  it('starts in production on all interfaces, without GraphiQL or introspection, and stops on SIGTERM', async () => {
    const started = await runMain({ NODE_ENV: 'production', PORT: '0', HOST: '0.0.0.0', WEXA_API_URL: sim.url }, /listening: (\S+)/);
    const url = /listening: (http:\/\/\S+)/.exec(started.output)![1]!.replace('0.0.0.0', '127.0.0.1');
    expect(started.output).toContain('(production)');
    expect(started.output).not.toContain('GraphiQL');
    const page = await fetch(url, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type') ?? '').not.toContain('text/html');
    await page.arrayBuffer();
    const introspection = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }),
    });
    const body = (await introspection.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const stopped = await started.stop!();
    expect(stopped.code).toBe(0);
    expect(stopped.output).toContain('SIGTERM: shutting down');
  });
});
