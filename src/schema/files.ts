/**
 * Files stored in Wexa (uploaded, or brought in by a connector): the `File` type, `Query.file`, and
 * `uploadFiles`. A connector's files (`Connector.files`) are a field of `Connector`, in
 * `connector.ts`; tables, the other half of Wexa storage, are in `project/tables.ts`.
 */
import { customer } from '../loaders/customer.js';
import { fileById } from '../loaders/tables.js';
import { builder } from './builder.js';
import { definedOnly, requireText } from './inputs.js';
import { looseType } from './loose.js';

export const FileRef = looseType('File', 'A file stored in Wexa (uploaded, or brought in by a connector).');

builder.queryField('file', (t) =>
  t.field({
    type: FileRef,
    nullable: true,
    args: { projectId: t.arg.id({ required: true }), id: t.arg.id({ required: true, description: 'The Wexa file id.' }) },
    resolve: (_root, args, ctx) => ctx.loaders.get(fileById).load({ projectId: args.projectId, id: args.id }),
  }),
);

builder.relayMutationField(
  'uploadFiles',
  {
    description: 'Registers files by name and tags (a JSON call, as the Wexa reference describes upload; no file bytes travel through GraphQL).',
    inputFields: (t) => ({
      projectId: t.id({ required: true }),
      containerName: t.string({ required: true }),
      filenames: t.stringList({ required: true }),
      tags: t.stringList({ required: false }),
      sourceType: t.string({ required: false, description: 'Default `STORAGE`.' }),
    }),
  },
  {
    resolve: async (_root, { input }, ctx) => {
      const result = await ctx.wexa.files.upload(
        input.projectId,
        definedOnly({
          containerName: requireText('containerName', input.containerName),
          filenames: input.filenames,
          tags: input.tags,
          sourceType: input.sourceType,
          orgId: (await ctx.loaders.get(customer).load('self')).organizationId,
        }),
      );
      return { result };
    },
  },
  { outputFields: (t) => ({ result: t.field({ type: 'JSON', description: 'The upstream answer, verbatim (undocumented).', resolve: (p) => p.result }) }) },
);
