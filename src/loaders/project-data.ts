/** Loaders of a project's own data: its dashboard, analytics, settings and tags. */
import type { Dashboard, LooseItem, Page } from '../wexa/model.js';
import { perKeyLoader } from './batch.js';
import { defineLoader } from './registry.js';

/** The dashboard of a project (one per project). */
export const projectDashboard = defineLoader('projectDashboard', ({ api, limit }) =>
  perKeyLoader<string, Dashboard>(limit, (projectId) => api.dashboards.get(projectId)),
);

export const projectAnalytics = defineLoader('projectAnalytics', ({ api, limit }) =>
  perKeyLoader<string, Record<string, unknown>>(limit, (projectId) => api.projectData.analytics(projectId)),
);

export const projectSettings = defineLoader('projectSettings', ({ api, limit }) =>
  perKeyLoader<string, Record<string, unknown>>(limit, (projectId) => api.projectData.settings(projectId)),
);

export const projectTags = defineLoader('projectTags', ({ api, limit }) =>
  perKeyLoader<string, Page<LooseItem>>(limit, (projectId) => api.projectData.tags(projectId)),
);
