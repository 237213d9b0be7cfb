/** Loaders of coworker schedules: by id, and a window of a project's schedules, which primes the by-id loader. */
import type { ScheduleListParams } from '../wexa/api.js';
import type { CoworkerSchedule, Page } from '../wexa/model.js';
import { paramsKey, perKeyLoader } from './batch.js';
import { defineLoader } from './registry.js';

export const scheduleById = defineLoader('scheduleById', ({ api, limit }) =>
  perKeyLoader<string, CoworkerSchedule>(limit, (id) => api.schedules.get(id)),
);

/** A window of a project's schedules. */
export interface SchedulePageKey extends ScheduleListParams {
  projectId: string;
  skip: number;
  limit: number;
}

export const schedulePage = defineLoader('schedulePage', ({ api, limit, loaders }) =>
  perKeyLoader<SchedulePageKey, Page<CoworkerSchedule>>(
    limit,
    async ({ projectId, ...params }) => {
      const page = await api.schedules.list(projectId, params);
      loaders.prime(scheduleById, (loader) => page.items.forEach((s) => loader.prime(s.id, s)));
      return page;
    },
    paramsKey,
  ),
);
