/**
 * Every setting of the gateway, typed and validated. `loadConfig(env)` is called once by `main.ts`
 * with `process.env`; tests build configs with `parseConfig({...})` and never touch the environment.
 */
import { z } from 'zod';

/** The shortest gateway secret accepted (32 random characters hold more than 128 bits). */
export const MIN_SECRET_LENGTH = 32;

const int = (def: number) => z.coerce.number().int().nonnegative().default(def);
const bool = (def: boolean) =>
  z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no', ''])])
    .default(def)
    .transform((v) => v === true || v === 'true' || v === '1' || v === 'yes');
/** A switch whose default depends on the mode: undefined when unset. */
const modeBool = () =>
  z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === true || v === 'true' || v === '1' || v === 'yes'));

export const configSchema = z.object({
  /** `production` (NODE_ENV=production): no simulator, GraphiQL and introspection off unless asked for, no suggestions. */
  production: bool(false),
  /** Port the gateway listens on (0 = any free port). */
  port: z.coerce.number().int().min(0).max(65_535).default(4000),
  /** Interface the gateway binds to (`0.0.0.0` or `::` for all interfaces). */
  host: z.string().min(1).default('127.0.0.1'),
  /** Upstream base URL. Unset in `main.ts` means: start the embedded simulator and use it. */
  wexaApiUrl: z.string().url().default('https://api.wexa.ai'),

  /** Connect timeout for upstream sockets, ms. */
  upstreamConnectTimeoutMs: int(5_000),
  /** Time to wait for response headers, ms. */
  upstreamHeadersTimeoutMs: int(15_000),
  /** Time allowed between body chunks, ms. */
  upstreamBodyTimeoutMs: int(15_000),
  /** Keep-alive sockets per upstream origin. */
  upstreamConnections: int(64),
  /** Retries for a failed GET (500/502/503/504, reset, timeout). POST/PUT/PATCH/DELETE are never retried. */
  upstreamRetries: int(2),
  /** First backoff delay, ms; doubles each retry, with full jitter. */
  upstreamRetryBaseMs: int(100),
  /** Longest `Retry-After` (seconds) the client waits out on a 429 before giving up with RATE_LIMITED. */
  upstreamMaxRetryAfterS: int(5),
  /**
   * Deadline of one GET attempt, ms: a read with no whole answer by then is abandoned and retried. Kept
   * well under a client's patience, so one hung call never holds the requests that share it for long.
   */
  upstreamAttemptTimeoutMs: int(2_000),
  /**
   * Whole-answer deadline (headers and body) of a POST, PUT, PATCH or DELETE, ms, and of a GET attempt
   * when `upstreamAttemptTimeoutMs` is 0. A write that runs out is never retried: it may have had an effect.
   */
  upstreamWriteTimeoutMs: z.coerce.number().int().positive().default(30_000),
  /** Largest upstream response body the gateway reads, bytes; a larger one is UPSTREAM_CONTRACT and its connection is dropped. */
  upstreamMaxResponseBytes: z.coerce.number().int().positive().default(10_000_000),
  /** A GET attempt unanswered after this long gets one identical twin, and the first success answers (0 = off), ms. */
  upstreamHedgeAfterMs: int(1_000),
  /** Longest time one upstream read may take, retries and backoff included, ms. */
  upstreamDeadlineMs: int(8_000),
  /** Failure rate (above 0, below 1: cockatiel's range) of upstream calls over the breaker window that opens a circuit breaker. */
  breakerFailureRate: z.coerce.number().gt(0).lt(1).default(0.5),
  /** The window over which the breaker measures the failure rate, ms. */
  breakerWindowMs: int(10_000),
  /** Fewest upstream calls per second (over the window) before the breaker may open at all. */
  breakerMinimumRps: z.coerce.number().positive().default(2),
  /** How long the breaker stays open before one probe request is let through, ms. */
  breakerHalfOpenAfterMs: int(5_000),
  /**
   * What one circuit breaker judges: every call (`upstream`), one endpoint template (`route`), one API
   * key (`key`), or one endpoint template of one key (`key-route`). Why `key-route`: docs/limits.md.
   */
  breakerScope: z.enum(['upstream', 'route', 'key', 'key-route']).default('key-route'),
  /** Most breakers held at once (about 2.3 KB each; the least recently used is dropped first). */
  breakerMaxEntries: z.coerce.number().int().positive().default(5_000),
  /** Upstream requests one operation's loaders may have in flight at once (the upstream pool has 64 sockets, so one screen's parallel reads go in one wave). */
  loaderConcurrency: int(64),
  /** A batch holding at least this many task ids (or executions' agentflow ids) of one project reads the project's list instead (0: never). */
  listReadMinIds: int(3),
  /** The most items such a list read asks for; ids it does not return are read one by one. */
  listReadMaxItems: int(100),
  /** Share one upstream call, and the result parsed from it, between identical GETs in flight at the same moment for the same key. */
  dedupeInflightGets: bool(true),
  /** Serve every `/graphql` request through yoga's Fetch layer (off: a plain JSON POST takes the direct path, `src/http/direct-graphql.ts`). */
  graphqlFetchPath: bool(false),
  /** Alternative upstream paths where the reference records two candidates. */
  cancelPath: z.enum(['documented', 'sdk']).default('documented'),
  taskListPath: z.enum(['path', 'query']).default('path'),

  /** Max upstream items the gateway fetches to page a list the upstream cannot filter itself. */
  maxScanItems: int(1_000),
  /** Default and maximum `first` for connections. */
  defaultPageSize: int(20),
  maxPageSize: int(100),

  /** Redis for cross-replica subscriptions; unset = in-process only. */
  redisUrl: z.string().optional(),
  /** Prefix of every Redis channel and lease name, to keep deployments sharing one Redis apart. */
  redisPrefix: z.string().min(1).default('wexa-graph:'),
  /** Fastest poll interval for a watched, running execution, ms. */
  pollMinMs: int(1_000),
  /** Slowest poll interval after a quiet period, ms. */
  pollMaxMs: int(10_000),
  /** Consecutive failed polls after which subscribers get an error and the watch ends. */
  pollMaxFailures: int(5),
  /** Lease time for the replica that polls a watch, ms. */
  leaseMs: int(5_000),
  /** Subscriptions over multipart HTTP (Apollo's protocol): a heartbeat part every this many ms while a stream is open (0 = none). */
  multipartHeartbeatMs: int(5_000),

  /** Limits and protection (docs/limits.md). Largest request body, bytes. */
  maxRequestBodyBytes: int(1_000_000),
  /** Most upstream calls one operation may be estimated to make (cost limit). */
  maxQueryCost: int(10_000),
  /** Most ids `nodes(ids:)` takes. */
  maxNodeIds: int(100),
  /**
   * Upstream calls a second one API key may make through the gateway, steadily (0 = no limit). Calls
   * really sent count, not requests answered by a shared call. Why 200: docs/limits.md.
   */
  rateLimitPerSecond: int(200),
  /** Extra calls a key may burst to, per minute, on top of the steady rate. */
  rateLimitBurstPerMinute: int(2_000),
  /** Upstream calls one API key may have in flight at once through the gateway; more wait their turn (0 = no limit). */
  rateLimitConcurrency: int(0),
  /**
   * How long a call may wait for its key's turn (a point of the per-key rate, a concurrency slot, the end
   * of an upstream 429's Retry-After) instead of being refused at once with RATE_LIMITED, ms (0 = never waits).
   */
  rateLimitMaxWaitMs: int(0),
  /** A JSON file of persisted operations, `{ "<sha256 of the document>": "<document>" }`; unset = off. */
  persistedOperationsFile: z.string().optional(),
  /** With a persisted operations file: refuse every operation that is not in it (allow-list mode). */
  persistedOperationsOnly: bool(true),
  /** How long an idempotency key of `startExecution` is remembered, seconds. */
  idempotencyTtlS: int(3_600),
  /** Origins allowed to call the gateway from a browser page (comma-separated, `*` for any); empty = CORS off. */
  corsOrigins: z.string().default(''),

  /** Live subscriptions one key may hold open on one replica, over every transport (0 = no cap). */
  maxSubscriptionsPerKey: int(5_000),
  /** Subscriptions one WebSocket may hold open at once (0 = no cap). */
  maxSubscriptionsPerSocket: int(200),
  /** WebSockets one key may hold open on one replica (0 = no cap). */
  maxSocketsPerKey: int(1_000),

  /** Who a caller is: `api-key` (their own Wexa key in `x-api-key`) or `jwt` (a bearer token; the gateway holds the Wexa keys). */
  authMode: z.enum(['api-key', 'jwt']).default('api-key'),
  /** Token mode: the identity provider's JWKS URL (keys by `kid`). */
  jwtJwksUrl: z.string().url().optional(),
  /** Token mode: a PEM public key file, instead of a JWKS. */
  jwtPublicKeyFile: z.string().min(1).optional(),
  /** Token mode: the required `iss`; unset = not checked. */
  jwtIssuer: z.string().min(1).optional(),
  /** Token mode: the required `aud`; unset = not checked. */
  jwtAudience: z.string().min(1).optional(),
  /** Token mode: the claim naming the tenant whose Wexa key the gateway uses. */
  jwtTenantClaim: z.string().min(1).default('wexa_tenant'),
  /** Token mode: least time between two JWKS fetches (a token with an unknown `kid` fetches again), ms. */
  jwtJwksRefreshMinMs: int(30_000),
  /** Token mode: clock skew allowed on `exp` and `nbf`, seconds. */
  jwtClockToleranceS: int(5),
  /** Token mode: a JSON file `{"<tenant>": "<wexa api key>"}` (owner-only permissions), read at start and on SIGHUP. */
  wexaKeysFile: z.string().min(1).optional(),
  /** Token mode: one Wexa key that every valid token uses (instead of a keys file). */
  wexaApiKey: z.string().min(1).optional(),
  /** Directory for the embedded dashboards database and the generated secret (created on first start). */
  dataDir: z.string().min(1).default('./data'),
  /** PostgreSQL for saved dashboards (e.g. `postgres://user@host:5432/db`); unset = SQLite file in `dataDir`. */
  databaseUrl: z.string().min(1).optional(),
  /** PostgreSQL schema holding the dashboards tables (created when missing); unset = the server's default. */
  databaseSchema: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _ only')
    .optional(),
  /** Secret for the keys stored for scheduled refresh (AES-256-GCM); unset = generated once into `dataDir`. Required with `databaseUrl`. */
  gatewaySecret: z.string().min(MIN_SECRET_LENGTH).optional(),
  /**
   * Secrets used before `gatewaySecret` (comma-separated), to rotate it: what was sealed with them
   * still opens and is sealed again with the current one. Empty = none.
   */
  gatewaySecretPrevious: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter((s) => s !== ''))
    .pipe(z.array(z.string().min(MIN_SECRET_LENGTH))),
  /** Base of the public dashboard links, e.g. `https://dash.example.com`; unset = the gateway's own address. */
  publicBaseUrl: z.string().url().optional(),
  /** How long the answer "this key can read that project" is reused, ms. */
  dashboardAccessCacheMs: int(30_000),
  /** How often each replica looks for saved dashboards due for a scheduled refresh, ms. */
  dashboardSchedulerTickMs: int(15_000),
  /** Wrong passwords per published dashboard and client allowed within `dashboardPasswordWindowS` before 429 (0: no limit). */
  dashboardPasswordMaxFailures: int(5),
  /** Wrong passwords per published dashboard from all clients together within the window (0: no ceiling); unset = 4 × `dashboardPasswordMaxFailures`. */
  dashboardPasswordSlugMaxFailures: z.coerce.number().int().nonnegative().optional(),
  /** Window of the wrong-password limit, seconds. */
  dashboardPasswordWindowS: int(900),
  /** Password checks (scrypt) one process runs at once; more wait, up to a bound (libuv's pool, 4 threads by default, also does all file and DNS work). */
  dashboardPasswordChecks: z.coerce.number().int().min(1).max(64).default(2),
  /** Reverse proxies in front of the gateway whose `X-Forwarded-For` names the client of the password limit (0: ignore the header). */
  dashboardTrustedProxyHops: int(0),
  /** Scheduled refreshes one replica runs at once. */
  dashboardRefreshConcurrency: z.coerce.number().int().min(1).max(64).default(4),
  /** Longest time one scheduled refresh may take, all its upstream calls included, ms. */
  dashboardRefreshTimeoutMs: z.coerce.number().int().min(1).default(60_000),

  /** Log level for pino (`silent` in tests). */
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Serve GraphiQL on GET /graphql from a browser. Unset: on, except in production. */
  graphiql: modeBool(),
  /** Answer introspection queries. Unset: on, except in production. */
  introspection: modeBool(),
  /** Serve Prometheus metrics on `GET /metrics`. */
  metrics: bool(true),
  /** OTLP/HTTP base URL (e.g. `http://collector:4318`); traces are exported to `<url>/v1/traces`. Unset: no tracing. */
  otlpEndpoint: z.string().url().optional(),
  /** `service.name` of the exported spans. */
  serviceName: z.string().min(1).default('wexa-graph'),
  /** How often the readiness checks run in the background, ms (`/readyz` answers from their latest results). */
  readinessIntervalMs: z.coerce.number().int().positive().default(5_000),
  /** On SIGTERM, how long in-flight requests may take to finish before their connections are closed, ms. */
  shutdownTimeoutMs: int(10_000),
});

