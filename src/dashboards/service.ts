/**
 * The dashboards service: the one implementation behind the GraphQL fields, the REST routes, the
 * public page (the scheduler has its own, `scheduled-refresh.ts`). Every operation on a saved dashboard first checks that the caller's
 * key can read its project upstream now (see `access.ts`); nothing of a dashboard is returned
 * before that check passes.
 *
 * Who may do what: any key that can read the project may list, view, refresh now and clone a saved
 * dashboard (a clone belongs to whoever made it); only its creator (`crypto/creators.ts`) may
 * publish, unpublish, change its scheduled refresh or delete it. A dashboard saved before creators
 * were recorded, and not given to the key of its scheduled refresh at start, belongs to the first
 * reader who manages it.
 */
import { BadUserInputError, ForbiddenError, GatewayError, NotFoundError, PasswordRequiredError } from '../errors.js';
import { checkInterval, checkTitle, ID_SHAPE, MAX_PASSWORD, MAX_TITLE, newId, newSlug, SLUG_SHAPE } from './input.js';
import type { Access } from './access.js';
import type { Operation } from '../operation.js';
import type { CreatorNames } from './crypto/creators.js';
import type { KeyBox } from './crypto/key-box.js';
import { hashPassword, verifyPassword } from './crypto/passwords.js';
import { REFRESH_INTERVALS, type PublicDashboard, type SaveSource, type SavedDashboard } from './model.js';
import type { PasswordChecks } from './crypto/password-checks.js';
import type { PasswordLimit } from './password-limit.js';
import { publicSnapshot } from './snapshot.js';
import { readFreshSnapshot, readNewSnapshot } from './sources.js';
import type { DashboardRepository, StoredDashboard } from './store/repository.js';

/** What a new dashboard and a clone start as: not published, no scheduled refresh, no stored key. */
const UNPUBLISHED_NO_REFRESH = {
  isPublic: false,
  slug: null,
  passwordHash: null,
  publishedAt: null,
  refreshEnabled: false,
  nextRefreshAt: null,
  refreshKey: null,
  refreshDisabledReason: null,
  refreshFailure: null,
} satisfies Partial<StoredDashboard>;

/** What turning scheduled refresh on or off asks for. */
export interface RefreshSettingsInput {
  enabled: boolean;
  /** Seconds; one of {@link REFRESH_INTERVALS}. Optional when an interval was set before. */
  interval?: number | null;
}

export interface DashboardsService {
  save(op: Operation, input: { title: string; source: SaveSource }): Promise<SavedDashboard>;
  /** The caller's saved dashboards (those whose project their key can read), oldest first. */
  list(op: Operation, filter?: { projectId?: string | null }): Promise<SavedDashboard[]>;
  get(op: Operation, id: string): Promise<SavedDashboard>;
  /** Publishes (or re-publishes with a new password, keeping the slug); `password` null: none. */
  publish(op: Operation, id: string, password: string | null): Promise<SavedDashboard>;
  /** Ends public access at once; a later publish gets a new slug. */
  unpublish(op: Operation, id: string): Promise<SavedDashboard>;
  /** A copy titled "<title> (Copy)", unpublished, with scheduled refresh off. */
  clone(op: Operation, id: string): Promise<SavedDashboard>;
  /** Deletes the saved dashboard, its stored key and its public link. */
  delete(op: Operation, id: string): Promise<void>;
  updateRefresh(op: Operation, id: string, input: RefreshSettingsInput): Promise<SavedDashboard>;
  /** Re-reads the source through Wexa now and replaces the snapshot. */
  refreshNow(op: Operation, id: string): Promise<SavedDashboard>;
  /**
   * The published dashboard behind `slug`, for viewers without a key (see the page's
   * `PublicDashboardReader`); `client` names the viewer for the wrong-password limit (`client-address.ts`).
   */
  readPublic(slug: string, password: string | null, client: string): Promise<PublicDashboard>;
}

export interface DashboardsServiceDeps {
  repo: DashboardRepository;
  keyBox: KeyBox;
  access: Access;
  passwordLimit: PasswordLimit;
  /** Bounds the scrypt computations running at once. */
  passwordChecks: PasswordChecks;
  /** Names the creator of what a caller saves. */
  creators: CreatorNames;
  /** Base of public links, without a trailing slash (known once the gateway listens). */
  publicBaseUrl: () => string;
  now: () => Date;
}

