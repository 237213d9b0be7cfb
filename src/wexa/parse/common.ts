/**
 * Building blocks shared by the per-resource parsers: a field reader that tracks JSON paths and
 * which fields it consumed (the rest become `extra`), timestamp and status normalisation, user
 * references and list unwrapping.
 *
 * Parsers are tolerant of what the reference says varies (field spellings, timestamp units, list
 * wrappers) and honest about what is missing: a required field that is absent or of the wrong type
 * throws `UpstreamContractError` naming the endpoint and the JSON path, e.g. `$.data[3].status`.
 *
 * Naming: `thingParser` is an {@link ItemParser} for one value, or (`thingParser(projectId)`) a
 * factory of one for parsers that need to know what was asked for; `parseThing(json, ctx)` reads
 * a whole response body (`parseList`, `parseRoot`, `parseAck`, `parseStatusChange`).
 */
import { UpstreamContractError } from '../../errors.js';
import type { Extra, IsoDateTime, Page, UserRef } from '../model.js';

/** Where a parser is reading from: the endpoint pattern, for error messages. */
export interface ParseContext {
  endpoint: string;
}

/** A parser of one upstream value found at `path`. */
export type ItemParser<T> = (value: unknown, path: string, ctx: ParseContext) => T;

/** Appends a property name to a JSON path (`$.a`, or `$["odd key"]` when not an identifier). */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** Throws the contract error for `path`. */
export function contractError(ctx: ParseContext, path: string, detail: string): never {
  throw new UpstreamContractError(ctx.endpoint, path, detail);
}

/** True for a plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const NAIVE_ISO = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Converts any of the upstream's timestamp encodings to ISO-8601 UTC with millisecond precision:
 * epoch seconds (float), epoch milliseconds (float; anything above 1e11 is taken as ms) and ISO
 * strings, where a string without a zone is UTC. Fractions below a millisecond are truncated.
 * Returns undefined for anything unreadable.
 */
export function toIsoTimestamp(value: unknown): IsoDateTime | undefined {
  if (typeof value === 'number') {
    // The same lists are read again and again, with the same epoch numbers in them.
    const known = recentEpochs.get(value);
    if (known !== undefined) return known;
    const iso = epochToIso(value);
    if (iso !== undefined) {
      if (recentEpochs.size >= RECENT_EPOCHS) recentEpochs.clear();
      recentEpochs.set(value, iso);
    }
    return iso;
  }
  if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) return epochToIso(Number(value));
  if (typeof value !== 'string') return undefined;
  const m = NAIVE_ISO.exec(value.trim());
  if (!m) return undefined;
  const [, date, time, fraction = '', zone] = m;
  const millis = fraction.padEnd(3, '0').slice(0, 3);
  const ms = Date.parse(`${date}T${time!.length === 5 ? `${time}:00` : time}.${millis}${zone ?? 'Z'}`);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** Epoch numbers converted lately, and their ISO form (cleared when full: a cache, not a store). */
const recentEpochs = new Map<number, IsoDateTime>();
const RECENT_EPOCHS = 20_000;

/** Epoch seconds or milliseconds (see {@link toIsoTimestamp}) as ISO-8601. */
function epochToIso(n: number): IsoDateTime | undefined {
  if (!Number.isFinite(n) || n < 0 || n > 1e15) return undefined;
  // Round to whole microseconds first, so binary float noise (x.001 * 1000 = x000.9999…) cannot
  // push the value below the millisecond it names; then truncate to milliseconds.
  const micros = Math.round(n > 1e11 ? n * 1000 : n * 1_000_000);
  return new Date(Math.floor(micros / 1000)).toISOString();
}

/**
 * Normalises a status string: trimmed, lower-case, `canceled` → `cancelled`; anything outside
 * `known` becomes `unknown`.
 */
export function normaliseStatus<S extends string>(raw: string, known: readonly S[]): S | 'unknown' {
  let s = raw.trim().toLowerCase();
  if (s === 'canceled') s = 'cancelled';
  return (known as readonly string[]).includes(s) && s !== 'unknown' ? (s as S) : 'unknown';
}

