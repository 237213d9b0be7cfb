/** The full route table of the Wexa-compatible API. */
import { agentflowRoutes } from './agentflows.js';
import { connectorRoutes } from './connectors.js';
import type { Route } from '../core.js';
import { dashboardRoutes } from './dashboards.js';
import { executionRoutes } from './executions.js';
import { inboxRoutes } from './inbox.js';
import { marketplaceRoutes } from './marketplace.js';
import { projectDataRoutes } from './project-data.js';
import { scheduleRoutes } from './schedules.js';
import { skillRoutes } from './skills.js';
import { storageRoutes } from './storage.js';
import { miscRoutes } from './misc.js';
import { projectRoutes } from './projects.js';
import { taskRoutes } from './tasks.js';

/** Every simulated Wexa route. */
export const apiRoutes: Route[] = [
  ...projectRoutes,
  ...agentflowRoutes,
  ...executionRoutes,
  ...taskRoutes,
  ...dashboardRoutes,
  ...connectorRoutes,
  ...miscRoutes,
  ...inboxRoutes,
  ...skillRoutes,
  ...scheduleRoutes,
  ...storageRoutes,
  ...marketplaceRoutes,
  ...projectDataRoutes,
];
