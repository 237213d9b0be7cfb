/**
 * Reading a saved dashboard's content from Wexa: a project's dashboard (Wexa's own refresh when the
 * content is refreshed) or an execution's report, turned into a snapshot by the builders.
 */
import { GatewayError, NotFoundError } from '../errors.js';
import type { Operation } from '../operation.js';
import type { Execution } from '../wexa/model.js';
import { buildDashboardSnapshot } from './from-dashboard.js';
import { buildExecutionReportSnapshot } from './from-execution.js';
import type { SaveSource } from './model.js';
import type { DashboardSnapshot, SnapshotSource } from './snapshot.js';
import { executionById } from '../loaders/executions.js';
import { projectDashboard } from '../loaders/project-data.js';
import { projectPage } from '../loaders/projects.js';

/** What reading needs: the operation's API (for Wexa's refresh) and loaders (for reads). */
export type SourceReader = Pick<Operation, 'wexa' | 'loaders'>;

/** Projects looked through for an execution given without its project. */
const MAX_PROJECTS = 500;
const PROJECT_PAGE = 100;

/** The execution `executionId` among the projects the caller can read, or NOT_FOUND. */
async function findExecution(reader: SourceReader, executionId: string): Promise<Execution> {
  for (let page = 1; (page - 1) * PROJECT_PAGE < MAX_PROJECTS; page += 1) {
    const projects = await reader.loaders.get(projectPage).load({ skip: (page - 1) * PROJECT_PAGE, limit: PROJECT_PAGE });
    const found = await Promise.all(
      projects.items.map((p) =>
        reader.loaders.get(executionById).load({ projectId: p.id, id: executionId }).catch((error: unknown) => {
          if (error instanceof GatewayError && (error.code === 'NOT_FOUND' || error.code === 'FORBIDDEN')) return null;
          throw error;
        }),
      ),
    );
    const execution = found.find((e): e is Execution => e !== null);
    if (execution) return execution;
    if (projects.items.length < PROJECT_PAGE) break;
  }
  throw new NotFoundError('No execution with that id in the projects this key can read.');
}

/** The first snapshot of a new saved dashboard. */
export async function readNewSnapshot(reader: SourceReader, source: SaveSource, takenAt: string): Promise<DashboardSnapshot> {
  if (source.kind === 'projectDashboard') {
    const dashboard = await reader.loaders.get(projectDashboard).load(source.projectId);
    return buildDashboardSnapshot({ dashboard, tabId: source.tabId, takenAt });
  }
  const execution =
    source.projectId === null
      ? await findExecution(reader, source.executionId)
      : await reader.loaders.get(executionById).load({ projectId: source.projectId, id: source.executionId });
  return buildExecutionReportSnapshot({ execution, takenAt });
}

/** Fresh content for an existing saved dashboard: a project dashboard goes through Wexa's own refresh. */
export async function readFreshSnapshot(reader: SourceReader, source: SnapshotSource, takenAt: string): Promise<DashboardSnapshot> {
  if (source.kind === 'projectDashboard') {
    const dashboard = await reader.wexa.dashboards.refresh(source.projectId);
    reader.loaders.get(projectDashboard).clear(source.projectId).prime(source.projectId, dashboard);
    return buildDashboardSnapshot({ dashboard, tabId: source.tabId, takenAt });
  }
  const key = { projectId: source.projectId, id: source.executionId };
  const execution = await reader.loaders.get(executionById).clear(key).load(key);
  return buildExecutionReportSnapshot({ execution, takenAt });
}
