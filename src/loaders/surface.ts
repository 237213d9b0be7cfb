/**
 * Loaders for the rest of the Wexa surface (inbox requests by id, skills, schedules, credits,
 * tables, files, marketplace, project extras). Same rules as `index.ts`: one upstream call per key
 * per operation, list reads prime the by-id loaders.
 */
import type DataLoader from 'dataloader';
import type { WexaApi } from '../wexa/api.js';
import type { InboxRequest } from '../wexa/model.js';
import { perKeyLoader, scopedKey, type Limiter, type ScopedKey } from './batch.js';

/** The loaders this file adds to every operation. */
export interface SurfaceLoaders {
  /** One inbox request by project and id (`GET /inbox/{id}`), tied to its project. */
  inboxRequest: DataLoader<ScopedKey, InboxRequest & { projectId: string }, string>;
}

/** Builds the surface loaders of one operation. */
export function buildSurfaceLoaders(api: WexaApi, limit: Limiter): SurfaceLoaders {
  return {
    inboxRequest: perKeyLoader(
      limit,
      async (k: ScopedKey) => {
        const request = await api.inbox.get(k.projectId, k.id);
        return { ...request, projectId: request.projectId ?? k.projectId };
      },
      scopedKey,
    ),
  };
}
