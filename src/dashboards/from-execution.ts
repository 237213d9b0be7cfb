/**
 * Interim snapshot builder for an execution's report (the page branch supplies the full one with
 * numeric-data extraction; this keeps the same signature).
 */
import type { Execution } from '../wexa/model.js';
import type { DashboardSnapshot, SnapshotComponent } from './snapshot.js';

/** The one-tab "Report" snapshot of `execution`. */
export function buildExecutionReportSnapshot(input: { execution: Execution; takenAt: string }): DashboardSnapshot {
  const { execution, takenAt } = input;
  const components: SnapshotComponent[] = [];
  if (execution.conclusion) {
    components.push({ id: 'conclusion', type: 'conclusion', title: 'Conclusion', subtitle: null, layout: null, view: { kind: 'markdown', markdown: execution.conclusion.markdown } });
  }
  execution.agentOutputs.forEach((o, i) => {
    if (o.output === null) return;
    components.push({ id: `agent-${i}`, type: 'agentOutput', title: o.title, subtitle: o.status, layout: null, view: { kind: 'markdown', markdown: o.output } });
  });
  return {
    source: { kind: 'executionReport', projectId: execution.projectId, executionId: execution.id },
    name: execution.goal ?? 'Execution report',
    takenAt,
    tabs: [{ id: 'report', name: 'Report', components }],
  };
}
