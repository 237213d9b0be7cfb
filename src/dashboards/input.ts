/** Ids, slugs and the validation of what callers send about saved dashboards. */
import { randomBytes } from 'node:crypto';
import { BadUserInputError } from '../errors.js';
import { REFRESH_INTERVALS, type RefreshInterval } from './model.js';

/** `dash_` and 16 base64url characters (96 random bits). */
export const ID_SHAPE = /^dash_[A-Za-z0-9_-]{16}$/;
export const SLUG_SHAPE = /^[a-z0-9][a-z0-9-]{0,80}$/;
export const MAX_TITLE = 200;
export const MAX_PASSWORD = 200;

export function newId(): string {
  return `dash_${randomBytes(12).toString('base64url')}`;
}

/** `q3-revenue-k7d2m9x4qa`: a readable part from the title and 50 random bits. */
export function newSlug(title: string): string {
  const readable = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32)
    .replace(/-+$/, '');
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  const random = [...randomBytes(10)].map((b) => alphabet[b % 32]).join('');
  return `${readable || 'dashboard'}-${random}`;
}

export function checkTitle(title: unknown): string {
  if (typeof title !== 'string' || title.trim() === '') throw new BadUserInputError('title is required: a non-empty string.');
  const trimmed = title.trim();
  if (trimmed.length > MAX_TITLE) throw new BadUserInputError(`title is too long (at most ${MAX_TITLE} characters).`);
  return trimmed;
}

export function checkInterval(interval: number): RefreshInterval {
  if (!(REFRESH_INTERVALS as readonly number[]).includes(interval)) {
    throw new BadUserInputError(`refreshInterval must be one of ${REFRESH_INTERVALS.join(', ')} (seconds).`);
  }
  return interval as RefreshInterval;
}
