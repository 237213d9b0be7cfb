/**
 * `openDashboards(config, deps)`: saved dashboards for one gateway process. Opens (and migrates) the
 * store, builds the service, the REST handler and the public page handler, and starts the scheduler.
 * `close()` stops the scheduler and closes the database pool.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { createLoaders } from '../loaders/index.js';
import type { WexaClient } from '../wexa/client.js';
import { keyHash } from '../wexa/key-hash.js';
import { createAccess } from './access.js';
import type { DashboardCaller } from './caller.js';
import { createKeyBox } from './crypto/key-box.js';
import { loadGatewaySecret } from './crypto/secret.js';
import { createPasswordLimit } from './password-limit.js';
import { createPublicPageHandler } from './page/routes.js';
import { createDashboardsRestHandler } from './rest/routes.js';
import { createScheduledRefresh } from './scheduled-refresh.js';
import { startDashboardScheduler, type DashboardScheduler } from './scheduler.js';
import { createDashboardsService, type DashboardsService } from './service.js';
import { openDashboardsDb, type DashboardsDb } from './store/database.js';
import { createRepository } from './store/repository.js';

export type { DashboardCaller } from './caller.js';
export type { DashboardsService } from './service.js';

/** What `openDashboards` needs besides the config. */
export interface DashboardsDeps {
  client: Pick<WexaClient, 'forKey'>;
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
  /** Builds the dashboards caller of a key (its API, fresh loaders, key hash). */
  callerFor(apiKey: string): DashboardCaller;
  /** Answers the dashboards REST routes and the public page; resolves false for other paths. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  close(): Promise<void>;
}

/** Opens saved dashboards for the gateway. */
export async function openDashboards(config: Config, deps: DashboardsDeps): Promise<Dashboards> {
  const logger = deps.logger.child({ component: 'dashboards' });
  const now = deps.now ?? (() => new Date());
  const keyBox = createKeyBox(loadGatewaySecret(config));
  const store = await openDashboardsDb(config);
  const repo = createRepository(store);
  const base = () => (config.publicBaseUrl ?? deps.defaultBaseUrl()).replace(/\/+$/, '');
  const service = createDashboardsService({
    repo,
    keyBox,
    access: createAccess(config.dashboardAccessCacheMs),
    passwordLimit: createPasswordLimit(repo, {
      maxFailures: config.dashboardPasswordMaxFailures,
      windowS: config.dashboardPasswordWindowS,
      now,
    }),
    publicBaseUrl: base,
    now,
  });
  const callerFor = (apiKey: string): DashboardCaller => {
    const api = deps.client.forKey(apiKey);
    return { apiKey, keyHash: keyHash(apiKey), api, loaders: createLoaders(api, config) };
  };
  const rest = createDashboardsRestHandler(service, callerFor);
  const page = createPublicPageHandler(service, { onError: (error) => logger.error({ err: error }, 'dashboards: public page failed') });
  const refresh = createScheduledRefresh({ repo, keyBox, client: deps.client, config, now, logger });
  const scheduler = startDashboardScheduler({ repo, refresh, tickMs: config.dashboardSchedulerTickMs, now, logger });
  let closing: Promise<void> | undefined;
  return {
    service,
    scheduler,
    store,
    callerFor,
    handle: async (req, res) => (await rest(req, res)) || page(req, res),
    close: () =>
      (closing ??= (async () => {
        await scheduler.stop();
        await store.close();
      })()),
  };
}
