/**
 * Charts drawn on the server: ECharts in its server-side mode renders a chart view to an SVG string
 * (no browser, no script on the page). ECharts escapes every label it writes into the SVG.
 *
 * ECharts is loaded on the first public page (`loadCharts()`, awaited by the page route), not when the
 * gateway starts: it is the largest module the gateway has (about 0.7 s to load), and most replicas
 * never draw a chart.
 */
import type * as EChartsCore from 'echarts/core';
import type { ComponentView } from '../snapshot.js';
import { SafeHtml } from './html.js';

let echarts: typeof EChartsCore | undefined;
let loading: Promise<void> | undefined;

/** Loads ECharts with the charts this page draws (once; later calls resolve at once). */
export function loadCharts(): Promise<void> {
  loading ??= (async () => {
    const [core, charts, components, renderers] = await Promise.all([
      import('echarts/core'),
      import('echarts/charts'),
      import('echarts/components'),
      import('echarts/renderers'),
    ]);
    core.use([
      charts.BarChart,
      charts.LineChart,
      charts.PieChart,
      components.GridComponent,
      components.LegendComponent,
      components.AriaComponent,
      renderers.SVGRenderer,
    ]);
    echarts = core;
  })();
  return loading;
}

export type ChartView = Extract<ComponentView, { kind: 'chart' }>;

/** A size to draw at; the SVG scales to its box with its viewBox. */
export interface ChartSize {
  width: number;
  height: number;
}

/** Colours that read on white and stay apart for the colour-blind (Okabe–Ito based). */
const PALETTE = ['#2563eb', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#0072b2', '#7f7f7f'];
const TEXT = '#334155';
/** No quotes: ECharts writes the family into a style attribute as is. */
const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif';

/** The ECharts option for a chart view at a given size. */
export function chartOption(view: ChartView, size: ChartSize): Record<string, unknown> {
  const narrow = size.width < 480;
  const base = {
    animation: false,
    color: PALETTE,
    aria: { enabled: true, decal: { show: false } },
    textStyle: { fontFamily: FONT, color: TEXT, fontSize: narrow ? 11 : 12 },
  };
  const legend = { type: 'plain', selectedMode: false, bottom: 0, icon: 'roundRect', itemWidth: 12, itemHeight: 12, itemGap: 22, textStyle: { color: TEXT } };
  if (view.chart === 'pie') {
    const series = view.series[0];
    return {
      ...base,
      legend: { ...legend, show: true },
      series: [
        {
          type: 'pie',
          silent: true,
          name: series?.name ?? '',
          radius: narrow ? ['32%', '58%'] : ['38%', '66%'],
          center: ['50%', '44%'],
          avoidLabelOverlap: true,
          itemStyle: { borderColor: '#fff', borderWidth: 2 },
          label: { formatter: (p: { percent?: number }) => `${Math.round(p.percent ?? 0)}%`, color: TEXT },
          data: view.labels.map((label, i) => ({ name: label, value: series?.values[i] ?? 0 })),
        },
      ],
    };
  }
  const many = view.series.length > 1;
  return {
    ...base,
    legend: { ...legend, show: many },
    grid: { left: 8, right: 16, top: 16, bottom: many ? 40 : 12, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: {
      type: 'category',
      data: view.labels,
      boundaryGap: view.chart === 'bar',
      axisTick: { show: false },
      axisLine: { lineStyle: { color: '#cbd5e1' } },
      // On a phone a few category labels fit slanted; longer axes keep the labels that fit.
      axisLabel:
        narrow && view.chart === 'bar' && view.labels.length > 4 && view.labels.length <= 10
          ? { interval: 0, rotate: 35, width: 72, overflow: 'truncate', color: TEXT }
          : { hideOverlap: true, width: narrow ? 64 : 96, overflow: 'truncate', color: TEXT },
    },
    yAxis: { type: 'value', splitLine: { lineStyle: { color: '#e2e8f0' } }, axisLabel: { color: TEXT } },
    series: view.series.map((s) =>
      view.chart === 'bar'
        ? { type: 'bar', silent: true, name: s.name, data: s.values, barMaxWidth: 48, itemStyle: { borderRadius: [4, 4, 0, 0] } }
        : { type: 'line', silent: true, name: s.name, data: s.values, smooth: false, symbolSize: 6, lineStyle: { width: 2.5 }, areaStyle: many ? undefined : { opacity: 0.08 } },
    ),
  };
}

/** Charts drawn lately, by view and size: a published dashboard is read far more often than it changes. */
const drawn = new Map<string, SafeHtml>();
const MAX_DRAWN = 256;

/** Renders a chart view to an SVG element string (with a viewBox, so CSS can size it). */
export function renderChartSvg(view: ChartView, size: ChartSize): SafeHtml {
  const key = JSON.stringify([size.width, size.height, view.chart, view.labels, view.series]);
  const cached = drawn.get(key);
  if (cached) {
    // Most recently used last, so the oldest is evicted first.
    drawn.delete(key);
    drawn.set(key, cached);
    return cached;
  }
  if (!echarts) throw new Error('renderChartSvg before loadCharts(): await loadCharts() first');
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption(chartOption(view, size));
    const svg = new SafeHtml(chart.renderToSVGString({ useViewBox: true }));
    drawn.set(key, svg);
    if (drawn.size > MAX_DRAWN) drawn.delete(drawn.keys().next().value ?? key);
    return svg;
  } finally {
    chart.dispose();
  }
}
