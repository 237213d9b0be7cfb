/**
 * Which chart suits a data set: a line for a series over an ordered axis (dates, months, quarters,
 * ascending numbers), a pie for the shares of a whole, bars for everything else.
 */
import type { NumericData } from './numbers.js';

export type ChartKind = 'bar' | 'line' | 'pie';

const MONTHS = /^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(\s+'?\d{2,4})?$/i;
const WEEKDAYS = /^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?$/i;
const DATE_LIKE = /^\d{4}([-/.]\d{1,2}([-/.]\d{1,2})?)?([ T].*)?$/;
const PERIOD = /^((q|h|w|wk|week|day|month|year|fy|sprint|step|round|phase|v)\s*-?\d+)(\s+\d{2,4})?$|^\d{4}\s*-?\s*(q|h)\d$/i;
const SHARE_WORDS = /share|percent|%|proportion|distribution|breakdown|split|mix|composition/i;

/** What a component type asks for, when it names a chart kind (`lineChart`, `pie`, `donut` …). */
export function chartKindFromType(type: string): ChartKind | null {
  if (/line|area|trend|time.?series|sparkline/i.test(type)) return 'line';
  if (/pie|donut|doughnut/i.test(type)) return 'pie';
  if (/bar|column|histogram/i.test(type)) return 'bar';
  return null;
}

/** True when the labels read as an ordered axis (time or a numbered sequence). */
export function labelsAreOrdered(labels: string[], generated: boolean): boolean {
  if (generated) return true;
  if (labels.length === 0) return false;
  const trimmed = labels.map((l) => l.trim());
  if (trimmed.every((l) => DATE_LIKE.test(l) || MONTHS.test(l) || WEEKDAYS.test(l) || PERIOD.test(l))) return true;
  const nums = trimmed.map(Number);
  return nums.every(Number.isFinite) && nums.every((n, i) => i === 0 || n > (nums[i - 1] ?? -Infinity));
}

/** True when the data can be drawn as a pie: one series of 2–8 non-negative values with a positive sum. */
export function pieFits(data: Pick<NumericData, 'labels' | 'series'>): boolean {
  const only = data.series.length === 1 ? data.series[0] : undefined;
  if (!only || only.values.length < 2 || only.values.length > 8) return false;
  return only.values.every((v) => v >= 0) && only.values.some((v) => v > 0);
}

/**
 * The chart for `data`. `requested` (from a component type) wins unless the data cannot be drawn that
 * way (a pie of negative numbers or of several series becomes bars).
 */
export function chooseChartKind(data: NumericData, requested: ChartKind | null = null): ChartKind {
  if (requested === 'pie') return pieFits(data) ? 'pie' : 'bar';
  if (requested) return requested;
  const points = data.labels.length;
  if (points >= 3 && labelsAreOrdered(data.labels, data.generatedLabels)) return 'line';
  if (pieFits(data) && !data.generatedLabels) {
    const words = [data.caption, data.labelName, ...data.series.map((s) => s.name)].filter((w): w is string => w !== null).join(' ');
    const sum = (data.series[0]?.values ?? []).reduce((a, b) => a + b, 0);
    if (SHARE_WORDS.test(words) || Math.abs(sum - 100) <= 1) return 'pie';
  }
  return 'bar';
}
