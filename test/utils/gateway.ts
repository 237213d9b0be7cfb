/**
 * `startTestGateway({ upstreamUrl })`: a real gateway on a free port, pointed at an upstream (usually
 * the test simulator), with a `gql` helper that sends the demo key unless told otherwise, and `data`
 * for queries that must succeed.
 *
 * With `TEST_GATEWAY=workers` in the environment (`npm run test:workers`) the same tests run against
 * the worker-mode gateway (`src/cluster.ts`, two workers over Redis) in a child process instead; then
 * `gateway` (the in-process object) is not there, and tests that look inside it cannot run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Gateway, GatewayDeps } from '../../src/app.js';
import { parseConfig, type ConfigInput } from '../../src/config.js';
import { postGraphQL, type GqlOptions, type GqlResponse } from './graphql.js';
import { DEMO_KEY } from './ids.js';
import { startWorkerGateway } from './workers.js';

/**
 * The gateway under test: the TypeScript sources, or with `WEXA_GRAPH_DIST=1` (`npm run test:prod`)
 * the compiled JavaScript in `dist/` that `npm run start:prod` runs.
 */
const APP = process.env.WEXA_GRAPH_DIST ? '../../dist/app.js' : '../../src/app.js';
const { createGateway } = (await import(APP)) as typeof import('../../src/app.js');

/** The secret of test gateways that do not bring their own data directory. */
const TEST_GATEWAY_SECRET = 'the secret every test gateway shares';

export interface TestGateway {
  /** The GraphQL endpoint (`http://127.0.0.1:<port>/graphql`). */
  url: string;
  gateway: Gateway;
  close(): Promise<void>;
  /** POSTs a GraphQL document; `options.key` defaults to the demo key, `null` sends none. */
  gql<D = Record<string, any>>(query: string, variables?: Record<string, unknown>, options?: GqlOptions): Promise<GqlResponse<D>>;
  /** POSTs a document that must succeed (demo key): resolves to its `data`, fails the test with the errors otherwise. */
  data<D = any>(query: string, variables?: Record<string, unknown>): Promise<D>;
}

/** The request helpers of a gateway at `url`. */
function clientOf(url: string): Pick<TestGateway, 'gql' | 'data'> {
  return {
    gql: (query, variables, opts = {}) => postGraphQL(url, query, variables, opts.key === undefined ? DEMO_KEY : opts.key, opts.headers),
    data: async <D>(query: string, variables?: Record<string, unknown>) => {
      const response = await postGraphQL<D>(url, query, variables, DEMO_KEY);
      if (response.errors !== undefined || response.status !== 200) {
        throw new Error(`expected success, got ${response.status}: ${JSON.stringify(response.errors)}`);
      }
      return response.data as D;
    },
  };
}

/** Starts a gateway on port 0 with quiet logs and fast, retry-free upstream settings unless overridden. */
export async function startTestGateway(options: {
  upstreamUrl: string;
  config?: ConfigInput;
  deps?: GatewayDeps;
}): Promise<TestGateway> {
  if (process.env.TEST_GATEWAY === 'workers' && options.deps === undefined) {
    const workers = await startWorkerGateway({ upstreamUrl: options.upstreamUrl, config: options.config });
    return {
      url: workers.url,
      get gateway(): Gateway {
        throw new Error('TEST_GATEWAY=workers: this test looks inside the in-process gateway, which worker mode does not have');
      },
      close: () => workers.close(),
      ...clientOf(workers.url),
    };
  }
  // Saved dashboards: a throwaway SQLite data directory unless the test names one (or a database).
  const ownDataDir = options.config?.dataDir === undefined ? mkdtempSync(path.join(tmpdir(), 'wexa-graph-data-')) : null;
  const config = parseConfig({
    port: 0,
    host: '127.0.0.1',
    logLevel: 'silent',
    wexaApiUrl: options.upstreamUrl,
    // The per-key rate limit has tests of its own; elsewhere it would only make call counts depend on timing.
    rateLimitPerSecond: 0,
    // Hedged twins likewise (a loaded machine can stretch an attempt past the hedge delay); the fault
    // suite and the resilience tests turn them on.
    upstreamHedgeAfterMs: 0,
    // `npm run test:fetch-path`: the same suites with every request through yoga's Fetch layer.
    ...(process.env.GRAPHQL_FETCH_PATH === 'true' ? { graphqlFetchPath: true } : {}),
    // Like the replicas of one deployment, test gateways share one secret (it names keys in Redis), unless
    // a test brings its own data directory (and with it the secret generated there).
    ...(ownDataDir === null ? {} : { dataDir: ownDataDir, gatewaySecret: TEST_GATEWAY_SECRET }),
    ...options.config,
  });
  const removeDataDir = () => {
    if (ownDataDir !== null) rmSync(ownDataDir, { recursive: true, force: true });
  };
  let gateway: Gateway;
  try {
    gateway = await createGateway(config, options.deps ?? {});
  } catch (error) {
    removeDataDir();
    throw error;
  }
  return {
    url: gateway.url,
    gateway,
    close: async () => {
      await gateway.close();
      removeDataDir();
    },
    ...clientOf(gateway.url),
  };
}
