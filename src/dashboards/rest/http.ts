/**
 * JSON over node:http for the dashboards REST API: reading a bounded JSON body, and answering with
 * the envelope of `docs/dashboards-api.yaml` (`success`, plus `error` strings on failure).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BadUserInputError, GatewayError } from '../../errors.js';
import { sendJson } from '../../http/router.js';

/** Largest request body accepted, bytes. */
export const MAX_BODY_BYTES = 64 * 1024;

/** The error strings of `docs/dashboards-api.yaml`, by gateway code (a code not here answers 500 `internal_error`). */
const STATUS: Record<string, [number, string]> = {
  UNAUTHENTICATED: [401, 'unauthorized'],
  FORBIDDEN: [403, 'forbidden'],
  PASSWORD_REQUIRED: [403, 'password_required'],
  NOT_FOUND: [404, 'not_found'],
  BAD_USER_INPUT: [400, 'bad_request'],
  RATE_LIMITED: [429, 'rate_limited'],
  UPSTREAM_UNAVAILABLE: [502, 'upstream_unavailable'],
  UPSTREAM_CONTRACT: [502, 'upstream_error'],
  INVALID_TRANSITION: [409, 'conflict'],
};

/** Sends the error envelope for `error`; anything that is not a GatewayError is a masked 500. */
export function sendError(req: IncomingMessage, res: ServerResponse, error: unknown): void {
  if (error instanceof GatewayError) {
    const [status, code] = STATUS[error.code] ?? [500, 'internal_error'];
    const headers: Record<string, string> = error.retryAfter === undefined ? {} : { 'retry-after': String(error.retryAfter) };
    sendJson(req, res, status, { success: false, error: code, message: error.message }, headers);
    return;
  }
  sendJson(req, res, 500, { success: false, error: 'internal_error', message: 'Unexpected error.' });
}

/** The request body as a JSON object (`{}` when empty). BAD_USER_INPUT for anything else. */
export async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BadUserInputError(`The request body is larger than ${MAX_BODY_BYTES} bytes.`);
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BadUserInputError('The request body is not valid JSON.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new BadUserInputError('The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

/** An optional string field: undefined when absent or null; BAD_USER_INPUT when another type. */
export function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new BadUserInputError(`${name} must be a string.`);
  return value;
}