type ParsedConfig = z.infer<typeof configSchema>;
/** The settings, with the mode-dependent ones (`graphiql`, `introspection`) resolved. */
export type Config = Omit<ParsedConfig, 'graphiql' | 'introspection'> & { graphiql: boolean; introspection: boolean };
export type ConfigInput = z.input<typeof configSchema>;

/** A setting that cannot be used; the message names it, what was wrong and what to set instead. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** What a good value looks like, per setting (shown in start-up errors). */
const EXAMPLES: Partial<Record<keyof ParsedConfig, string>> = {
  port: 'a whole number from 0 to 65535, e.g. 4000',
  host: 'an interface address, e.g. 127.0.0.1, or 0.0.0.0 for all interfaces',
  wexaApiUrl: 'an absolute URL, e.g. https://api.wexa.ai',
  otlpEndpoint: 'an absolute URL, e.g. http://127.0.0.1:4318',
  logLevel: 'one of fatal, error, warn, info, debug, trace, silent',
  cancelPath: 'documented or sdk',
  taskListPath: 'path or query',
  production: 'production or development',
  graphiql: 'true or false',
  introspection: 'true or false',
  metrics: 'true or false',
  dedupeInflightGets: 'true or false',
  graphqlFetchPath: 'true or false',
  authMode: 'api-key or jwt',
  dashboardPasswordChecks: 'a whole number from 1 to 64, e.g. 2',
  dashboardRefreshConcurrency: 'a whole number from 1 to 64, e.g. 4',
  dashboardRefreshTimeoutMs: 'a whole number of milliseconds, 1 or more, e.g. 60000',
  gatewaySecret: `at least ${MIN_SECRET_LENGTH} characters, e.g. the output of \`openssl rand -base64 32\``,
  gatewaySecretPrevious: `secrets of at least ${MIN_SECRET_LENGTH} characters, separated by commas`,
  upstreamWriteTimeoutMs: 'a whole number of milliseconds, 1 or more, e.g. 30000',
  upstreamMaxResponseBytes: 'a whole number of bytes, 1 or more, e.g. 10000000',
  readinessIntervalMs: 'a whole number of milliseconds, 1 or more, e.g. 5000',
  breakerScope: 'upstream, route, key or key-route',
  breakerFailureRate: 'a number above 0 and below 1, e.g. 0.5',
  breakerMaxEntries: 'a whole number, 1 or more, e.g. 5000',
};

