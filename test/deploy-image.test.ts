/**
 * The container image, run: two gateway containers of the image built by scripts/build-image.sh
 * (podman, `--network host`, read-only root filesystem, GATEWAY_SECRET read from a mounted secret
 * file as in deploy/compose.yaml) over the host's Redis and PostgreSQL and a simulator in this
 * process. A subscription through the first container sees the execution move; the first container
 * is stopped (SIGTERM to node as PID 1: the WebSocket closes with 1001, the process exits 0 within
 * the drain), and a client reconnecting to the second container goes on receiving the same
 * execution's events to its end. The container runs as uid 1000, cannot write outside /data, and the
 * image's HEALTHCHECK passes.
 *
 * Needs podman (and, for the first build, runc and debootstrap: see scripts/build-image.sh); skipped
 * with the reason printed where podman is not installed. The image is built once per run (minutes
 * the first time, seconds when podman's layer cache has it).
 */
import { execFile, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PULSE } from './utils/ids.js';
import { startTestSimulator, type TestSimulator } from './utils/simulator.js';
import {
  createReadyExecution,
  EXECUTION_UPDATED,
  executionState as state,
  subscribe,
  wireState,
  wsClient,
} from './utils/subscriptions.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const IMAGE = process.env.WEXA_GRAPH_IMAGE ?? 'localhost/wexa-graph:test';
const WORK_DIR = process.env.WEXA_IMAGE_WORK_DIR ?? '/var/tmp/wexa-graph-image';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const podmanAvailable = spawnSync('podman', ['--version']).status === 0;
if (!podmanAvailable) console.log('deploy-image: skipped: podman is not installed (apt-get install -y podman runc debootstrap)');

/** Podman as scripts/build-image.sh runs it here: runc, cgroupfs, no default ulimits. */
const env = { ...process.env, CONTAINERS_CONF: process.env.CONTAINERS_CONF ?? join(WORK_DIR, 'containers.conf'), WEXA_IMAGE_WORK_DIR: WORK_DIR };
function podman(args: string[], timeout = 120_000): SpawnSyncReturns<string> {
  return spawnSync('podman', ['--runtime', 'runc', '--cgroup-manager', 'cgroupfs', ...args], { env, encoding: 'utf8', timeout });
}
/** The same, without blocking this process, which serves the simulator the containers call. */
function podmanAsync(args: string[], timeout = 120_000): Promise<{ status: number; stderr: string }> {
  return new Promise((done) => {
    execFile('podman', ['--runtime', 'runc', '--cgroup-manager', 'cgroupfs', ...args], { env, timeout }, (error, _stdout, stderr) =>
      done({ status: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stderr }),
    );
  });
}
function podmanOk(args: string[]): string {
  const result = podman(args);
  if (result.status !== 0) throw new Error(`podman ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return result.stdout.trim();
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  await new Promise((ok) => server.close(ok));
  return port;
}

const run = randomBytes(4).toString('hex');
const schema = `deploy_image_${run}`;
const secretDir = mkdtempSync(join(tmpdir(), 'wexa-graph-image-'));
let sim: TestSimulator;
const containers: { name: string; port: number; url: string }[] = [];
let buildSeconds = 0;

beforeAll(async () => {
  if (!podmanAvailable) return;
  const started = Date.now();
  const build = spawnSync('bash', [join(root, 'scripts/build-image.sh')], { cwd: root, env: { ...env, IMAGE }, encoding: 'utf8', timeout: 25 * 60_000 });
  buildSeconds = Math.round((Date.now() - started) / 1000);
  if (build.status !== 0) throw new Error(`scripts/build-image.sh failed (${build.status}):\n${(build.stdout + build.stderr).slice(-4000)}`);
  console.log(`deploy-image: image ${IMAGE} built in ${buildSeconds} s`);

  sim = await startTestSimulator();
  // The shared secret, as a file the container's user can read (a compose secret, a Kubernetes Secret).
  const secretFile = join(secretDir, 'gateway_secret');
  writeFileSync(secretFile, `${randomBytes(24).toString('hex')}\n`);
  chmodSync(secretDir, 0o755);
  chmodSync(secretFile, 0o644);

  for (const replica of ['a', 'b']) {
    const port = await freePort();
    const name = `wexa-graph-test-${run}-${replica}`;
    const settings = {
      PORT: String(port),
      HOST: '127.0.0.1',
      WEXA_API_URL: sim.url,
      REDIS_URL,
      REDIS_PREFIX: `wexa-graph-image-${run}:`,
      DATABASE_URL: PG_URL,
      DATABASE_SCHEMA: schema,
      POLL_MIN_MS: '50',
      POLL_MAX_MS: '200',
      LEASE_MS: '1000',
      SHUTDOWN_TIMEOUT_MS: '5000',
      LOG_LEVEL: 'info',
    };
    podmanOk([
      'run', '-d', '--name', name, '--network', 'host', '--read-only',
      '-v', `${secretFile}:/run/secrets/gateway_secret:ro`,
      ...Object.entries(settings).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
      IMAGE,
      // deploy/compose.yaml's command (there `$$` is compose's escape for `$`).
      'sh', '-c', 'GATEWAY_SECRET="$(cat /run/secrets/gateway_secret)" exec node dist/main.js',
    ]);
    containers.push({ name, port, url: `http://127.0.0.1:${port}/graphql` });
  }
  // Wait for both to answer /readyz (expect.poll belongs to tests, not hooks).
  for (const c of containers) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const status = (await fetch(`http://127.0.0.1:${c.port}/readyz`).catch(() => null))?.status;
      if (status === 200) break;
      if (Date.now() > deadline) throw new Error(`${c.name} not ready after 60 s (${status}); logs:\n${podman(['logs', c.name]).stdout.slice(-2000)}`);
      await new Promise((ok) => setTimeout(ok, 250));
    }
  }
}, 30 * 60_000);