/**
 * Reads the fields of one upstream object. Every accessor takes one name or several accepted
 * spellings (the first present wins) and marks them consumed; `extra()` returns the rest verbatim.
 */
export class FieldReader {
  /** Names asked for so far (a list: cheaper to add to than a Set, and short). */
  private readonly used: string[] = [];

  private constructor(
    readonly raw: Record<string, unknown>,
    readonly path: string,
    readonly ctx: ParseContext,
  ) {}

  /** Starts reading `value`, which must be an object. */
  static of(value: unknown, path: string, ctx: ParseContext): FieldReader {
    if (!isRecord(value)) contractError(ctx, path, `must be an object, got ${describe(value)}`);
    return new FieldReader(value, path, ctx);
  }

  /** The first accepted spelling with a non-null value: its name and value. Marks all spellings used. */
  private pick(names: string | readonly string[]): { name: string; value: unknown } {
    if (typeof names === 'string') {
      // The common case, without a list to walk (this runs for every field of every item of a list).
      this.used.push(names);
      const value = this.raw[names];
      return { name: names, value: value === null ? undefined : value };
    }
    const list = names;
    for (const n of list) this.used.push(n);
    for (const n of list) {
      const value = this.raw[n];
      if (value !== undefined && value !== null) return { name: n, value };
    }
    return { name: list[0]!, value: undefined };
  }

  private fail(name: string, detail: string): never {
    return contractError(this.ctx, childPath(this.path, name), detail);
  }

  /** A required non-empty string. */
  str(names: string | readonly string[]): string {
    const { name, value } = this.pick(names);
    if (value === undefined) this.fail(name, 'is missing');
    if (typeof value !== 'string' || value === '') this.fail(name, `must be a non-empty string, got ${describe(value)}`);
    return value;
  }

  /** An optional string (absent or null → null). Numbers are accepted and stringified. */
  optStr(names: string | readonly string[]): string | null {
    const { name, value } = this.pick(names);
    if (value === undefined) return null;
    if (typeof value === 'number') return String(value);
    if (typeof value !== 'string') this.fail(name, `must be a string, got ${describe(value)}`);
    return value;
  }

  /** A string or, when absent, `fallback`. */
  strOr(names: string | readonly string[], fallback: string | null | undefined): string {
    const value = this.optStr(names);
    if (value !== null && value !== '') return value;
    if (fallback) return fallback;
    return this.str(names);
  }

  /** An optional number (absent or null → null). */
  num(names: string | readonly string[]): number | null {
    const { name, value } = this.pick(names);
    if (value === undefined) return null;
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(name, `must be a number, got ${describe(value)}`);
    return value;
  }

  /** A required number. */
  numReq(names: string | readonly string[]): number {
    const value = this.num(names);
    if (value === null) this.fail(typeof names === 'string' ? names : names[0]!, 'is missing');
    return value;
  }

  /** An optional boolean, `fallback` when absent. */
  bool(names: string | readonly string[], fallback: boolean): boolean {
    const { name, value } = this.pick(names);
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') this.fail(name, `must be a boolean, got ${describe(value)}`);
    return value;
  }

  /** An optional timestamp in any upstream encoding, as ISO-8601 UTC. */
  time(names: string | readonly string[]): IsoDateTime | null {
    const { name, value } = this.pick(names);
    if (value === undefined) return null;
    const iso = toIsoTimestamp(value);
    if (iso === undefined) this.fail(name, `must be a timestamp (epoch seconds, epoch ms or ISO-8601), got ${describe(value)}`);
    return iso;
  }

  /** An optional nested object, as a reader (absent or null → null). */
  obj(names: string | readonly string[]): FieldReader | null {
    const { name, value } = this.pick(names);
    if (value === undefined) return null;
    return FieldReader.of(value, childPath(this.path, name), this.ctx);
  }

