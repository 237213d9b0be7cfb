/** Loaders of skills: by id, and a project's skills (all, by name or by category), which prime the by-id loader. */
import type { Page, Skill } from '../wexa/model.js';
import { paramsKey, perKeyLoader } from './batch.js';
import { defineLoader } from './registry.js';

export const skillById = defineLoader('skillById', ({ api, limit }) => perKeyLoader<string, Skill>(limit, (id) => api.skills.get(id)));

/** A skill list of a project: all of them, by name, or by category. */
export interface SkillListKey {
  projectId: string;
  name?: string;
  category?: string;
}

/** A project's skills (up to `maxScanItems`; the upstream takes only a limit). */
export const skillList = defineLoader('skillList', ({ api, limit, loaders, config }) =>
  perKeyLoader<SkillListKey, Page<Skill>>(
    limit,
    async (k) => {
      const page =
        k.category !== undefined
          ? await api.skills.byCategory(k.projectId, k.category, { limit: config.maxScanItems })
          : await api.skills.list(k.projectId, { limit: config.maxScanItems, ...(k.name === undefined ? {} : { name: k.name }) });
      // Listed skills without their actions are summaries: only full ones stand in for a read by id.
      loaders.prime(skillById, (loader) => page.items.forEach((s) => s.actions !== undefined && loader.prime(s.id, s)));
      return page;
    },
    paramsKey,
  ),
);
