/**
 * The watch behind `Subscription.inboxRequests(projectId)`: a project's inbox as a `list` watch
 * (one poll per project and key, whatever the number of subscribers). New requests and requests
 * whose state changes (answered, approved, acknowledged…) are published; the first poll only sets
 * the baseline.
 */
import type { WexaApi } from '../wexa/api.js';
import type { InboxRequest } from '../wexa/model.js';
import { fingerprint, type WatchSpec } from './specs.js';

/** How many of a project's newest inbox requests the watch compares. */
export const INBOX_WATCH_LIMIT = 100;

/** A project's inbox; never over by itself. */
export function inboxRequestsSpec(projectId: string): WatchSpec<InboxRequest> {
  return {
    kind: 'inbox-requests',
    ids: [projectId],
    mode: 'list',
    read: async (wexa: WexaApi) => (await wexa.inbox.list(projectId, { limit: INBOX_WATCH_LIMIT })).items,
    idOf: (r) => r.id,
    fingerprint,
    isTerminal: () => false,
  };
}
