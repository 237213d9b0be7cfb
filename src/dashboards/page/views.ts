/**
 * The body of one component card, by view kind: a chart (drawn twice, for narrow and wide screens,
 * with its numbers in a table underneath), task lists grouped by status, sanitised markdown, or a
 * short escaped summary of raw data.
 */
import type { ComponentView } from '../snapshot.js';
import { renderChartSvg, type ChartView } from './chart-svg.js';
import { html, type SafeHtml } from './html.js';
import { renderMarkdown } from './markdown.js';

/** Sizes a chart is drawn at: phones get the narrow one, wider screens the wide one (CSS picks). */
export const CHART_SIZES = { wide: { width: 640, height: 320 }, narrow: { width: 360, height: 280 } } as const;
/** Tasks listed per status before the rest fold under "Show N more". */
const TASKS_SHOWN = 8;
/** Tasks listed per status at most (the page stays a page). */
const MAX_TASKS_PER_GROUP = 200;
/** Characters of raw data shown before it is cut. */
const MAX_RAW_CHARS = 1_500;

const number = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });

export function renderView(view: ComponentView): SafeHtml {
  switch (view.kind) {
    case 'chart':
      return renderChart(view);
    case 'tasks':
      return renderTasks(view);
    case 'markdown':
      return html`<div class="markdown">${renderMarkdown(view.markdown)}</div>`;
    case 'raw':
      return renderRaw(view.data);
  }
}

function renderChart(view: ChartView): SafeHtml {
  const hasPoints = view.labels.length > 0 && view.series.some((s) => s.values.length > 0);
  if (!hasPoints) return html`<p class="empty">No data yet.</p>`;
  return html`<figure class="chart chart-${view.chart}">
<div class="chart-wide">${renderChartSvg(view, CHART_SIZES.wide)}</div>
<div class="chart-narrow">${renderChartSvg(view, CHART_SIZES.narrow)}</div>
<details class="chart-data"><summary>Show the numbers</summary>${dataTable(view)}</details>
</figure>`;
}

function dataTable(view: ChartView): SafeHtml {
  return html`<div class="table-wrap"><table><thead><tr><th scope="col"></th>${view.series.map((s) => html`<th scope="col">${s.name}</th>`)}</tr></thead>
<tbody>${view.labels.map(
    (label, i) => html`<tr><th scope="row">${label}</th>${view.series.map((s) => html`<td>${formatNumber(s.values[i])}</td>`)}</tr>`,
  )}</tbody></table></div>`;
}

function renderTasks(view: Extract<ComponentView, { kind: 'tasks' }>): SafeHtml {
  const filled = view.groups.filter((g) => g.tasks.length > 0);
  const empty = view.groups.filter((g) => g.tasks.length === 0).map((g) => statusLabel(g.status).toLowerCase());
  if (filled.length === 0) return html`<p class="empty">No tasks yet.</p>`;
  return html`<div class="tasks">${filled.map((g) => {
    const listed = g.tasks.slice(0, MAX_TASKS_PER_GROUP);
    const [first, rest] = [listed.slice(0, TASKS_SHOWN), listed.slice(TASKS_SHOWN)];
    const unlisted = g.tasks.length - listed.length;
    const items = (tasks: typeof listed) => tasks.map((t) => html`<li>${t.name}</li>`);
    return html`<section class="task-group ${statusClass(g.status)}">
<h3><span class="dot" aria-hidden="true"></span>${statusLabel(g.status)} <span class="count">${g.tasks.length}</span></h3>
<ul>${items(first)}</ul>${
      rest.length > 0
        ? html`<details><summary>Show ${rest.length} more</summary><ul>${items(rest)}${unlisted > 0 ? html`<li class="more">and ${unlisted} more</li>` : ''}</ul></details>`
        : ''
    }
</section>`;
  })}</div>${empty.length > 0 ? html`<p class="quiet">Nothing ${listOf(empty)}.</p>` : ''}`;
}

/** `[{label, value}]` as headline numbers; anything else as indented, escaped JSON, cut when long. */
function renderRaw(data: unknown): SafeHtml {
  if (data === null || data === undefined || (Array.isArray(data) && data.length === 0)) return html`<p class="empty">No data yet.</p>`;
  const stats = asStats(data);
  if (stats) {
    return html`<dl class="stats">${stats.map((s) => html`<div><dt>${s.label}</dt><dd>${formatNumber(s.value)}</dd></div>`)}</dl>`;
  }
  if (typeof data === 'string') return html`<p class="raw-text">${cut(data)}</p>`;
  return html`<pre class="raw">${cut(JSON.stringify(data, null, 2) ?? String(data))}</pre>`;
}

function asStats(data: unknown): { label: string; value: number }[] | null {
  if (!Array.isArray(data) || data.length > 12) return null;
  const out: { label: string; value: number }[] = [];
  for (const item of data) {
    if (typeof item !== 'object' || item === null) return null;
    const { label, name, value } = item as Record<string, unknown>;
    const text = typeof label === 'string' ? label : typeof name === 'string' ? name : null;
    if (text === null || typeof value !== 'number' || !Number.isFinite(value)) return null;
    out.push({ label: text, value });
  }
  return out;
}

function cut(text: string): string {
  return text.length > MAX_RAW_CHARS ? `${text.slice(0, MAX_RAW_CHARS)}…` : text;
}

function formatNumber(value: number | undefined): string {
  return value === undefined ? '' : number.format(value);
}

/** `running` → `Running`; anything else with its first letter up. */
export function statusLabel(status: string): string {
  const s = status.replace(/[_-]+/g, ' ').trim() || 'unknown';
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const KNOWN_STATUSES = new Set(['running', 'completed', 'ready', 'failed', 'paused', 'cancelled', 'canceled', 'stopped']);

function statusClass(status: string): string {
  const s = status.toLowerCase();
  return KNOWN_STATUSES.has(s) ? `status-${s === 'canceled' ? 'cancelled' : s}` : 'status-other';
}

function listOf(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1] ?? ''}`;
}
