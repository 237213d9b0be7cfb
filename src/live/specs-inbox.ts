/**
 * The watch behind `Subscription.inboxRequests(projectId)`: a project's inbox as a `list` watch
 * (one poll per project and key, whatever the number of subscribers). New requests and requests
 * whose state changes (answered, approved, acknowledged…) are published; the first poll only sets
 * the baseline.
 */
import type { WexaApi } from '../wexa/api.js';
import type { InboxRequest } from '../wexa/model.js';
import { stableJson, type WatchSpec } from './specs.js';

/** How many of a project's newest inbox requests the watch compares. */
export const INBOX_WATCH_LIMIT = 100;

/** An inbox request tied to the project it was listed under. */
export type ProjectInboxRequest = InboxRequest & { projectId: string };

/** What a client sees change in an inbox request: its status, summary and kind-specific content. */
export function inboxFingerprint(request: InboxRequest): string {
  const details = request.details ? { ...request.details, raw: undefined } : null;
  return stableJson({ status: request.status, summary: request.summary, type: request.type, details });
}

/** A project's inbox; never over by itself. */
export function inboxRequestsSpec(projectId: string): WatchSpec<ProjectInboxRequest> {
  return {
    kind: 'inbox-requests',
    ids: [projectId],
    mode: 'list',
    read: async (wexa: WexaApi) =>
      (await wexa.inbox.list(projectId, { limit: INBOX_WATCH_LIMIT })).items.map((r) => ({ ...r, projectId: r.projectId ?? projectId })),
    idOf: (r) => r.id,
    fingerprint: inboxFingerprint,
    isTerminal: () => false,
  };
}