/** Creates the service. */
export function createDashboardsService(deps: DashboardsServiceDeps): DashboardsService {
  const { repo, keyBox, now } = deps;
  const access = deps.access.canRead;
  const iso = () => now().toISOString();

  const publicView = (d: StoredDashboard): SavedDashboard => ({
    id: d.id,
    title: d.title,
    projectId: d.projectId,
    source: d.source,
    snapshot: d.snapshot,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    isPublic: d.isPublic,
    slug: d.isPublic ? d.slug : null,
    publicUrl: d.isPublic && d.slug ? `${deps.publicBaseUrl()}/public/dashboards/${d.slug}` : null,
    passwordProtected: d.isPublic && d.passwordHash !== null,
    publishedAt: d.isPublic ? d.publishedAt : null,
    refresh: {
      enabled: d.refreshEnabled,
      interval: d.refreshInterval,
      lastRefreshedAt: d.lastRefreshedAt,
      nextRefreshAt: d.refreshEnabled ? d.nextRefreshAt : null,
      disabledReason: d.refreshDisabledReason,
      failure: d.refreshEnabled ? d.refreshFailure : null,
    },
  });

  /**
   * The stored dashboard `id`, once the caller's key is known to read its project: only the project id
   * is read before that check, the row itself after it.
   */
  const load = async (op: Operation, id: string): Promise<StoredDashboard> => {
    if (typeof id !== 'string' || !ID_SHAPE.test(id)) throw new NotFoundError('Dashboard not found.');
    const projectId = await repo.projectOf(id);
    if (projectId === null) throw new NotFoundError('Dashboard not found.');
    await access(op, projectId);
    const found = await repo.get(id);
    if (!found) throw new NotFoundError('Dashboard not found.');
    return found;
  };

  /**
   * As `load`, for the operations only the creator may do (publish, unpublish, change refresh,
   * delete): FORBIDDEN for other readers. A dashboard without a creator becomes the caller's.
   */
  const loadOwn = async (op: Operation, id: string): Promise<StoredDashboard> => {
    const d = await load(op, id);
    const me = deps.creators.of(op.requireCaller());
    if (d.creator === me) return d;
    if (d.creator === null && (await repo.claim(d.id, me))) return { ...d, creator: me };
    throw new ForbiddenError(
      'Only the API key that saved this dashboard may publish, unpublish, change the refresh of or delete it; clone it to have a copy of your own.',
    );
  };

  /** Writes `d` back; NOT_FOUND when it was deleted in the meantime. */
  const store = async (d: StoredDashboard): Promise<SavedDashboard> => {
    if (!(await repo.update(d))) throw new NotFoundError('Dashboard not found.');
    return publicView(d);
  };

  return {
    async save(op, input) {
      const title = checkTitle(input.title);
      const at = iso();
      const snapshot = await readNewSnapshot(op, input.source, at);
      const d: StoredDashboard = {
        id: newId(),
        creator: deps.creators.of(op.requireCaller()),
        projectId: snapshot.source.projectId,
        title,
        source: snapshot.source,
        snapshot,
        createdAt: at,
        updatedAt: at,
        ...UNPUBLISHED_NO_REFRESH,
        refreshInterval: null,
        lastRefreshedAt: at,
      };
      await repo.insert(d);
      return publicView(d);
    },

    async list(op, filter = {}) {
      const projectId = filter.projectId ?? undefined;
      // Authenticate first (one cheap upstream call, cached per key hash): a made-up key costs nothing more.
      if (projectId !== undefined) await access(op, projectId);
      else await deps.access.keyWorks(op);
      const projects = await repo.projectIds(projectId);
      const readable: string[] = [];
      await Promise.all(
        projects.map(async (p) => {
          try {
            await access(op, p);
            readable.push(p);
          } catch (error) {
            if (!(error instanceof GatewayError) || (error.code !== 'FORBIDDEN' && error.code !== 'NOT_FOUND')) throw error;
          }
        }),
      );
      return (await repo.listIn(readable)).map(publicView);
    },

    async get(op, id) {
      return publicView(await load(op, id));
    },

    async publish(op, id, password) {
      if (password !== null && (typeof password !== 'string' || password.length === 0 || password.length > MAX_PASSWORD)) {
        throw new BadUserInputError(`password must be a non-empty string of at most ${MAX_PASSWORD} characters, or omitted.`);
      }
      const d = await loadOwn(op, id);
      const passwordHash = password === null ? null : await deps.passwordChecks.run(() => hashPassword(password));
      const at = iso();
      const wasPublic = d.isPublic && d.slug !== null;
      for (let attempt = 0; ; attempt += 1) {
        const next: StoredDashboard = {
          ...d,
          isPublic: true,
          slug: wasPublic ? d.slug : newSlug(d.title),
          passwordHash,
          publishedAt: wasPublic ? d.publishedAt : at,
          updatedAt: at,
        };
        try {
          return await store(next);
        } catch (error) {
          // A slug collision (50 random bits: practically never) gets a new slug.
          if (wasPublic || attempt >= 2 || error instanceof GatewayError) throw error;
        }
      }
    },

    async unpublish(op, id) {
      const d = await loadOwn(op, id);
      return store({ ...d, isPublic: false, slug: null, passwordHash: null, publishedAt: null, updatedAt: iso() });
    },

    async clone(op, id) {
      const d = await load(op, id);
      const at = iso();
      const copy: StoredDashboard = {
        ...d,
        id: newId(),
        creator: deps.creators.of(op.requireCaller()),
        title: `${d.title} (Copy)`.slice(0, MAX_TITLE + 7),
        createdAt: at,
        updatedAt: at,
        ...UNPUBLISHED_NO_REFRESH,
      };
      await repo.insert(copy);
      return publicView(copy);
    },

    async delete(op, id) {
      await loadOwn(op, id);
      if (!(await repo.delete(id))) throw new NotFoundError('Dashboard not found.');
    },

    async updateRefresh(op, id, input) {
      if (typeof input.enabled !== 'boolean') throw new BadUserInputError('refreshEnabled is required: true or false.');
      const given = input.interval ?? null;
      if (given !== null && typeof given !== 'number') throw new BadUserInputError(`refreshInterval must be one of ${REFRESH_INTERVALS.join(', ')} (seconds).`);
      const interval = given === null ? null : checkInterval(given);
      const d = await loadOwn(op, id);
      const at = now();
      if (!input.enabled) {
        return store({
          ...d,
          refreshEnabled: false,
          refreshInterval: interval ?? d.refreshInterval,
          nextRefreshAt: null,
          refreshKey: null,
          refreshDisabledReason: null,
          refreshFailure: null,
          updatedAt: at.toISOString(),
        });
      }
      const chosen = interval ?? d.refreshInterval;
      if (chosen === null) {
        throw new BadUserInputError(`refreshInterval is required to turn refresh on: one of ${REFRESH_INTERVALS.join(', ')} (seconds).`);
      }
      return store({
        ...d,
        refreshEnabled: true,
        refreshInterval: chosen,
        nextRefreshAt: new Date(at.getTime() + chosen * 1000).toISOString(),
        refreshKey: keyBox.seal(op.requireCaller().revealKey(), d.id),
        refreshDisabledReason: null,
        refreshFailure: null,
        updatedAt: at.toISOString(),
      });
    },

    async refreshNow(op, id) {
      const d = await load(op, id);
      const at = iso();
      const snapshot = await readFreshSnapshot(op, d.source, at);
      const changed = { snapshot: JSON.stringify(snapshot), last_refreshed_at: at, updated_at: at };
      if (!(await repo.patch(d.id, changed))) throw new NotFoundError('Dashboard not found.');
      return publicView({ ...d, snapshot, lastRefreshedAt: at, updatedAt: at });
    },

    async readPublic(slug, password, client) {
      if (typeof slug !== 'string' || !SLUG_SHAPE.test(slug)) throw new NotFoundError('Dashboard not found.');
      // Only the gate is read before the password is checked: a guess never costs a snapshot's parse.
      const gate = await repo.publicGate(slug);
      if (!gate || !gate.isPublic) throw new NotFoundError('Dashboard not found.');
      if (gate.passwordHash !== null) {
        const hash = gate.passwordHash;
        if (password === null || password === '') {
          await deps.passwordLimit.check(slug, client);
          throw new PasswordRequiredError();
        }
        // A try is reserved before the password is checked, and given back only when it was right.
        const tried = await deps.passwordLimit.reserve(slug, client);
        let right: boolean;
        try {
          // No password longer than a publisher may set can be right: counted, never hashed.
          right = password.length <= MAX_PASSWORD && (await deps.passwordChecks.run(() => verifyPassword(password, hash)));
        } catch (error) {
          await tried.giveBack();
          throw error;
        }
        if (!right) throw new ForbiddenError('Wrong password for this dashboard.');
        await tried.giveBack();
      }
      const d = await repo.bySlug(slug);
      if (!d || !d.isPublic) throw new NotFoundError('Dashboard not found.');
      return { title: d.title, snapshot: publicSnapshot(d.snapshot), lastRefreshedAt: d.lastRefreshedAt };
    },
  };
}
