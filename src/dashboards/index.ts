/**
 * `openDashboards(config, deps)`: saved dashboards for one gateway process. Opens (and migrates) the
 * store, checks that the gateway secret is the one the store was sealed with (refusing to start
 * otherwise) and re-seals what an older secret sealed, builds the service, the REST handler and the
 * public page handler, and starts the scheduler. `close()` stops the scheduler and closes the pool.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { CallerFactory } from '../auth/caller.js';
import { credentialsOfHeaders, type Authenticator } from '../auth/index.js';
import type { Operation, Operations } from '../operation.js';
import { createAccess } from './access.js';
import { clientAddress } from './client-address.js';
import { adoptScheduledCreators, createCreatorNames, type CreatorNames } from './crypto/creators.js';
import { createKeyBox } from './crypto/key-box.js';
import { openStoreKey, resealStoredKeys } from './crypto/store-key.js';
import { createPasswordChecks, type PasswordChecks } from './crypto/password-checks.js';
import { createPasswordLimit } from './password-limit.js';
import { createPublicPageHandler } from './page/routes.js';
import { createDashboardsRestHandler } from './rest/routes.js';
import { createScheduledRefresh } from './scheduled-refresh.js';
import { startDashboardScheduler, type DashboardScheduler } from './scheduler.js';
import { createDashboardsService, type DashboardsService } from './service.js';
import { openDashboardsDb, type DashboardsDb } from './store/database.js';
import { createRepository } from './store/repository.js';

export type { DashboardsService } from './service.js';

/** What `openDashboards` needs besides the config. */
export interface DashboardsDeps {
  /** Who a REST request is. */
  authenticator: Authenticator;
  /** The caller of a key stored for scheduled refresh. */
  callers: CallerFactory;
  operations: Operations;
  /** The gateway secret (seals the keys stored for scheduled refresh); `config.gatewaySecretPrevious` still open. */
  secret: string;
  /** The process's Redis command connection (`src/redis.ts`), when `REDIS_URL` is set: the password limit counts there. */
  redis?: Redis | null;
  logger: Logger;
  /** The clock (tests move it to make refreshes due). */
  now?: () => Date;
  /** Base of public links when `config.publicBaseUrl` is unset (the gateway's own address). */
  defaultBaseUrl: () => string;
}

export interface Dashboards {
  service: DashboardsService;
  scheduler: DashboardScheduler;
  /** The open store (tests read raw rows through it). */
  store: DashboardsDb;
  /** The scrypt computations of password checks: running, waiting, the most at once. */
  passwordChecks: PasswordChecks['stats'];
  /** Starts the operation of a REST request (as the request's credentials identify its caller). */
  operationFor(req: IncomingMessage): Promise<Operation>;
  /** Answers the dashboards REST routes and the public page; resolves false for other paths. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  close(): Promise<void>;
}

/** Opens saved dashboards for the gateway. */
export async function openDashboards(config: Config, deps: DashboardsDeps): Promise<Dashboards> {
  const logger = deps.logger.child({ component: 'dashboards' });
  const now = deps.now ?? (() => new Date());
  const keyBox = createKeyBox(deps.secret, config.gatewaySecretPrevious);
  const passwordChecks = createPasswordChecks(config.dashboardPasswordChecks);
  const store = await openDashboardsDb(config);
  const repo = createRepository(store);
  let creators: CreatorNames;
  try {
    // Refuses to start (one line naming GATEWAY_SECRET) unless the configured secrets open this store.
    creators = createCreatorNames(await openStoreKey(repo, keyBox, { location: store.location, now }));
    await resealStoredKeys(repo, keyBox, logger);
    await adoptScheduledCreators(repo, keyBox, creators, logger);
  } catch (error) {
    await store.close();
    throw error;
  }
  const base = () => (config.publicBaseUrl ?? deps.defaultBaseUrl()).replace(/\/+$/, '');
  const service = createDashboardsService({
    repo,
    keyBox,
    access: createAccess(config.dashboardAccessCacheMs),
    creators,
    passwordLimit: createPasswordLimit(repo, {
      maxFailures: config.dashboardPasswordMaxFailures,
      slugMaxFailures: config.dashboardPasswordSlugMaxFailures ?? 4 * config.dashboardPasswordMaxFailures,
      windowS: config.dashboardPasswordWindowS,
      now,
      redis: deps.redis ? { client: deps.redis, prefix: config.redisPrefix } : null,
    }),
    passwordChecks,
    publicBaseUrl: base,
    now,
  });
  const operationFor = async (req: IncomingMessage): Promise<Operation> =>
    deps.operations.start(await deps.authenticator.identify(credentialsOfHeaders(req.headers)), typeof req.headers.traceparent === 'string' ? req.headers.traceparent : null);
  const clientOf = (req: IncomingMessage) => clientAddress(req, config.dashboardTrustedProxyHops);
  const rest = createDashboardsRestHandler(service, operationFor, clientOf);
  const page = createPublicPageHandler(service, { clientOf, onError: (error) => logger.error({ err: error }, 'dashboards: public page failed') });
  const refresh = createScheduledRefresh({ repo, keyBox, callers: deps.callers, operations: deps.operations, now, logger });
  const scheduler = startDashboardScheduler({
    repo,
    refresh,
    tickMs: config.dashboardSchedulerTickMs,
    concurrency: config.dashboardRefreshConcurrency,
    timeoutMs: config.dashboardRefreshTimeoutMs,
    now,
    logger,
  });
  let closing: Promise<void> | undefined;
  return {
    service,
    scheduler,
    store,
    passwordChecks: passwordChecks.stats,
    operationFor,
    handle: async (req, res) => (await rest(req, res)) || page(req, res),
    close: () =>
      (closing ??= (async () => {
        await scheduler.stop();
        await store.close();
      })()),
  };
}