/** Settings whose values may hold a password: never echoed in an error. */
const SECRET_SETTINGS = new Set<keyof ParsedConfig>(['redisUrl', 'databaseUrl', 'gatewaySecret', 'gatewaySecretPrevious', 'wexaApiKey']);

/** A value as an error may quote it: short, and never a setting that can hold credentials. */
function quote(key: keyof ParsedConfig, value: unknown): string {
  if (SECRET_SETTINGS.has(key)) return '(value hidden)';
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  if (typeof value === 'string' && /^[a-z][a-z0-9+.-]*:\/\/[^/@]*@/i.test(text)) text = text.replace(/\/\/[^/@]*@/, '//***@');
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

/** Validates a partial config, filling defaults. `names` maps setting → how the user wrote it (an env var). */
export function parseConfig(input: ConfigInput = {}, names: Partial<Record<string, string>> = {}): Config {
  const result = configSchema.safeParse(input);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const key = issue.path[0] as keyof ParsedConfig | undefined;
      if (key === undefined) return `  ${issue.message}`;
      const name = names[key] ?? key;
      const raw = (input as Record<string, unknown>)[key];
      const numeric = ('expected' in issue && issue.expected === 'number') || ('origin' in issue && issue.origin === 'number');
      const example = EXAMPLES[key] ?? (numeric ? 'a whole number, 0 or more' : undefined);
      const expected = example ? `expected ${example}` : issue.message;
      return `  ${name}=${quote(key, raw)} is not valid: ${expected}.`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const parsed = result.data;
  return {
    ...parsed,
    graphiql: parsed.graphiql ?? !parsed.production,
    introspection: parsed.introspection ?? !parsed.production,
  };
}

/** Environment variable → config key. */
export const ENV_NAMES: Record<string, keyof Config> = {
  PORT: 'port',
  HOST: 'host',
  WEXA_API_URL: 'wexaApiUrl',
  WEXA_CONNECT_TIMEOUT_MS: 'upstreamConnectTimeoutMs',
  WEXA_HEADERS_TIMEOUT_MS: 'upstreamHeadersTimeoutMs',
  WEXA_BODY_TIMEOUT_MS: 'upstreamBodyTimeoutMs',
  WEXA_CONNECTIONS: 'upstreamConnections',
  WEXA_RETRIES: 'upstreamRetries',
  WEXA_RETRY_BASE_MS: 'upstreamRetryBaseMs',
  WEXA_MAX_RETRY_AFTER_S: 'upstreamMaxRetryAfterS',
  WEXA_ATTEMPT_TIMEOUT_MS: 'upstreamAttemptTimeoutMs',
  WEXA_WRITE_TIMEOUT_MS: 'upstreamWriteTimeoutMs',
  WEXA_MAX_RESPONSE_BYTES: 'upstreamMaxResponseBytes',
  WEXA_HEDGE_AFTER_MS: 'upstreamHedgeAfterMs',
  WEXA_DEADLINE_MS: 'upstreamDeadlineMs',
  WEXA_BREAKER_FAILURE_RATE: 'breakerFailureRate',
  WEXA_BREAKER_WINDOW_MS: 'breakerWindowMs',
  WEXA_BREAKER_MIN_RPS: 'breakerMinimumRps',
  WEXA_BREAKER_HALF_OPEN_MS: 'breakerHalfOpenAfterMs',
  WEXA_BREAKER_SCOPE: 'breakerScope',
  WEXA_BREAKER_MAX_ENTRIES: 'breakerMaxEntries',
  WEXA_CANCEL_PATH: 'cancelPath',
  WEXA_TASK_LIST_PATH: 'taskListPath',
  WEXA_DEDUPE_GETS: 'dedupeInflightGets',
  GRAPHQL_FETCH_PATH: 'graphqlFetchPath',
  LOADER_CONCURRENCY: 'loaderConcurrency',
  LIST_READ_MIN_IDS: 'listReadMinIds',
  LIST_READ_MAX_ITEMS: 'listReadMaxItems',
  MAX_SCAN_ITEMS: 'maxScanItems',
  DEFAULT_PAGE_SIZE: 'defaultPageSize',
  MAX_PAGE_SIZE: 'maxPageSize',
  REDIS_URL: 'redisUrl',
  REDIS_PREFIX: 'redisPrefix',
  POLL_MIN_MS: 'pollMinMs',
  POLL_MAX_MS: 'pollMaxMs',
  POLL_MAX_FAILURES: 'pollMaxFailures',
  LEASE_MS: 'leaseMs',
  MULTIPART_HEARTBEAT_MS: 'multipartHeartbeatMs',
  MAX_REQUEST_BODY_BYTES: 'maxRequestBodyBytes',
  MAX_QUERY_COST: 'maxQueryCost',
  MAX_NODE_IDS: 'maxNodeIds',
  RATE_LIMIT_PER_SECOND: 'rateLimitPerSecond',
  RATE_LIMIT_BURST_PER_MINUTE: 'rateLimitBurstPerMinute',
  RATE_LIMIT_CONCURRENCY: 'rateLimitConcurrency',
  RATE_LIMIT_MAX_WAIT_MS: 'rateLimitMaxWaitMs',
  PERSISTED_OPERATIONS_FILE: 'persistedOperationsFile',
  PERSISTED_OPERATIONS_ONLY: 'persistedOperationsOnly',
  IDEMPOTENCY_TTL_S: 'idempotencyTtlS',
  CORS_ORIGINS: 'corsOrigins',
  MAX_SUBSCRIPTIONS_PER_KEY: 'maxSubscriptionsPerKey',
  MAX_SUBSCRIPTIONS_PER_SOCKET: 'maxSubscriptionsPerSocket',
  MAX_SOCKETS_PER_KEY: 'maxSocketsPerKey',
  AUTH_MODE: 'authMode',
  JWT_JWKS_URL: 'jwtJwksUrl',
  JWT_PUBLIC_KEY_FILE: 'jwtPublicKeyFile',
  JWT_ISSUER: 'jwtIssuer',
  JWT_AUDIENCE: 'jwtAudience',
  JWT_TENANT_CLAIM: 'jwtTenantClaim',
  JWT_JWKS_REFRESH_MIN_MS: 'jwtJwksRefreshMinMs',
  JWT_CLOCK_TOLERANCE_S: 'jwtClockToleranceS',
  WEXA_KEYS_FILE: 'wexaKeysFile',
  WEXA_API_KEY: 'wexaApiKey',
  DATA_DIR: 'dataDir',
  DATABASE_URL: 'databaseUrl',
  DATABASE_SCHEMA: 'databaseSchema',
  GATEWAY_SECRET: 'gatewaySecret',
  GATEWAY_SECRET_PREVIOUS: 'gatewaySecretPrevious',
  PUBLIC_BASE_URL: 'publicBaseUrl',
  DASHBOARD_ACCESS_CACHE_MS: 'dashboardAccessCacheMs',
  DASHBOARD_SCHEDULER_TICK_MS: 'dashboardSchedulerTickMs',
  DASHBOARD_PASSWORD_MAX_FAILURES: 'dashboardPasswordMaxFailures',
  DASHBOARD_PASSWORD_SLUG_MAX_FAILURES: 'dashboardPasswordSlugMaxFailures',
  DASHBOARD_PASSWORD_WINDOW_S: 'dashboardPasswordWindowS',
  DASHBOARD_PASSWORD_CHECKS: 'dashboardPasswordChecks',
  DASHBOARD_TRUSTED_PROXY_HOPS: 'dashboardTrustedProxyHops',
  DASHBOARD_REFRESH_CONCURRENCY: 'dashboardRefreshConcurrency',
  DASHBOARD_REFRESH_TIMEOUT_MS: 'dashboardRefreshTimeoutMs',
  LOG_LEVEL: 'logLevel',
  GRAPHIQL: 'graphiql',
  INTROSPECTION: 'introspection',
  METRICS: 'metrics',
  OTEL_EXPORTER_OTLP_ENDPOINT: 'otlpEndpoint',
  OTEL_SERVICE_NAME: 'serviceName',
  READINESS_INTERVAL_MS: 'readinessIntervalMs',
  SHUTDOWN_TIMEOUT_MS: 'shutdownTimeoutMs',
};

/** True when the environment asks for production mode. */
export function isProduction(env: Record<string, string | undefined>): boolean {
  return env.NODE_ENV === 'production';
}

/**
 * Reads the settings above from an environment (empty strings count as unset). Errors name the
 * environment variable. In production (`NODE_ENV=production`) `WEXA_API_URL` is required.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const input: Record<string, string | boolean> = {};
  const names: Record<string, string> = { production: 'NODE_ENV' };
  for (const [name, key] of Object.entries(ENV_NAMES)) {
    names[key] = name;
    const value = env[name];
    if (value !== undefined && value !== '') input[key] = value;
  }
  input.production = isProduction(env);
  if (input.production && input.wexaApiUrl === undefined) {
    throw new ConfigError(
      'Invalid configuration:\n  WEXA_API_URL is required when NODE_ENV=production (e.g. WEXA_API_URL=https://api.wexa.ai); ' +
        'the embedded simulator only runs outside production.',
    );
  }
  return parseConfig(input as ConfigInput, names);
}
