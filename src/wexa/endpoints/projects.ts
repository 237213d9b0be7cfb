/** `/v1/project` endpoints (paths per the SDK; the doc bodies were not retrievable). */
import type { WexaApi } from '../api.js';
import { assertCount, assertObjectId, assertText } from '../ids.js';
import { parseAck } from '../parse/ack.js';
import { parseList, parseRoot } from '../parse/common.js';
import { projectParser } from '../parse/projects.js';
import type { Page, Project } from '../model.js';
import type { Call } from './call.js';

/** Upstream pages (1-based number, size) that together cover a window, and where the window starts in them. */
export interface CoveringPages {
  pages: { page: number; limit: number }[];
  start: number;
}

/**
 * The project list is paged by 1-based page number and page size, not by offset. Finds a page
 * size from `count` to `2 * count` whose one page covers `[offset, offset + count)`; when none does,
 * reads two consecutive pages of size `count`. Either way a window costs at most two calls.
 */
export function coveringPages(offset: number, count: number): CoveringPages {
  const size = Math.max(1, count);
  for (let limit = size; limit <= 2 * size; limit++) {
    const index = Math.floor(offset / limit);
    if (offset + count <= (index + 1) * limit) return { pages: [{ page: index + 1, limit }], start: offset - index * limit };
  }
  const index = Math.floor(offset / size);
  return {
    pages: [
      { page: index + 1, limit: size },
      { page: index + 2, limit: size },
    ],
    start: offset - index * size,
  };
}

/** The `projects` part of {@link WexaApi}. */
export function projectsApi(call: Call): WexaApi['projects'] {
  return {
    async list(params = {}) {
      const skip = assertCount('skip', params.skip) ?? 0;
      const limit = assertCount('limit', params.limit, 1);
      const filters = {
        status: params.status,
        orgId: params.orgId === undefined ? undefined : assertObjectId('orgId', params.orgId),
        userId: params.userId === undefined ? undefined : assertObjectId('userId', params.userId),
      };
      const readPage = (page?: number, size?: number): Promise<Page<Project>> =>
        call({ method: 'GET', route: '/v1/project', query: { page, limit: size, ...filters } }, (json, ctx) =>
          parseList(json, ctx, ['projects'], projectParser),
        );
      if (limit === undefined) {
        // No window: the upstream's default page, cut at `skip`.
        const all = await readPage();
        return { items: all.items.slice(skip), total: all.total };
      }
      const { pages, start } = coveringPages(skip, limit);
      const results = await Promise.all(pages.map((p) => readPage(p.page, p.limit)));
      const items = results.flatMap((r) => r.items).slice(start, start + limit);
      return { items, total: results[0]?.total ?? null };
    },
    async get(projectId) {
      const id = assertObjectId('projectId', projectId);
      return call({ method: 'GET', route: '/v1/project/{projectId}', params: { projectId: id } }, (json, ctx) =>
        parseRoot(json, ctx, projectParser),
      );
    },
    async create(input) {
      const body = {
        orgId: assertObjectId('orgId', input.orgId),
        projectName: assertText('name', input.name, 200),
        description: typeof input.description === 'string' ? input.description : '',
        coworker_role: assertText('coworkerRole', input.coworkerRole, 200),
        ...(input.status === undefined ? {} : { status: input.status }),
      };
      return call({ method: 'POST', route: '/v1/project', body }, (json, ctx) => parseRoot(json, ctx, projectParser));
    },
    async update(projectId, input) {
      const id = assertObjectId('projectId', projectId);
      const body = {
        orgId: assertObjectId('orgId', input.orgId),
        ...(input.name === undefined ? {} : { projectName: assertText('name', input.name, 200) }),
        ...(input.description === undefined ? {} : { description: input.description }),
        ...(input.coworkerRole === undefined ? {} : { coworker_role: assertText('coworkerRole', input.coworkerRole, 200) }),
      };
      // The update endpoint takes the id in the query, spelled `projectId` (lower-case d).
      return call({ method: 'PUT', route: '/v1/project', query: { projectId: id }, body }, (json, ctx) =>
        parseRoot(json, ctx, projectParser),
      );
    },
    async delete(projectId) {
      const id = assertObjectId('projectId', projectId);
      return call({ method: 'DELETE', route: '/v1/project/{projectId}', params: { projectId: id } }, parseAck);
    },
    async listForUser(userId) {
      const query = { userId: assertObjectId('userId', userId) };
      return call({ method: 'GET', route: '/v1/project/all', query }, (json, ctx) => parseList(json, ctx, ['projects'], projectParser));
    },
    async getByName(name) {
      const projectName = assertText('name', name, 200);
      // The one project route without the `/v1` prefix.
      return call({ method: 'GET', route: '/project/projectName/{projectName}', params: { projectName } }, (json, ctx) =>
        parseRoot(json, ctx, projectParser),
      );
    },
  };
}