afterAll(async () => {
  // Asynchronously, so that the simulator here answers while the containers drain.
  await Promise.all(containers.map(async (c) => {
    const removed = await podmanAsync(['rm', '--force', '--volumes', '--time', '15', c.name], 45_000);
    if (removed.status !== 0) console.log(`deploy-image: podman rm ${c.name} failed: ${removed.stderr}`);
  }));
  await sim?.close();
  rmSync(secretDir, { recursive: true, force: true });
  if (podmanAvailable) {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}, 60_000);

describe('the container image (podman)', () => {
  it.skipIf(!podmanAvailable)('runs as uid 1000 with node as PID 1, a read-only root filesystem and a writable /data; HEALTHCHECK passes', () => {
    const [a] = containers;
    expect(podmanOk(['exec', a!.name, 'id', '-u'])).toBe('1000');
    expect(podmanOk(['exec', a!.name, 'cat', '/proc/1/cmdline']).split('\0').filter(Boolean)).toEqual(['node', 'dist/main.js']);
    expect(podmanOk(['inspect', a!.name, '--format', '{{.HostConfig.ReadonlyRootfs}}'])).toBe('true');
    const write = podman(['exec', a!.name, 'sh', '-c', 'touch /app/probe']);
    expect(write.status).not.toBe(0);
    expect(write.stderr).toMatch(/Read-only file system/);
    expect(podman(['exec', a!.name, 'sh', '-c', 'touch /data/probe && rm /data/probe']).status).toBe(0);
    // The image's own HEALTHCHECK command, run in the container (it probes /readyz on PORT).
    const check = JSON.parse(podmanOk(['image', 'inspect', IMAGE, '--format', '{{json .Config.Healthcheck.Test}}'])) as string[];
    expect(check[0]).toBe('CMD');
    expect(check.join(' ')).toContain('/readyz');
    expect(podman(['exec', a!.name, ...check.slice(1)]).status).toBe(0);
    expect(podmanOk(['image', 'inspect', IMAGE, '--format', '{{.Config.User}}'])).toBe('1000:1000');
  });

  it.skipIf(!podmanAvailable)('runs the demo simulator too (`node dist/simulator/main.js`, as deploy/compose.yaml does)', async () => {
    const port = await freePort();
    const name = `wexa-graph-test-${run}-sim`;
    containers.push({ name, port, url: '' });
    podmanOk(['run', '-d', '--name', name, '--network', 'host', '--read-only', '-e', `SIM_PORT=${port}`, '-e', 'SIM_HOST=127.0.0.1', IMAGE, 'node', 'dist/simulator/main.js']);
    await expect
      .poll(async () => (await fetch(`http://127.0.0.1:${port}/__simulator/requests`).catch(() => null))?.status, { timeout: 30_000 })
      .toBe(200);
    const answer = await fetch(`http://127.0.0.1:${port}/execute_flow/none`, { headers: { 'x-api-key': sim.demoKey } });
    expect(answer.status).toBeLessThan(500);
    const stop = await podmanAsync(['stop', '--time', '10', name], 30_000);
    expect(stop.status).toBe(0);
    expect(podmanOk(['inspect', name, '--format', '{{.State.ExitCode}}'])).toBe('0');
  });

  it.skipIf(!podmanAvailable)(
    'a subscription goes on through the other container when the first is stopped (SIGTERM: 1001, exit 0)',
    async () => {
      const [a, b] = containers as [(typeof containers)[0], (typeof containers)[0]];
      const id = await createReadyExecution(sim.url, sim.demoKey);
      const first = wsClient(a.url, sim.demoKey);
      const closes: number[] = [];
      first.on('closed', (event) => closes.push((event as { code: number }).code));
      const before = subscribe(first, EXECUTION_UPDATED, { projectId: PULSE, id });
      expect(state(await before.nth(1))).toBe('READY/0');
      const expected = ['READY/0', wireState(await sim.advance(id))];
      expect(state(await before.nth(2))).toBe(expected[1]);

      // Stop the first container as an orchestrator does: SIGTERM, then the drain. (Asynchronously: the
      // simulator in this process must go on answering the container's polls meanwhile.)
      const stopping = Date.now();
      const stop = await podmanAsync(['stop', '--time', '30', a.name], 60_000);
      const stopSeconds = (Date.now() - stopping) / 1000;
      expect(stop.status).toBe(0);
      const exitCode = podmanOk(['inspect', a.name, '--format', '{{.State.ExitCode}}']);
      const logs = podman(['logs', a.name]);
      expect(exitCode, `exit code after SIGTERM; logs:\n${(logs.stdout + logs.stderr).slice(-3000)}`).toBe('0');
      expect(stopSeconds).toBeLessThan(15); // SHUTDOWN_TIMEOUT_MS (5 s) + 5 s at most, not podman's 30 s kill
      await expect.poll(() => closes, { message: 'the WebSocket to close with 1001 (going away)' }).toContain(1001);
      await before.done.catch(() => {});
      console.log(`deploy-image: first container stopped in ${stopSeconds.toFixed(1)} s, exit 0, WebSocket closed ${closes.join(',')}`);

      // The client reconnects to the second container and subscribes to the same execution.
      const second = wsClient(b.url, sim.demoKey);
      const after = subscribe(second, EXECUTION_UPDATED, { projectId: PULSE, id });
      expect(state(await after.nth(1))).toBe(expected[1]);
      const seen = [expected[1]!];
      for (;;) {
        const wire = await sim.advance(id);
        seen.push(wireState(wire));
        await after.nth(seen.length);
        if (wire.status === 'completed') break;
      }
      await after.done;
      expect(after.results.map(state)).toEqual(seen);
      expect(seen.at(-1)).toMatch(/^COMPLETED\//);
      await second.dispose();
      await first.dispose();
    },
    120_000,
  );
});
