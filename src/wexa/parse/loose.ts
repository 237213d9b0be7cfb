/**
 * Tolerant parsers for responses the reference gives no shape for (tags, tables and records, files,
 * marketplace entries, connector configs, analytics, settings). They find an id and a name under
 * the usual spellings and keep every field verbatim, so nothing is lost and nothing is guessed.
 */
import type { LooseItem, TableRecord } from '../model.js';
import { FieldReader, childPath, contractError, isRecord, type ItemParser, type ParseContext } from './common.js';

const ID = ['_id', 'id'];
const NAME = ['name', 'title', 'label', 'tag', 'table_name', 'filename', 'file_name', 'projectName'];

/** An object with an optional id and name; every field (id and name included) stays in `extra`. */
export function looseParserFor(ids: readonly string[] = ID, names: readonly string[] = NAME): ItemParser<LooseItem> {
  return (value, path, ctx) => {
    // A bare string is a name (e.g. a list of tag or table names).
    if (typeof value === 'string') return { id: null, name: value, extra: {} };
    const r = FieldReader.of(value, path, ctx);
    const pick = (keys: readonly string[]) => {
      for (const k of keys) {
        const v = r.peek(k);
        if (typeof v === 'string' && v !== '') return v;
        if (typeof v === 'number') return String(v);
      }
      return null;
    };
    return { id: pick(ids), name: pick(names), extra: { ...r.raw } };
  };
}

export const looseParser = looseParserFor();

/** Any JSON object answer (analytics, settings, a config), verbatim; `{data: {...}}` is unwrapped. */
export function parseObject(json: unknown, ctx: ParseContext): Record<string, unknown> {
  if (isRecord(json) && Object.keys(json).length === 1 && isRecord(json.data)) return json.data;
  if (!isRecord(json)) return contractError(ctx, '$', 'must be an object');
  return json;
}

/** A table record: `_id` (or `id`) and the rest of its fields. */
export const tableRecordParser: ItemParser<TableRecord> = (value, path, ctx) => {
  if (!isRecord(value)) return contractError(ctx, path, 'must be an object');
  const id = value._id ?? value.id;
  if (typeof id !== 'string' && typeof id !== 'number') contractError(ctx, childPath(path, '_id'), 'is missing');
  const data = { ...value };
  delete data._id;
  return { id: String(id), data };
};
