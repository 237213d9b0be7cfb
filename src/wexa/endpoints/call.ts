/** The one function every endpoint module uses to reach the upstream, already bound to a key. */
import type { ParseContext } from '../parse/common.js';
import type { RequestSpec } from '../transport.js';

/** Sends `spec` with the bound key and parses the JSON answer with `parse`. */
export type Call = <T>(spec: RequestSpec, parse: (json: unknown, ctx: ParseContext) => T) => Promise<T>;
