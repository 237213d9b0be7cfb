/**
 * Finding numbers worth charting in free text: markdown tables whose columns are numbers, and JSON
 * arrays of numbers or of `{label, value}`-like objects, wherever they appear in an agent's output or an
 * execution's conclusion. Pure functions; the chart kind is chosen elsewhere (`chart-kind.ts`).
 */

/** One chartable data set: a label per point and one or more series of the same length. */
export interface NumericData {
  labels: string[];
  series: { name: string; values: number[] }[];
  /** The header of the label column (a table's first text column, a JSON object's label key), if any. */
  labelName: string | null;
  /** The heading or lead-in line (ending in `:`) just before the data, if any. */
  caption: string | null;
  /** True when the labels were made up (1, 2, 3 …) because the data had none. */
  generatedLabels: boolean;
}

/** Keys that name a point, most telling first. */
const LABEL_KEYS = ['label', 'name', 'category', 'key', 'title', 'x', 'date', 'day', 'week', 'month', 'quarter', 'year', 'period', 'time'];
/** A bare array of numbers in prose needs this many to count as data (so `[1, 2]` citations are not charted). */
const MIN_INLINE_POINTS = 3;
/** Table headers of columns that number rows rather than measure anything. */
const ID_HEADER = /^(#|n[o°]\.?|id|rank|index)$/i;

/**
 * Reads a table cell or JSON string as a number: `1,234.5`, `-3`, `$12`, `45%`, `**7**`, `1 200`.
 * Returns null for anything else (text, dates, empty cells).
 */
export function parseNumber(text: string): number | null {
  let s = text.trim().replace(/^[*_`]+|[*_`]+$/g, '').trim();
  s = s.replace(/^([+-]?)\s*[$€£¥]\s*/u, '$1').replace(/\s*%$/u, '');
  if (/^[+-]?\d{1,3}([, \u00a0\u202f]\d{3})+(\.\d+)?$/u.test(s)) s = s.replace(/[, \u00a0\u202f]/gu, '');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/iu.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** Every chartable data set in `text`, in order of appearance: markdown tables, then JSON arrays by position. */
export function findNumericData(text: string): NumericData[] {
  const found: { at: number; data: NumericData }[] = [];
  const lines = text.split(/\r?\n/);
  const offsets = lineOffsets(lines);
  for (const table of findTables(lines)) {
    const data = tableData(table.header, table.rows);
    if (data) found.push({ at: offsets[table.start] ?? 0, data: { ...data, caption: captionBefore(lines, table.start) } });
  }
  const fences = fencedRanges(text);
  const wholeIsJson = /^[[{]/.test(text.trim()) && tryJson(text.trim()) !== undefined;
  for (const candidate of findJsonArrays(text)) {
    const data = numericDataFromJson(candidate.value);
    if (!data) continue;
    const fence = fences.find(([a, b]) => candidate.at >= a && candidate.at < b);
    const whole = wholeIsJson || text.trim() === candidate.source;
    if (!fence && !whole && data.generatedLabels && data.labels.length < MIN_INLINE_POINTS) continue;
    const line = lineIndexOf(offsets, candidate.at);
    let caption: string | null;
    if (fence) caption = captionBefore(lines, lineIndexOf(offsets, fence[0]));
    else if (standaloneLine(lines[line] ?? '', candidate.source)) caption = captionBefore(lines, line);
    else caption = leadIn(text.slice(offsets[line] ?? 0, candidate.at));
    found.push({ at: candidate.at, data: { ...data, caption } });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.data);
}

/**
 * Reads a parsed JSON value as chartable data: an array of numbers, of `[label, number]` pairs, or of
 * objects sharing a label key and one or more numeric keys. Null for anything else.
 */
export function numericDataFromJson(value: unknown): NumericData | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  const nums = value.map((v) => (typeof v === 'number' && Number.isFinite(v) ? v : null));
  if (nums.every((n) => n !== null)) {
    return { labels: value.map((_v, i) => String(i + 1)), series: [{ name: 'Value', values: nums as number[] }], labelName: null, caption: null, generatedLabels: true };
  }
  if (value.every((v) => Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && toNumber(v[1]) !== null)) {
    const pairs = value as [string, unknown][];
    return { labels: pairs.map((p) => p[0]), series: [{ name: 'Value', values: pairs.map((p) => toNumber(p[1]) as number) }], labelName: null, caption: null, generatedLabels: false };
  }
  if (value.every(isPlainObject)) return objectsData(value as Record<string, unknown>[]);
  return null;
}

function objectsData(rows: Record<string, unknown>[]): NumericData | null {
  const keys = Object.keys(rows[0] ?? {});
  const numericKeys = keys.filter((k) => rows.every((r) => typeof r[k] === 'number' && Number.isFinite(r[k])));
  const textKeys = keys.filter((k) => !numericKeys.includes(k) && rows.every((r) => typeof r[k] === 'string'));
  const preferred = LABEL_KEYS.find((k) => textKeys.includes(k) || numericKeys.includes(k));
  const labelKey = preferred ?? textKeys[0] ?? null;
  const valueKeys = numericKeys.filter((k) => k !== labelKey && !/^(_?id|index)$/i.test(k));
  if (valueKeys.length === 0) return null;
  return {
    labels: rows.map((r, i) => (labelKey === null ? String(i + 1) : String(r[labelKey]))),
    series: valueKeys.map((k) => ({ name: humanise(k), values: rows.map((r) => r[k] as number) })),
    labelName: labelKey === null ? null : humanise(labelKey),
    caption: null,
    generatedLabels: labelKey === null,
  };
}

function tableData(header: string[], rows: string[][]): NumericData | null {
  if (rows.length === 0) return null;
  const width = header.length;
  const cell = (row: string[], c: number): string => row[c] ?? '';
  const numericCols: number[] = [];
  for (let c = 0; c < width; c += 1) {
    const filled = rows.map((r) => cell(r, c)).filter((v) => v.trim() !== '');
    if (filled.length > 0 && filled.every((v) => parseNumber(v) !== null)) numericCols.push(c);
  }
  let labelCol = [...Array(width).keys()].find((c) => !numericCols.includes(c)) ?? null;
  // A table of numbers only: its first column labels the rows when there are other columns to chart.
  if (labelCol === null && numericCols.length > 1) labelCol = numericCols.shift() ?? null;
  // Ids and row numbers are not data, unless nothing else is.
  const dataCols = numericCols.filter((c) => !ID_HEADER.test(stripInline(header[c] ?? '')));
  if (dataCols.length > 0) numericCols.splice(0, numericCols.length, ...dataCols);
  if (numericCols.length === 0) return null;
  return {
    labels: rows.map((r, i) => (labelCol === null ? String(i + 1) : stripInline(cell(r, labelCol)))),
    series: numericCols.map((c) => ({
      name: stripInline(header[c] ?? '') || `Column ${c + 1}`,
      values: rows.map((r) => parseNumber(cell(r, c)) ?? 0),
    })),
    labelName: labelCol === null ? null : stripInline(header[labelCol] ?? '') || null,
    caption: null,
    generatedLabels: labelCol === null,
  };
}

interface Table {
  start: number;
  header: string[];
  rows: string[][];
}

/** GitHub-style pipe tables: a header row, a `---` delimiter row, then body rows. */
function findTables(lines: string[]): Table[] {
  const tables: Table[] = [];
  for (let i = 0; i + 1 < lines.length; i += 1) {
    const header = splitRow(lines[i] ?? '');
    const delimiter = splitRow(lines[i + 1] ?? '');
    if (!header || !delimiter || delimiter.length !== header.length || !delimiter.every((d) => /^:?-{1,}:?$/.test(d))) continue;
    const rows: string[][] = [];
    let j = i + 2;
    for (; j < lines.length; j += 1) {
      const row = splitRow(lines[j] ?? '');
      if (!row) break;
      rows.push(row);
    }
    tables.push({ start: i, header, rows });
    i = j - 1;
  }
  return tables;
}

function splitRow(line: string): string[] | null {
  const t = line.trim();
  if (!t.includes('|')) return null;
  const inner = t.replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  const cells = inner.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
  return cells.length >= 1 ? cells : null;
}

/** Balanced `[...]` spans that parse as JSON; a span that parses but is not data is searched inside. */
function findJsonArrays(text: string): { at: number; source: string; value: unknown }[] {
  const out: { at: number; source: string; value: unknown }[] = [];
  let i = text.indexOf('[');
  while (i !== -1) {
    const end = matchingBracket(text, i);
    let next = i + 1;
    if (end !== -1) {
      const source = text.slice(i, end + 1);
      const value = tryJson(source);
      if (value !== undefined && numericDataFromJson(value)) {
        out.push({ at: i, source, value });
        next = end + 1;
      }
    }
    i = text.indexOf('[', next);
  }
  return out;
}

function matchingBracket(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i += 1) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i += 1;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') depth += 1;
    else if (ch === ']' || ch === '}') {
      depth -= 1;
      if (depth === 0) return ch === ']' ? i : -1;
      if (depth < 0) return -1;
    }
  }
  return -1;
}

function tryJson(source: string): unknown {
  try {
    return JSON.parse(source) as unknown;
  } catch {
    return undefined;
  }
}

/** `[start, end)` character ranges of fenced code blocks. */
function fencedRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  const re = /^ {0,3}(`{3,}|~{3,})[^\n]*\n([\s\S]*?)^ {0,3}\1[ \t]*$/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) ranges.push([m.index, m.index + m[0].length]);
  return ranges;
}

/** The nearest non-empty line above `line`, when it is a heading or ends with a colon. */
function captionBefore(lines: string[], line: number): string | null {
  for (let i = line - 1; i >= 0; i -= 1) {
    const t = (lines[i] ?? '').trim();
    if (t === '') continue;
    const heading = /^#{1,6}\s+(.*?)\s*#*$/.exec(t);
    if (heading) return stripInline(heading[1] ?? '') || null;
    if (t.endsWith(':')) return stripInline(t.slice(0, -1)) || null;
    return null;
  }
  return null;
}

/** Text before data on the same line, when it ends with a colon: `Weekly sales: [1, 2, 3]`. */
function leadIn(prefix: string): string | null {
  const t = prefix.trim();
  return t.endsWith(':') ? stripInline(t.slice(0, -1)) || null : null;
}

function standaloneLine(line: string, source: string): boolean {
  return line.trim() === source.trim();
}

function lineOffsets(lines: string[]): number[] {
  const offsets: number[] = [];
  let at = 0;
  for (const line of lines) {
    offsets.push(at);
    at += line.length + 1;
  }
  return offsets;
}

function lineIndexOf(offsets: number[], at: number): number {
  let line = 0;
  while (line + 1 < offsets.length && (offsets[line + 1] ?? Infinity) <= at) line += 1;
  return line;
}

function toNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  return typeof v === 'string' ? parseNumber(v) : null;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Drops inline markdown emphasis and code marks from a cell. */
function stripInline(s: string): string {
  return s.replace(/\*\*|__|`/g, '').replace(/^[*_](.*)[*_]$/, '$1').trim();
}

/** `unitsSold` / `units_sold` → `Units sold`. */
function humanise(key: string): string {
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
