/** The full route table of the Wexa-compatible API. */
import type { Route } from '../core.js';
import { agentflowRoutes } from './agentflows.js';
import { connectorRoutes } from './connectors.js';
import { customerRoutes } from './customers.js';
import { dashboardRoutes } from './dashboards.js';
import { executionRoutes } from './executions.js';
import { inboxRoutes } from './inbox.js';
import { marketplaceRoutes } from './marketplace.js';
import { projectDataRoutes } from './project-data.js';
import { projectRoutes } from './projects.js';
import { scheduleRoutes } from './schedules.js';
import { skillRoutes } from './skills.js';
import { storageRoutes } from './storage.js';
import { taskRoutes } from './tasks.js';

/** Every simulated Wexa route. */
export const apiRoutes: Route[] = [
  ...projectRoutes,
  ...agentflowRoutes,
  ...executionRoutes,
  ...taskRoutes,
  ...dashboardRoutes,
  ...connectorRoutes,
  ...customerRoutes,
  ...inboxRoutes,
  ...skillRoutes,
  ...scheduleRoutes,
  ...storageRoutes,
  ...marketplaceRoutes,
  ...projectDataRoutes,
];
