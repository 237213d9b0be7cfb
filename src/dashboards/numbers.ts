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

/**
 * The most characters of one text searched for data. An agent's output or a conclusion longer than
 * this is still shown whole; only what follows is not searched for tables and JSON to chart. Every
 * pass below is linear in what it reads, so one text costs a bounded amount of work.
 */
export const MAX_SCANNED_CHARS = 200_000;
/** How many `[` spans nested in one another are parsed (the rest inside are not tried). */
const MAX_NESTED_TRIES = 4;
/** Tables wider than this are not charted (no chart shows that many series). */
const MAX_TABLE_COLUMNS = 64;
/** Keys of the first object looked at when reading `{label, value}`-like rows. */
const MAX_OBJECT_KEYS = 64;
/** A same-line lead-in (`Weekly sales: [1, 2, 3]`) longer than this is no caption. */
const MAX_LEAD_IN = 200;

/** A step counter: what the scanner read and parsed, in characters (tests assert it stays linear). */
export interface ScanWork {
  steps: number;
}

/**
 * Every chartable data set in the first {@link MAX_SCANNED_CHARS} characters of `text`, in order of
 * appearance: markdown tables, then JSON arrays by position. `work` counts the steps taken.
 */
export function findNumericData(text: string, work: ScanWork = { steps: 0 }): NumericData[] {
  const scanned = text.length > MAX_SCANNED_CHARS ? text.slice(0, MAX_SCANNED_CHARS) : text;
  const found: { at: number; data: NumericData }[] = [];
  const layout = lineLayout(scanned, work);
  const { lines, offsets } = layout;
  for (const table of findTables(lines, work)) {
    const data = tableData(table.header, table.rows);
    if (data) found.push({ at: offsets[table.start] ?? 0, data: { ...data, caption: layout.captionBefore(table.start) } });
  }
  const fences = fencedRanges(lines, offsets, work);
  const trimmed = scanned.trim();
  work.steps += scanned.length;
  const wholeIsJson = /^[[{]/.test(trimmed) && tryJson(trimmed) !== undefined;
  let fence = 0;
  for (const candidate of findJsonArrays(scanned, work)) {
    const data = numericDataFromJson(candidate.value);
    if (!data) continue;
    while (fence < fences.length && (fences[fence]?.[1] ?? 0) <= candidate.at) fence += 1;
    const range = fences[fence] !== undefined && candidate.at >= fences[fence]![0] ? fences[fence]! : null;
    const whole = wholeIsJson || (candidate.source.length === trimmed.length && trimmed === candidate.source);
    if (!range && !whole && data.generatedLabels && data.labels.length < MIN_INLINE_POINTS) continue;
    const line = lineIndexOf(offsets, candidate.at);
    let caption: string | null;
    if (range) caption = layout.captionBefore(lineIndexOf(offsets, range[0]));
    else if (layout.standalone(line, candidate.at, candidate.at + candidate.source.length - 1)) caption = layout.captionBefore(line);
    else caption = leadIn(scanned, offsets[line] ?? 0, candidate.at);
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
  const keys = Object.keys(rows[0] ?? {}).slice(0, MAX_OBJECT_KEYS);
  const numericKeys = keys.filter((k) => rows.every((r) => typeof r[k] === 'number' && Number.isFinite(r[k])));
  const numeric = new Set(numericKeys);
  const textKeys = new Set(keys.filter((k) => !numeric.has(k) && rows.every((r) => typeof r[k] === 'string')));
  const preferred = LABEL_KEYS.find((k) => textKeys.has(k) || numeric.has(k));
  const labelKey = preferred ?? textKeys.values().next().value ?? null;
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
  const numeric = new Set(numericCols);
  let labelCol = [...Array(width).keys()].find((c) => !numeric.has(c)) ?? null;
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

/** GitHub-style pipe tables: a header row, a `---` delimiter row, then body rows. Each line is split once. */
function findTables(lines: string[], work: ScanWork): Table[] {
  const tables: Table[] = [];
  const rowAt = (i: number): string[] | null => {
    const line = lines[i] ?? '';
    work.steps += line.length + 1;
    return splitRow(line);
  };
  let header = lines.length > 0 ? rowAt(0) : null;
  for (let i = 0; i + 1 < lines.length; ) {
    const delimiter = rowAt(i + 1);
    const isTable =
      header !== null &&
      delimiter !== null &&
      header.length <= MAX_TABLE_COLUMNS &&
      delimiter.length === header.length &&
      delimiter.every((d) => /^:?-{1,}:?$/.test(d));
    if (!isTable || header === null) {
      header = delimiter;
      i += 1;
      continue;
    }
    const rows: string[][] = [];
    let j = i + 2;
    let next: string[] | null = null;
    for (; j < lines.length; j += 1) {
      next = rowAt(j);
      if (!next) break;
      rows.push(next);
    }
    tables.push({ start: i, header, rows });
    // Line j (not a row) may start the next table.
    header = j < lines.length ? next : null;
    i = j;
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

/**
 * Every `[` in order, with where it closes, in one pass: the position of its `]`, or -1 when it never
 * closes or closes with `}`. Brackets in JSON strings do not count; a string ends at its closing quote
 * or at the end of its line (JSON strings hold no raw line breaks), and quotes outside any bracket are
 * prose.
 */
function arraySpans(text: string, work: ScanWork): { at: number; end: number }[] {
  const spans: { at: number; end: number }[] = [];
  /** Open brackets: the index of the span of a `[`, or -1 for a `{`. */
  const open: number[] = [];
  let inString = false;
  work.steps += text.length;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c /* \\ */) i += 1;
      else if (ch === 0x22 /* " */ || ch === 0x0a /* \n */) inString = false;
    } else if (ch === 0x22 && open.length > 0) inString = true;
    else if (ch === 0x5b /* [ */) open.push(spans.push({ at: i, end: -1 }) - 1);
    else if (ch === 0x7b /* { */) open.push(-1);
    else if (ch === 0x5d /* ] */ || ch === 0x7d /* } */) {
      const span = open.pop();
      if (span !== undefined && span !== -1 && ch === 0x5d) spans[span]!.end = i;
    }
  }
  return spans;
}

/**
 * Balanced `[...]` spans that parse as JSON; a span that parses but is not data is searched inside,
 * down to {@link MAX_NESTED_TRIES} spans deep, so no character is parsed more than that many times.
 */
function findJsonArrays(text: string, work: ScanWork): { at: number; source: string; value: unknown }[] {
  const out: { at: number; source: string; value: unknown }[] = [];
  /** Ends of the spans tried around the current position, innermost last. */
  const tried: number[] = [];
  let skipUntil = -1;
  for (const { at, end } of arraySpans(text, work)) {
    if (at <= skipUntil || end === -1) continue;
    while (tried.length > 0 && (tried[tried.length - 1] ?? 0) < at) tried.pop();
    if (tried.length >= MAX_NESTED_TRIES) continue;
    tried.push(end);
    const source = text.slice(at, end + 1);
    work.steps += source.length;
    const value = tryJson(source);
    if (value !== undefined && numericDataFromJson(value)) {
      out.push({ at, source, value });
      skipUntil = end;
    }
  }
  return out;
}

function tryJson(source: string): unknown {
  try {
    return JSON.parse(source) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * `[start, end)` character ranges of fenced code blocks: a line of three or more backticks or tildes
 * (up to three spaces in) opens one, the next line of just the same fence closes it. A fence that
 * never closes is no block.
 */
function fencedRanges(lines: string[], offsets: number[], work: ScanWork): [number, number][] {
  const ranges: [number, number][] = [];
  /** The block open at this line (its fence and start offset); fence lines inside it are content. */
  let open: { fence: string; start: number } | null = null;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    work.steps += line.length + 1;
    if (open) {
      const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
      if (close && close[1] === open.fence) {
        ranges.push([open.start, (offsets[i] ?? 0) + line.length]);
        open = null;
      }
      continue;
    }
    const opener = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (opener) open = { fence: opener[1] ?? '```', start: offsets[i] ?? 0 };
  }
  return ranges;
}

/** Text before data on the same line, when it ends with a colon: `Weekly sales: [1, 2, 3]`. */
function leadIn(text: string, lineStart: number, at: number): string | null {
  let end = at;
  while (end > lineStart && /\s/.test(text[end - 1] ?? '')) end -= 1;
  if (end === lineStart || text[end - 1] !== ':' || at - lineStart > MAX_LEAD_IN) return null;
  return stripInline(text.slice(lineStart, end - 1).trim()) || null;
}

/** The text's lines, where each starts, and per-line questions answered once per line. */
function lineLayout(text: string, work: ScanWork) {
  const offsets: number[] = [0];
  work.steps += text.length;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) offsets.push(i + 1);
  const lines = offsets.map((start, i) => {
    const next = offsets[i + 1];
    const end = next === undefined ? text.length : next - 1;
    return text.slice(start, end > start && text[end - 1] === '\r' ? end - 1 : end);
  });
  const captions = new Map<number, string | null>();
  const bounds = new Map<number, [number, number]>();
  return {
    lines,
    offsets,
    /** The nearest non-empty line above `line`, when it is a heading or ends with a colon. */
    captionBefore(line: number): string | null {
      const known = captions.get(line);
      if (known !== undefined) return known;
      let caption: string | null = null;
      for (let i = line - 1; i >= 0; i -= 1) {
        const t = (lines[i] ?? '').trim();
        work.steps += (lines[i] ?? '').length + 1;
        if (t === '') continue;
        const heading = /^#{1,6}\s+(.*?)\s*#*$/.exec(t);
        if (heading) caption = stripInline(heading[1] ?? '') || null;
        else if (t.endsWith(':')) caption = stripInline(t.slice(0, -1)) || null;
        break;
      }
      captions.set(line, caption);
      return caption;
    },
    /** True when the span `[from, to]` is all the line holds but spaces. */
    standalone(line: number, from: number, to: number): boolean {
      let b = bounds.get(line);
      if (b === undefined) {
        const content = lines[line] ?? '';
        work.steps += content.length;
        const start = offsets[line] ?? 0;
        const first = content.search(/\S/);
        const last = content.length - (content.match(/\s*$/)?.[0].length ?? 0) - 1;
        b = first === -1 ? [-1, -1] : [start + first, start + last];
        bounds.set(line, b);
      }
      return b[0] === from && b[1] === to;
    },
  };
}

/** The line holding character `at` (binary search over the line starts). */
function lineIndexOf(offsets: number[], at: number): number {
  let low = 0;
  let high = offsets.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((offsets[mid] ?? Infinity) <= at) low = mid;
    else high = mid - 1;
  }
  return low;
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
