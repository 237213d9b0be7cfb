/**
 * The access rule of saved dashboards: a caller may read or change one only if their own key can
 * read its project upstream right now. The answer is cached briefly per key hash and project (never
 * per key), so a page of dashboards costs one upstream read per project, not one per dashboard.
 */
import { LRUCache } from 'lru-cache';
import { ForbiddenError, GatewayError, NotFoundError } from '../errors.js';
import type { Operation } from '../operation.js';
import { projectById, projectPage } from '../loaders/projects.js';

type Verdict = 'ok' | 'FORBIDDEN' | 'NOT_FOUND';

/** Throws FORBIDDEN / NOT_FOUND (or the upstream's error) unless the caller can read `projectId`. */
export type AccessCheck = (op: Operation, projectId: string) => Promise<void>;

/** The access rule, and a check that the key works at all (for answers that read no project). */
export interface Access {
  canRead: AccessCheck;
  /** Throws UNAUTHENTICATED (or the upstream's error) unless Wexa accepts the caller's key. */
  keyWorks(op: Operation): Promise<void>;
}

/** An access check whose answers live `ttlMs` (0: ask upstream every time). */
export function createAccess(ttlMs: number): Access {
  const cache = ttlMs > 0 ? new LRUCache<string, Verdict>({ max: 10_000, ttl: ttlMs }) : null;
  const ask = async (op: Operation, projectId: string): Promise<Verdict> => {
    try {
      await op.loaders.get(projectById).load(projectId);
      return 'ok';
    } catch (error) {
      // UNAUTHENTICATED (the key itself is refused), outages and the rest are not answers about access.
      if (error instanceof GatewayError && (error.code === 'FORBIDDEN' || error.code === 'NOT_FOUND' || error.code === 'BAD_USER_INPUT')) {
        return error.code === 'FORBIDDEN' ? 'FORBIDDEN' : 'NOT_FOUND';
      }
      throw error;
    }
  };
  const canRead: AccessCheck = async (op, projectId) => {
    const name = `${op.requireCaller().keyHash}:${projectId}`;
    let verdict = cache?.get(name);
    if (verdict === undefined) {
      verdict = await ask(op, projectId);
      cache?.set(name, verdict);
    }
    if (verdict === 'FORBIDDEN') throw new ForbiddenError('This API key may not access that dashboard.');
    if (verdict === 'NOT_FOUND') throw new NotFoundError('Dashboard not found.');
  };
  return {
    canRead,
    async keyWorks(op) {
      const name = `${op.requireCaller().keyHash}:*`;
      if (cache?.get(name) === 'ok') return;
      await op.loaders.get(projectPage).load({ skip: 0, limit: 1 });
      cache?.set(name, 'ok');
    },
  };
}
