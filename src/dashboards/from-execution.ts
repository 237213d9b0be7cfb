/**
 * A snapshot of the report an execution produced: one "Report" tab with the conclusion, each agent's
 * output as markdown, and a chart for every set of numbers found in them (a markdown table of numbers,
 * a JSON array of numbers or of `{label, value}`-like objects).
 */
import type { Execution } from '../wexa/model.js';
import { chooseChartKind } from './chart-kind.js';
import { findNumericData } from './numbers.js';
import type { DashboardSnapshot, SnapshotComponent } from './snapshot.js';

export interface ExecutionReportSnapshotInput {
  execution: Execution;
  /** When the execution was read (ISO 8601). */
  takenAt: string;
}

/** The id and name of the one tab of an execution report. */
export const REPORT_TAB = { id: 'report', name: 'Report' } as const;

/** Freezes an execution's report into a snapshot: conclusion first, then each agent's output in order. */
export function buildExecutionReportSnapshot(input: ExecutionReportSnapshotInput): DashboardSnapshot {
  const { execution, takenAt } = input;
  const components: SnapshotComponent[] = [];
  // Series already drawn in this report, by their numbers: the same numbers given again (as a table in
  // the conclusion and as JSON in an agent's output, say) are charted once, where they first appear.
  const drawn = new Set<string>();
  if (execution.conclusion && execution.conclusion.markdown.trim() !== '') {
    components.push(...textWithCharts('conclusion', 'conclusion', 'Conclusion', null, execution.conclusion.markdown, drawn));
  }
  execution.agentOutputs.forEach((out, i) => {
    if (out.output === null || out.output.trim() === '') return;
    const title = out.title ?? `Agent ${i + 1}`;
    components.push(...textWithCharts(`agent-${i + 1}`, 'agentOutput', title, out.status, out.output, drawn));
  });
  if (execution.error) {
    components.push(markdownComponent('error', 'error', 'Error', null, execution.error));
  }
  return {
    source: { kind: 'executionReport', projectId: execution.projectId, executionId: execution.id },
    name: execution.goal?.trim() || execution.agentflowSnapshot?.name || `Execution ${execution.id}`,
    tabs: [{ id: REPORT_TAB.id, name: REPORT_TAB.name, components }],
    takenAt,
  };
}

/**
 * The text as markdown, followed by one chart per data set found in it whose series are not all in
 * `drawn` yet (a series is known by its numbers; the data set's series are added to `drawn`).
 */
function textWithCharts(id: string, type: string, title: string, subtitle: string | null, text: string, drawn: Set<string>): SnapshotComponent[] {
  const out = [markdownComponent(id, type, title, subtitle, asMarkdown(text))];
  findNumericData(text).forEach((data, j) => {
    const keys = data.series.map((s) => s.values.join(','));
    if (keys.every((k) => drawn.has(k))) return;
    keys.forEach((k) => drawn.add(k));
    out.push({
      id: `${id}-chart-${j + 1}`,
      type: 'numericData',
      title: data.caption ?? `${title}: data ${j + 1}`,
      subtitle: null,
      layout: null,
      view: { kind: 'chart', chart: chooseChartKind(data), labels: data.labels, series: data.series },
    });
  });
  return out;
}

function markdownComponent(id: string, type: string, title: string, subtitle: string | null, markdown: string): SnapshotComponent {
  return { id, type, title, subtitle, layout: null, view: { kind: 'markdown', markdown } };
}

/** An output that is JSON data as a whole reads better as a code block than as one long paragraph. */
function asMarkdown(text: string): string {
  const trimmed = text.trim();
  if (!/^[[{]/.test(trimmed)) return text;
  try {
    const value = JSON.parse(trimmed) as unknown;
    const flat = Array.isArray(value) && value.every((v) => typeof v === 'number');
    const pretty = flat ? JSON.stringify(value) : JSON.stringify(value, null, 2);
    return '```json\n' + pretty + '\n```\n';
  } catch {
    return text;
  }
}
