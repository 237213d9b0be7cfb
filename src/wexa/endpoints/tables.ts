/**
 * Tables and records (storage; SDK paths, shapes undocumented). Quirks: *create table* is
 * `POST /create/table`, *delete a column* is a DELETE with a JSON body (`columnId`), records page
 * by 1-based `page` with `sort` (1/-1) and `sort_key`.
 */
import { BadUserInputError } from '../../errors.js';
import type { WexaApi } from '../api.js';
import { assertCount, assertObjectId, assertText } from '../ids.js';
import { parseAck } from '../parse/ack.js';
import { isRecord, parseList, parseRoot, stringParser } from '../parse/common.js';
import { looseParser, tableRecordParser } from '../parse/loose.js';
import type { Call } from './call.js';
import { windowOverPages } from './pages.js';

/** A table or record id: the upstream uses ObjectIds, but tables may also be addressed by name. */
function assertKey(argument: string, value: string): string {
  if (!/^[\w.-]{1,100}$/.test(value)) throw new BadUserInputError(`${argument} must be 1-100 letters, digits, '_', '-' or '.'.`);
  return value;
}

/** The `tables` part of {@link WexaApi}. */
export function tablesApi(call: Call): WexaApi['tables'] {
  return {
    async list(projectId) {
      const projectID = assertObjectId('projectId', projectId);
      return call({ method: 'GET', route: '/storage/{projectID}', params: { projectID } }, (json, ctx) =>
        parseList(json, ctx, ['tables'], looseParser),
      );
    },
    async names(projectId) {
      const projectID = assertObjectId('projectId', projectId);
      return call({ method: 'GET', route: '/storage/{projectID}/names', params: { projectID } }, (json, ctx) =>
        parseList(json, ctx, ['names', 'table_names'], stringParser).items,
      );
    },
    async create(projectId, spec) {
      const projectID = assertObjectId('projectId', projectId);
      if (!isRecord(spec)) throw new BadUserInputError('spec must be a JSON object.');
      return call({ method: 'POST', route: '/create/table', query: { projectID }, body: { ...spec, projectID } }, (json, ctx) =>
        parseRoot(json, ctx, looseParser),
      );
    },
    async records(projectId, tableId, params = {}) {
      const projectID = assertObjectId('projectId', projectId);
      const path = { projectID, table_id: assertKey('tableId', tableId) };
      const filters = {
        query: params.query === undefined ? undefined : assertText('query', params.query, 1000),
        sort: params.sort,
        sort_key: params.sortKey === undefined ? undefined : assertKey('sortKey', params.sortKey),
      };
      const readPage = (page?: number, limit?: number) =>
        call({ method: 'GET', route: '/storage/{projectID}/{table_id}', params: path, query: { page, limit, ...filters } }, (json, ctx) =>
          parseList(json, ctx, ['records', 'rows'], tableRecordParser),
        );
      return windowOverPages(readPage, assertCount('skip', params.skip) ?? 0, assertCount('limit', params.limit, 1));
    },
    async deleteRecord(projectId, tableId, recordId) {
      const params = {
        projectID: assertObjectId('projectId', projectId),
        table_id: assertKey('tableId', tableId),
        record_id: assertKey('recordId', recordId),
      };
      return call({ method: 'DELETE', route: '/storage/{projectID}/{table_id}/{record_id}', params }, parseAck);
    },
    async deleteColumn(projectId, columnId) {
      const projectID = assertObjectId('projectId', projectId);
      return call(
        { method: 'DELETE', route: '/delete/column/{projectID}', params: { projectID }, body: { columnId: assertKey('columnId', columnId) } },
        parseAck,
      );
    },
  };
}
