/**
 * The public page of a published dashboard: `GET /public/dashboards/:slug` shows it (or its password
 * form), `POST` with a form-encoded `password` opens a protected one. The password only ever travels in
 * a POST body. Every answer is a whole HTML document with no script, sent with a strict CSP.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '../../errors.js';
import type { PublicSnapshot } from '../snapshot.js';
import { loadCharts } from './chart-svg.js';
import { dashboardPage, messagePage, notFoundPage, passwordPage, unavailablePage, type GateReason } from './pages.js';

/** What the page needs from the dashboards service (`src/dashboards/service.ts` implements it). */
export interface PublicDashboardReader {
  /** The published dashboard behind `slug`. Throws GatewayError with code NOT_FOUND (unknown or unpublished),
   *  PASSWORD_REQUIRED (password needed and none given), FORBIDDEN (wrong password), or
   *  RATE_LIMITED (too many wrong passwords; `retryAfter` seconds). `client` identifies the caller for the
   *  rate limit (the remote address). */
  readPublic(slug: string, password: string | null, client: string): Promise<{ title: string; snapshot: PublicSnapshot; lastRefreshedAt: string | null }>;
}

export interface PublicPageOptions {
  /** Where unexpected failures are reported (never with the password). */
  onError?: (error: unknown) => void;
  /** Who the viewer is, for the wrong-password limit (default: the connection's remote address). */
  clientOf?: (req: IncomingMessage) => string;
}

/** Where the pages live. */
export const PUBLIC_PAGE_PREFIX = '/public/dashboards/';
/** The largest form body read (a password field and little else). */
const MAX_FORM_BYTES = 8 * 1024;

/** Sent with every page: no script at all, nothing loaded from elsewhere, not framed, not cached. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
  'x-robots-tag': 'noindex, nofollow',
};

/** Handles GET and POST /public/dashboards/:slug. Resolves true when it answered, false when the path is not its own. */
export function createPublicPageHandler(
  reader: PublicDashboardReader,
  options: PublicPageOptions = {},
): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (!path.startsWith(PUBLIC_PAGE_PREFIX) && path !== PUBLIC_PAGE_PREFIX.slice(0, -1)) return false;
    const slug = slugOf(path);
    const method = req.method ?? 'GET';
    try {
      if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') {
        send(req, res, 405, messagePage('Method not allowed', 'This page can only be read or sent its password form.'), { allow: 'GET, HEAD, POST' });
        return true;
      }
      if (slug === null) {
        await drain(req);
        send(req, res, 404, notFoundPage());
        return true;
      }
      let password: string | null = null;
      if (method === 'POST') {
        const form = await readForm(req);
        if (form.kind !== 'ok') {
          const [status, title, text] =
            form.kind === 'tooLarge'
              ? [413, 'Form too large', 'The form sent was too large.']
              : [415, 'Unsupported form', 'Send the password with the form on this page.'];
          send(req, res, status, messagePage(title, text), form.kind === 'tooLarge' ? { connection: 'close' } : {});
          return true;
        }
        password = form.password;
      }
      await answer(reader, slug, password, method === 'POST', (options.clientOf ?? clientOf)(req), req, res);
    } catch (error) {
      options.onError?.(error);
      if (!res.headersSent) send(req, res, 500, unavailablePage());
      else res.destroy();
    }
    return true;
  };
}

async function answer(
  reader: PublicDashboardReader,
  slug: string,
  password: string | null,
  posted: boolean,
  client: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const action = PUBLIC_PAGE_PREFIX + encodeURIComponent(slug);
  try {
    const view = await reader.readPublic(slug, password, client);
    await loadCharts();
    send(req, res, 200, dashboardPage(view));
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    const gate = (reason: GateReason, status: number, headers: Record<string, string> = {}) =>
      send(req, res, status, passwordPage(action, reason, error.retryAfter), headers);
    switch (error.code) {
      case 'NOT_FOUND':
        send(req, res, 404, notFoundPage());
        return;
      case 'PASSWORD_REQUIRED':
        gate(posted ? 'missing' : 'required', 403);
        return;
      case 'FORBIDDEN':
        gate('wrong', 403);
        return;
      case 'RATE_LIMITED':
        gate('rateLimited', 429, error.retryAfter === undefined ? {} : { 'retry-after': String(Math.ceil(error.retryAfter)) });
        return;
      default:
        send(req, res, 503, unavailablePage());
    }
  }
}

/** The slug in `/public/dashboards/<slug>`, or null when there is none or more path follows. */
function slugOf(path: string): string | null {
  const rest = path.slice(PUBLIC_PAGE_PREFIX.length);
  if (rest === '' || rest.includes('/')) return null;
  try {
    const slug = decodeURIComponent(rest);
    return slug.trim() === '' || slug.length > 200 ? null : slug;
  } catch {
    return null;
  }
}

/** The remote address (forwarding headers are trusted only as `options.clientOf` says: anyone can send them). */
function clientOf(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}

type Form = { kind: 'ok'; password: string | null } | { kind: 'tooLarge' } | { kind: 'unsupported' };

async function readForm(req: IncomingMessage): Promise<Form> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    await drain(req);
    return { kind: 'unsupported' };
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_FORM_BYTES) return { kind: 'tooLarge' };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) return { kind: 'tooLarge' };
    chunks.push(chunk);
  }
  const password = new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get('password');
  return { kind: 'ok', password: password === null || password === '' ? null : password };
}

async function drain(req: IncomingMessage): Promise<void> {
  if (req.readableEnded) return;
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) return;
  }
}

function send(req: IncomingMessage, res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  const bytes = Buffer.from(body, 'utf8');
  res.writeHead(status, { ...PAGE_HEADERS, ...headers, 'content-length': String(bytes.length) });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}
