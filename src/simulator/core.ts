/**
 * The simulator's core types: the live core every handler works on, what a handler gets for one
 * request and returns, and a row of the route table.
 */
import type { Engine } from './lifecycle.js';
import type { SimState } from './store.js';
import type { Json } from './types.js';

/** The live parts of a running simulator that handlers work on. */
export interface SimCore {
  /** Replaced wholesale on reset, so always read it through the core. */
  state: SimState;
  engine: Engine;
  /**
   * Whether an execution shows what it waits on (`previews`, `runtime_inputs`, `anomaly_detected`).
   * False answers the documented shape (`previews: {}`): only the inbox tells who waits.
   */
  waitMarkers: boolean;
}

/** Everything a handler gets for one request. */
export interface Ctx {
  core: SimCore;
  state: SimState;
  /** The caller's organisation (from the API key). */
  orgId: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Json;
}

/** What a route handler returns. */
export interface Reply {
  status: number;
  body: unknown;
}

/** One row of the route table. */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** Path pattern with `{name}` parameters, no trailing slash, e.g. `/task/{id}`. */
  pattern: string;
  handler: (ctx: Ctx) => Reply | Promise<Reply>;
}

/** A 200 reply. */
export function ok(body: unknown): Reply {
  return { status: 200, body };
}
