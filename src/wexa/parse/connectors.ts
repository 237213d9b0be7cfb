/** Parsers for connectors and their trigger actions (field names undocumented upstream; read tolerantly). */
import { CONNECTOR_STATUSES, type Connector, type TriggerAction } from '../model.js';
import { FieldReader, normaliseStatus, type ItemParser } from './common.js';

export const connectorParser: ItemParser<Connector> = (value, path, ctx) => {
  const r = FieldReader.of(value, path, ctx);
  const statusRaw = r.optStr('status') ?? '';
  return {
    id: r.str(['_id', 'connectorID', 'connector_id', 'id']),
    projectId: r.optStr(['projectID', 'project_id', 'projectId']),
    name: r.str(['name', 'connector_name']),
    description: r.optStr('description'),
    category: r.optStr('category'),
    status: normaliseStatus(statusRaw, CONNECTOR_STATUSES),
    statusRaw,
    createdAt: r.time(['created_at', 'createdAt']),
    updatedAt: r.time(['updated_at', 'updatedAt']),
    extra: r.extra(),
  };
};

export const triggerActionParser: ItemParser<TriggerAction> = (value, path, ctx) => {
  const r = FieldReader.of(value, path, ctx);
  return {
    id: r.str(['_id', 'id', 'action_id']),
    name: r.optStr('name'),
    connectorId: r.optStr(['connector_id', 'connectorID']),
    category: r.optStr('category'),
    extra: r.extra(),
  };
};
