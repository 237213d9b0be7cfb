/**
 * The content of a saved dashboard, frozen when it is saved or refreshed: what the public page draws
 * and what the GraphQL and REST surfaces return as `content`. It is gateway-owned JSON (stored as is),
 * already reduced to what a reader needs, so rendering never calls Wexa.
 */

/** Where a saved dashboard's content comes from. */
export type SnapshotSource =
  | {
      kind: 'projectDashboard';
      projectId: string;
      /** Wexa's dashboard id. */
      dashboardId: string;
      /** One tab only, or null for the whole dashboard. */
      tabId: string | null;
    }
  | {
      kind: 'executionReport';
      projectId: string;
      /** The execution's UUID (`execution_id`). */
      executionId: string;
    };

/** What the page draws for one component, worked out when the snapshot is taken. */
export type ComponentView =
  /** Numeric data: bar for categories, line for a series over an ordered axis, pie for shares of a whole. */
  | { kind: 'chart'; chart: 'bar' | 'line' | 'pie'; labels: string[]; series: { name: string; values: number[] }[] }
  /** A `taskManager` component: tasks grouped by status. */
  | { kind: 'tasks'; groups: { status: string; tasks: { id: string; name: string }[] }[] }
  /** Text to render as sanitised markdown (an execution's conclusion, an agent's output). */
  | { kind: 'markdown'; markdown: string }
  /** Anything else: shown as a short, escaped summary. */
  | { kind: 'raw'; data: unknown };

export interface SnapshotLayout {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface SnapshotComponent {
  id: string;
  /** Wexa's `component_type` (`taskManager`, `barChart`, …), or `conclusion` / `agentOutput` for a report. */
  type: string;
  title: string | null;
  subtitle: string | null;
  layout: SnapshotLayout | null;
  view: ComponentView;
}

export interface SnapshotTab {
  id: string;
  name: string;
  components: SnapshotComponent[];
}

/** A saved dashboard's content. An execution report has one tab. */
export interface DashboardSnapshot {
  source: SnapshotSource;
  /** The Wexa dashboard's name, or the execution's goal. */
  name: string;
  tabs: SnapshotTab[];
  /** When this content was read from Wexa (ISO 8601). */
  takenAt: string;
}

/** A snapshot as a public link shows it: the content whole, the owner's Wexa ids left out. */
export interface PublicSnapshot extends Omit<DashboardSnapshot, 'source'> {
  source: { kind: SnapshotSource['kind'] };
}

/**
 * The public view of `snapshot`: `source` keeps only its kind (no project, execution or Wexa dashboard
 * id), a tab named by the Wexa dashboard's id (a dashboard without tabs) is called `dashboard`, and a
 * report named after its execution id (no goal) is called "Execution report". Tabs, components and
 * their data are unchanged.
 */
export function publicSnapshot(snapshot: DashboardSnapshot): PublicSnapshot {
  const { source } = snapshot;
  const internal = new Set<string>([source.projectId, source.kind === 'projectDashboard' ? source.dashboardId : source.executionId]);
  const fallbackName = source.kind === 'executionReport' ? `Execution ${source.executionId}` : null;
  return {
    source: { kind: source.kind },
    name: snapshot.name === fallbackName ? 'Execution report' : snapshot.name,
    tabs: snapshot.tabs.map((tab) => (internal.has(tab.id) ? { ...tab, id: 'dashboard' } : tab)),
    takenAt: snapshot.takenAt,
  };
}
