/** Tables, records and files. */
import { checkObjectId, intQuery, requireConnector, requireProject, requireProjectParam } from '../access.js';
import { ok, type Ctx, type Route } from '../core.js';
import { HttpError } from '../http.js';
import { makeObjectId } from '../prng.js';
import { nowSeconds } from '../time.js';
import type { Json, TableRec } from '../types.js';

function tablesOf(ctx: Ctx, projectId: string): TableRec[] {
  return [...ctx.state.tables.values()].filter((t) => t.projectID === projectId).sort((a, b) => a.created_at - b.created_at);
}

/** A table of the path's project, by id or by name. */
function requireTable(ctx: Ctx): TableRec {
  const project = requireProject(ctx, ctx.params['projectID']!);
  const key = ctx.params['table_id']!;
  const table = tablesOf(ctx, project._id).find((t) => t._id === key || t.table_name === key);
  if (!table) throw new HttpError(404, 'Table not found');
  return table;
}

const summary = (t: TableRec) => ({
  _id: t._id, table_name: t.table_name, projectID: t.projectID, columns: t.columns, records_count: t.records.length, created_at: t.created_at,
});

function requireFile(ctx: Ctx, id: string): Json {
  checkObjectId(id, 'file id');
  const file = ctx.state.files.get(id);
  if (!file) throw new HttpError(404, 'File not found');
  requireProject(ctx, String(file['projectID']));
  return file;
}

/** The storage routes. */
export const storageRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/storage/{projectID}',
    handler: (ctx) => {
      const project = requireProject(ctx, ctx.params['projectID']!);
      const tables = tablesOf(ctx, project._id).map(summary);
      return ok({ data: tables, total: tables.length });
    },
  },
  {
    method: 'GET',
    pattern: '/storage/{projectID}/names',
    handler: (ctx) => ok({ data: tablesOf(ctx, requireProject(ctx, ctx.params['projectID']!)._id).map((t) => t.table_name) }),
  },
  {
    method: 'GET',
    pattern: '/storage/{projectID}/{table_id}',
    handler: (ctx) => {
      const table = requireTable(ctx);
      const page = intQuery(ctx, 'page', 1, 1) ?? 1;
      const limit = intQuery(ctx, 'limit', 100, 1) ?? 100;
      const query = ctx.query.get('query')?.toLowerCase();
      const sortKey = ctx.query.get('sort_key') ?? '_id';
      const sortRaw = ctx.query.get('sort') ?? '1';
      if (sortRaw !== '1' && sortRaw !== '-1') throw new HttpError(400, 'sort must be 1 or -1');
      const dir = Number(sortRaw);
      const rows = table.records
        .filter((r) => !query || Object.values(r).some((v) => String(v).toLowerCase().includes(query)))
        .sort((a, b) => {
          const x = a[sortKey] as string | number | undefined;
          const y = b[sortKey] as string | number | undefined;
          return x === y ? 0 : (x ?? '') < (y ?? '') ? -dir : dir;
        });
      return ok({ data: rows.slice((page - 1) * limit, page * limit), total: rows.length });
    },
  },
  {
    method: 'DELETE',
    pattern: '/storage/{projectID}/{table_id}/{record_id}',
    handler: (ctx) => {
      const table = requireTable(ctx);
      const id = ctx.params['record_id']!;
      const index = table.records.findIndex((r) => r['_id'] === id);
      if (index < 0) throw new HttpError(404, 'Record not found');
      table.records.splice(index, 1);
      return ok({ status: 'success', message: `Deleted record ${id}` });
    },
  },
  {
    method: 'POST',
    pattern: '/create/table',
    handler: (ctx) => {
      const project = requireProjectParam(ctx);
      const name = ctx.body['table_name'];
      if (typeof name !== 'string' || name.trim() === '') throw new HttpError(422, 'Field required: table_name');
      if (tablesOf(ctx, project._id).some((t) => t.table_name === name)) throw new HttpError(409, 'A table with this name exists');
      const columns = ctx.body['columns'] ?? [];
      if (!Array.isArray(columns) || columns.some((c) => typeof c?.name !== 'string')) throw new HttpError(400, 'Field columns must be a list of {name, type}');
      const now = nowSeconds();
      const table: TableRec = {
        _id: makeObjectId(ctx.state.rng, now), projectID: project._id, table_name: name, created_at: now, records: [],
        columns: (columns as { name: string; type?: string }[]).map((c) => ({ _id: makeObjectId(ctx.state.rng, now), name: c.name, type: c.type ?? 'string' })),
      };
      ctx.state.tables.set(table._id, table);
      return ok(summary(table));
    },
  },
  {
    method: 'DELETE',
    pattern: '/delete/column/{projectID}',
    handler: (ctx) => {
      const project = requireProject(ctx, ctx.params['projectID']!);
      const columnId = ctx.body['columnId'];
      if (typeof columnId !== 'string') throw new HttpError(422, 'Field required: columnId');
      for (const table of tablesOf(ctx, project._id)) {
        const column = table.columns.find((c) => c._id === columnId);
        if (!column) continue;
        table.columns = table.columns.filter((c) => c !== column);
        for (const r of table.records) delete r[column.name];
        return ok({ status: 'success', message: `Deleted column ${column.name}` });
      }
      throw new HttpError(404, 'Column not found');
    },
  },
  {
    method: 'GET',
    pattern: '/file/{fileId}',
    handler: (ctx) => {
      const project = requireProjectParam(ctx);
      const file = requireFile(ctx, ctx.params['fileId']!);
      if (file['projectID'] !== project._id) throw new HttpError(404, 'File not found in this project');
      return ok(file);
    },
  },
  {
    method: 'GET',
    pattern: '/files/{projectID}/connector/{connector_id}',
    handler: (ctx) => {
      const project = requireProject(ctx, ctx.params['projectID']!);
      const connector = requireConnector(ctx, ctx.params['connector_id']!);
      if (connector.projectID !== project._id) throw new HttpError(404, 'Connector not found in this project');
      const files = [...ctx.state.files.values()].filter((f) => f['connector_id'] === connector._id);
      return ok({ data: files, total: files.length });
    },
  },
  {
    method: 'POST',
    pattern: '/files/upload',
    handler: (ctx) => {
      const project = requireProjectParam(ctx);
      const container = ctx.query.get('container_name');
      if (!container) throw new HttpError(422, 'container_name is required');
      const names = ctx.body['filenames'];
      if (!Array.isArray(names) || names.length === 0 || names.some((n) => typeof n !== 'string')) throw new HttpError(422, 'Field required: filenames (a list of names)');
      const tags = ctx.body['tags'] ?? [];
      if (!Array.isArray(tags)) throw new HttpError(400, 'Field tags must be a list');
      if (ctx.body['org_id'] !== project.orgId) throw new HttpError(403, 'org_id is not the project organisation');
      const now = nowSeconds();
      const files = (names as string[]).map((filename) => {
        const file: Json = {
          _id: makeObjectId(ctx.state.rng, now), filename, connector_id: null, projectID: project._id, size_bytes: 0, tags,
          source_type: ctx.body['source_type'] ?? 'STORAGE', container_name: container, created_at: now,
        };
        ctx.state.files.set(String(file['_id']), file);
        return file;
      });
      return ok({ status: 'success', files });
    },
  },
];
