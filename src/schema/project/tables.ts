/**
 * A project's tables (Wexa storage) as fields of `Project` (`tables`, `table`, `tableNames`), the
 * `Table` and `TableRecord` types, and the table mutations (create a table, delete a record or a
 * column). Records are a connection over the upstream's 1-based page/limit with its query and sort.
 * Files, the other half of Wexa storage, are in `../files.ts`.
 */
import type { GraphContext } from '../../context.js';
import { BadUserInputError } from '../../errors.js';
import { recordPage, tableList, tableNames } from '../../loaders/tables.js';
import type { LooseItem, TableRecord } from '../../wexa/model.js';
import { builder } from '../builder.js';
import { pageArgs } from '../connections.js';
import { wexaIdField } from '../fields.js';
import { definedOnly } from '../inputs.js';
import { orNullIfMissing, projectLink } from '../links.js';
import { upstreamConnection } from '../paging.js';
import { ProjectRef } from '../refs.js';

/** A table with the project it belongs to (the upstream addresses tables through their project). */
interface TableInProject {
  projectId: string;
  table: LooseItem;
}

const RecordRef = builder.objectRef<TableRecord>('TableRecord').implement({
  description: 'A record (row) of a table.',
  fields: (t) => ({
    wexaId: wexaIdField(t),
    data: t.field({ type: 'JSON', description: 'The record\'s fields, verbatim.', resolve: (r) => r.data }),
  }),
});

const RecordConnection = builder.connectionObject({ type: RecordRef, name: 'TableRecordConnection' }, { name: 'TableRecordEdge' });

const TableRef = builder.objectRef<TableInProject>('Table').implement({
  description: 'A table of the project (Wexa storage). The upstream shape is undocumented: `raw` holds every field as sent.',
  fields: (t) => ({
    wexaId: t.string({ nullable: true, resolve: (x) => x.table.id }),
    name: t.string({ nullable: true, resolve: (x) => x.table.name }),
    raw: t.field({ type: 'JSON', resolve: (x) => x.table.extra }),
    project: projectLink(t),
    records: t.field({
      type: RecordConnection,
      args: {
        ...pageArgs(t.arg),
        query: t.arg.string({ required: false, description: 'Text to search for, as the upstream searches.' }),
        sortKey: t.arg.string({ required: false, description: 'A record field to sort by (default: the record id).' }),
        descending: t.arg.boolean({ required: false }),
      },
      resolve: async (x, args, ctx) => {
        const tableId = x.table.id ?? x.table.name;
        if (tableId === null) throw new BadUserInputError('This table has neither an id nor a name to read its records by.');
        const sort: -1 | 1 | undefined = args.descending == null ? undefined : args.descending ? -1 : 1;
        return upstreamConnection(args, ctx.config, (skip, limit) =>
          ctx.loaders
            .get(recordPage)
            .load(definedOnly({ projectId: x.projectId, tableId, skip, limit, query: args.query, sortKey: args.sortKey, sort })),
        );
      },
    }),
  }),
});

builder.objectFields(ProjectRef, (t) => ({
  tables: t.field({
    type: [TableRef],
    resolve: async (p, _args, ctx) => (await ctx.loaders.get(tableList).load(p.id)).items.map((table) => ({ projectId: p.id, table })),
  }),
  table: t.field({
    type: TableRef,
    nullable: true,
    args: { name: t.arg.string({ required: true, description: 'The table name (or id).' }) },
    resolve: async (p, args, ctx) => {
      const table = (await ctx.loaders.get(tableList).load(p.id)).items.find((x) => x.name === args.name || x.id === args.name);
      return table ? { projectId: p.id, table } : null;
    },
  }),
  tableNames: t.stringList({ resolve: (p, _args, ctx) => ctx.loaders.get(tableNames).load(p.id) }),
}));

/** The table named in a mutation input, with its project. */
async function tableIn(ctx: GraphContext, projectId: string, tableId: string): Promise<TableInProject | null> {
  const table = (await orNullIfMissing(ctx.loaders.get(tableList).load(projectId)))?.items.find((x) => x.id === tableId || x.name === tableId);
  return table ? { projectId, table } : null;
}

builder.relayMutationField(
  'createTable',
  {
    inputFields: (t) => ({
      projectId: t.id({ required: true }),
      spec: t.field({ type: 'JSON', required: true, description: 'The table as the upstream takes it, e.g. `{"table_name": "Leads", "columns": [{"name": "email", "type": "string"}]}`.' }),
    }),
  },
  {
    resolve: async (_root, { input }, ctx) => {
      const table = await ctx.wexa.tables.create(input.projectId, input.spec);
      ctx.loaders.get(tableList).clear(input.projectId);
      ctx.loaders.get(tableNames).clear(input.projectId);
      return { table: { projectId: input.projectId, table } };
    },
  },
  { outputFields: (t) => ({ table: t.field({ type: TableRef, resolve: (p) => p.table }) }) },
);

builder.relayMutationField(
  'deleteTableRecord',
  { inputFields: (t) => ({ projectId: t.id({ required: true }), tableId: t.id({ required: true }), recordId: t.id({ required: true }) }) },
  {
    resolve: async (_root, { input }, ctx) => {
      const ack = await ctx.wexa.tables.deleteRecord(input.projectId, input.tableId, input.recordId);
      ctx.loaders.get(recordPage).clearAll();
      return { deletedRecordId: input.recordId, message: ack.message, table: await tableIn(ctx, input.projectId, input.tableId) };
    },
  },
  {
    outputFields: (t) => ({
      deletedRecordId: t.id({ resolve: (p) => p.deletedRecordId }),
      message: t.string({ nullable: true, resolve: (p) => p.message }),
      table: t.field({ type: TableRef, nullable: true, resolve: (p) => p.table }),
    }),
  },
);

builder.relayMutationField(
  'deleteTableColumn',
  { inputFields: (t) => ({ projectId: t.id({ required: true }), columnId: t.id({ required: true }) }) },
  {
    resolve: async (_root, { input }, ctx) => {
      const ack = await ctx.wexa.tables.deleteColumn(input.projectId, input.columnId);
      ctx.loaders.get(tableList).clear(input.projectId);
      ctx.loaders.get(recordPage).clearAll();
      return { deletedColumnId: input.columnId, message: ack.message };
    },
  },
  {
    outputFields: (t) => ({
      deletedColumnId: t.id({ resolve: (p) => p.deletedColumnId }),
      message: t.string({ nullable: true, resolve: (p) => p.message }),
    }),
  },
);
