/** Parser for inbox requests (timestamps in epoch milliseconds upstream). */
import type { InboxRequest } from '../model.js';
import { FieldReader, type ItemParser } from './common.js';
import { readInboxDetails } from './inbox-details.js';

/**
 * Parses an inbox request of the project `projectId`. The inbox is read per project and its items
 * often do not name their project, so an item without one belongs to the project it was listed under.
 */
export function inboxRequestParser(projectId: string): ItemParser<InboxRequest> {
  return (value, path, ctx) => {
    const r = FieldReader.of(value, path, ctx);
    const type = r.optStr('type');
    return {
      id: r.str(['_id', 'id']),
      projectId: r.strOr(['projectID', 'project_id', 'projectId'], projectId),
      type,
      status: r.optStr('status'),
      summary: r.optStr('summary'),
      createdAt: r.time('created_at'),
      updatedAt: r.time('updated_at'),
      executionId: r.optStr('execution_id'),
      agentflowId: r.optStr(['coworker_id', 'agentflow_id']),
      agentflowName: r.optStr(['coworker_name', 'agentflow_name']),
      agentId: r.optStr('agent_id'),
      agentTitle: r.optStr('agent_title'),
      executedById: r.user('executed_by')?.id ?? null,
      details: readInboxDetails(r, type),
      extra: r.extra(),
    };
  };
}