  /** An optional free-form object (absent or null → `{}`). */
  record(names: string | readonly string[]): Record<string, unknown> {
    const { name, value } = this.pick(names);
    if (value === undefined) return {};
    if (!isRecord(value)) this.fail(name, `must be an object, got ${describe(value)}`);
    return value;
  }

  /** An optional array, each element parsed by `item` (absent or null → `[]`). */
  list<T>(names: string | readonly string[], item: ItemParser<T>): T[] {
    const { name, value } = this.pick(names);
    if (value === undefined) return [];
    if (!Array.isArray(value)) this.fail(name, `must be an array, got ${describe(value)}`);
    const at = childPath(this.path, name);
    return value.map((v, i) => item(v, childPath(at, i), this.ctx));
  }

  /** A value looked at without consuming it (it stays in `extra`). */
  peek(name: string): unknown {
    return this.raw[name];
  }

  /** A value taken as it is (absent → undefined). */
  any(names: string | readonly string[]): unknown {
    return this.pick(names).value;
  }

  /** An optional user reference: a bare id or `{_id, name, type}`. */
  user(names: string | readonly string[]): UserRef | null {
    const { name, value } = this.pick(names);
    if (value === undefined) return null;
    return userRefParser(value, childPath(this.path, name), this.ctx);
  }

  /** Every field no accessor asked for, verbatim. */
  extra(): Extra {
    const out: Extra = {};
    const { raw, used } = this;
    for (const k in raw) {
      if (used.includes(k) || !Object.hasOwn(raw, k)) continue;
      // A "__proto__" key from JSON is data: define it rather than set the prototype.
      if (k === '__proto__') Object.defineProperty(out, k, { value: raw[k], enumerable: true, writable: true, configurable: true });
      else out[k] = raw[k];
    }
    return out;
  }
}

/** `executed_by` / `created_by`: a bare id string or an object `{_id, name, type, metadata}`. */
export const userRefParser: ItemParser<UserRef> = (value, path, ctx) => {
  if (typeof value === 'string' && value !== '') return { id: value, name: null, type: null };
  const r = FieldReader.of(value, path, ctx);
  return { id: r.str(['_id', 'id', 'user_id']), name: r.optStr(['name', 'username']), type: r.optStr('type') };
};

/** A bare string element (ids in `execution_ids`, for example). */
export const stringParser: ItemParser<string> = (value, path, ctx) =>
  typeof value === 'string' ? value : contractError(ctx, path, `must be a string, got ${describe(value)}`);

const LIST_WRAPPERS = ['data', 'items', 'results'];
const TOTAL_FIELDS = ['total', 'total_count', 'count'];

/**
 * Unwraps a list response: a bare array, or an object holding the array under `data`, `items`,
 * `results`, one of `names` (the plural resource name) or, failing those, its only array field.
 * The total comes from `total`, `total_count` or `count` when present.
 */
export function parseList<T>(json: unknown, ctx: ParseContext, names: readonly string[], item: ItemParser<T>): Page<T> {
  const parseItems = (arr: unknown[], path: string) => arr.map((v, i) => item(v, childPath(path, i), ctx));
  if (Array.isArray(json)) return { items: parseItems(json, '$'), total: null };
  if (!isRecord(json)) return contractError(ctx, '$', `must be a list or an object holding one, got ${describe(json)}`);
  let key = [...LIST_WRAPPERS, ...names].find((k) => Array.isArray(json[k]));
  if (key === undefined) {
    const arrays = Object.keys(json).filter((k) => Array.isArray(json[k]));
    if (arrays.length === 1) key = arrays[0];
  }
  if (key === undefined) return contractError(ctx, '$', `holds no list (expected one of ${[...LIST_WRAPPERS, ...names].join(', ')})`);
  const items = parseItems(json[key] as unknown[], childPath('$', key));
  let total: number | null = null;
  for (const t of TOTAL_FIELDS) {
    const v = json[t];
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) {
      total = v;
      break;
    }
  }
  return { items, total };
}

/** Parses a single-object response at the root. */
export function parseRoot<T>(json: unknown, ctx: ParseContext, item: ItemParser<T>): T {
  return item(json, '$', ctx);
}
