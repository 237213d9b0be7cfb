/**
 * Connection paging: validates `first`/`after`, maps them onto an offset window, and shapes the
 * Relay connection. Cursors are the Relay plugin's opaque offset cursors.
 *
 * Only forward paging is offered: the upstream pages with skip/limit and often cannot tell a total,
 * so `last`/`before` are rejected with `BAD_USER_INPUT` rather than answered wrongly.
 */
import { cursorToOffset, offsetToCursor } from '@pothos/plugin-relay';
import type { Config } from '../config.js';
import { BadUserInputError } from '../errors.js';

/** The connection arguments Pothos passes to a connection resolver. */
export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** The offset window a connection request asks for. */
export interface PageWindow {
  /** Index of the first item of the page. */
  offset: number;
  /** Items on the page (the caller fetches `size + 1` to learn whether more follow). */
  size: number;
}

/** The shape Pothos expects a connection resolver to return. */
export interface ConnectionResult<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number | null;
}

type PagingConfig = Pick<Config, 'defaultPageSize' | 'maxPageSize'>;

/** Offsets past this are refused: no upstream list is that long, and huge skips are abuse. */
const MAX_OFFSET = 1_000_000;

/** Decodes an `after` cursor, or throws `BAD_USER_INPUT`. Only cursors this API issued decode. */
function decodeCursor(cursor: string): number {
  let offset = Number.NaN;
  try {
    offset = cursorToOffset(cursor);
  } catch {
    // fall through to the check below
  }
  // Re-encoding must give back the same text: rejects "OffsetConnection:5abc" and other look-alikes.
  if (!Number.isSafeInteger(offset) || offset < 0 || offset >= MAX_OFFSET || offsetToCursor(offset) !== cursor) {
    throw new BadUserInputError('Invalid cursor: pass an endCursor or edge cursor this API returned.');
  }
  return offset;
}

/** Validates the arguments and returns the window they select. */
function pageWindow(args: ConnectionArgs, config: PagingConfig): PageWindow {
  if (args.last != null || args.before != null) {
    throw new BadUserInputError('Only forward paging is supported: use first and after, not last or before.');
  }
  const max = config.maxPageSize;
  const first = args.first ?? Math.min(config.defaultPageSize, max);
  if (!Number.isInteger(first) || first < 0 || first > max) {
    throw new BadUserInputError(`first must be an integer from 0 to ${max}.`);
  }
  const offset = args.after == null ? 0 : decodeCursor(args.after) + 1;
  return { offset, size: first };
}

/** An edge whose cursor is encoded only if a query asks for it (most screens read `nodes`). */
class Edge<T> {
  constructor(
    readonly node: T,
    private readonly offset: number,
  ) {}

  get cursor(): string {
    return offsetToCursor(this.offset);
  }
}

/**
 * Shapes a connection from the items fetched for a window (up to `size + 1` of them, starting at
 * `window.offset`). `totalCount` is the upstream's total when it said one, else null.
 */
function toConnection<T>(window: PageWindow, fetched: readonly T[], totalCount: number | null): ConnectionResult<T> {
  const shown = fetched.slice(0, window.size);
  const edges = shown.map((node, index) => new Edge(node, window.offset + index));
  const moreFetched = fetched.length > window.size;
  const moreByTotal = totalCount !== null && window.offset + window.size < totalCount;
  return {
    edges,
    pageInfo: {
      hasNextPage: window.size === 0 ? moreByTotal || moreFetched : moreFetched,
      hasPreviousPage: window.offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount,
  };
}

/** Pages a list that is already in memory. `complete` says whether it is the whole list. */
export function sliceConnection<T>(
  args: ConnectionArgs,
  config: PagingConfig,
  all: readonly T[],
  complete = true,
): ConnectionResult<T> {
  const window = pageWindow(args, config);
  const fetched = all.slice(window.offset, window.offset + window.size + 1);
  return toConnection(window, fetched, complete ? all.length : null);
}

/** Pages a list the upstream pages with skip/limit: one upstream call for `size + 1` items. */
export async function upstreamConnection<T>(
  args: ConnectionArgs,
  config: PagingConfig,
  fetch: (skip: number, limit: number) => Promise<{ items: T[]; total: number | null }>,
): Promise<ConnectionResult<T>> {
  const window = pageWindow(args, config);
  const page = await fetch(window.offset, window.size + 1);
  return toConnection(window, page.items, page.total);
}
