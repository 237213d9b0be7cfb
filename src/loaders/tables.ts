/** Loaders of a project's tables and files: the table list, table names, a window of a table's records, a file, a connector's files. */
import type { RecordListParams } from '../wexa/api.js';
import type { LooseItem, Page, TableRecord } from '../wexa/model.js';
import { paramsKey, perKeyLoader, scopedKey, type ScopedKey } from './batch.js';
import { defineLoader } from './registry.js';

export const tableList = defineLoader('tableList', ({ api, limit }) =>
  perKeyLoader<string, Page<LooseItem>>(limit, (projectId) => api.tables.list(projectId)),
);

export const tableNames = defineLoader('tableNames', ({ api, limit }) => perKeyLoader<string, string[]>(limit, (projectId) => api.tables.names(projectId)));

/** A window of a table's records. */
export interface RecordPageKey extends RecordListParams {
  projectId: string;
  tableId: string;
  skip: number;
  limit: number;
}

export const recordPage = defineLoader('recordPage', ({ api, limit }) =>
  perKeyLoader<RecordPageKey, Page<TableRecord>>(limit, ({ projectId, tableId, ...params }) => api.tables.records(projectId, tableId, params), paramsKey),
);

export const fileById = defineLoader('fileById', ({ api, limit }) =>
  perKeyLoader<ScopedKey, LooseItem>(limit, (k) => api.files.get(k.projectId, k.id), scopedKey),
);

/** A connector's files, by project and connector id. */
export const connectorFiles = defineLoader('connectorFiles', ({ api, limit }) =>
  perKeyLoader<ScopedKey, Page<LooseItem>>(limit, (k) => api.files.byConnector(k.projectId, k.id), scopedKey),
);
