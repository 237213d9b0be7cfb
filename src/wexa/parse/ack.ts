/** Parser for `{status, message}` acknowledgements (connector status change, deletes). */
import type { Ack } from '../model.js';
import { isRecord, type ParseContext } from './common.js';

const FAILURE_WORDS = new Set(['error', 'failed', 'failure', 'fail']);

/**
 * A 2xx answer is a success unless its body says otherwise (`status: "error"` or `success: false`);
 * delete confirmations have no documented shape, so an empty or unfamiliar body is accepted.
 */
export function parseAck(json: unknown, _ctx: ParseContext): Ack {
  if (typeof json === 'string') return { ok: true, message: json || null };
  if (!isRecord(json)) return { ok: true, message: null };
  let ok = true;
  if (typeof json.status === 'string') ok = !FAILURE_WORDS.has(json.status.toLowerCase());
  if (typeof json.success === 'boolean') ok = json.success;
  if (typeof json.status === 'boolean') ok = json.status;
  const message = typeof json.message === 'string' ? json.message : typeof json.detail === 'string' ? json.detail : null;
  return { ok, message };
}
