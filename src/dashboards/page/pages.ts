/**
 * Whole HTML documents of the public page: the dashboard itself, the password form, the one "not
 * found" page (the same for unknown and unpublished slugs) and a "try again later" page.
 */
import type { PublicSnapshot, SnapshotComponent, SnapshotTab } from '../snapshot.js';
import { html, SafeHtml } from './html.js';
import { PAGE_CSS, tabCss } from './styles.js';
import { renderView } from './views.js';

/** What the dashboard page shows. */
export interface PublicDashboardView {
  title: string;
  snapshot: PublicSnapshot;
  lastRefreshedAt: string | null;
}

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** A whole document; `extraCss` is our own (generated from indices only, never from content). */
function documentOf(title: string, body: SafeHtml, extraCss = ''): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title}</title>
<link rel="icon" href="data:,">
<style>${new SafeHtml(PAGE_CSS + extraCss)}</style>
</head>
<body>
${body}
</body>
</html>
`.html;
}

/** The dashboard: title, when it was taken, tabs (pure CSS, by URL fragment) and component cards. */
export function dashboardPage(view: PublicDashboardView): string {
  const { snapshot } = view;
  const tabs = snapshot.tabs;
  const updated = view.lastRefreshedAt ?? snapshot.takenAt;
  const nav =
    tabs.length > 1
      ? html`<nav class="tabs" aria-label="Tabs"><ul>${tabs.map((t, i) => html`<li><a href="#tab-${i + 1}">${t.name || `Tab ${i + 1}`}</a></li>`)}</ul></nav>`
      : '';
  const body = html`<header class="top"><div class="wrap">
<p class="eyebrow">Shared dashboard</p>
<h1>${view.title}</h1>
<p class="meta">${sourceLine(snapshot)} · Updated <time datetime="${updated}">${formatDate(updated)}</time></p>
</div></header>
${nav}
<main class="wrap">${tabs.map((tab, i) => panel(tab, i, tabs.length))}</main>
<footer>A read-only snapshot. Numbers and tasks are as of the time above.</footer>`;
  return documentOf(view.title, body, tabs.length > 1 ? tabCss(tabs.length) : '');
}

function panel(tab: SnapshotTab, index: number, count: number): SafeHtml {
  const name = tab.name || `Tab ${index + 1}`;
  const content =
    tab.components.length === 0
      ? html`<p class="empty">This tab has nothing on it yet.</p>`
      : html`<div class="grid">${tab.components.map((c, i) => card(c, spansOf(tab.components)[i] ?? 12))}</div>`;
  return html`<section class="panel" id="tab-${index + 1}" aria-label="${name}">${count > 1 ? html`<h2 class="visually-hidden">${name}</h2>` : ''}${content}</section>`;
}

/**
 * Columns (of 12) each card spans on a wide screen: components that share a row of the Wexa grid
 * split it in proportion to their widths; one alone in its row (or without a layout) takes the row.
 */
function spansOf(components: SnapshotComponent[]): number[] {
  const rowWidth = new Map<number, number>();
  for (const c of components) if (c.layout) rowWidth.set(c.layout.y, (rowWidth.get(c.layout.y) ?? 0) + Math.max(1, c.layout.w));
  return components.map((c) => {
    if (!c.layout) return 12;
    const total = rowWidth.get(c.layout.y) ?? 0;
    if (total <= Math.max(1, c.layout.w)) return 12;
    return Math.min(12, Math.max(4, Math.round((12 * Math.max(1, c.layout.w)) / total)));
  });
}

function card(component: SnapshotComponent, span: number): SafeHtml {
  const title = component.title?.trim() || typeLabel(component.type);
  return html`<article class="card span-${span} view-${component.view.kind}">
<header><h2>${title}</h2>${component.subtitle ? html`<p class="subtitle">${component.subtitle}</p>` : ''}</header>
${renderView(component.view)}
</article>`;
}

function sourceLine(snapshot: PublicSnapshot): string {
  return snapshot.source.kind === 'executionReport' ? `Report of “${snapshot.name}”` : `From the “${snapshot.name}” dashboard`;
}

/** `taskManager` → `Task manager`. */
function typeLabel(type: string): string {
  const words = type.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').trim().toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : 'Component';
}

function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${dateTime.format(date)} UTC`;
}

/** Why the password form is shown again. */
export type GateReason = 'required' | 'wrong' | 'missing' | 'rateLimited';

/** The password form. It posts to the page's own address; the password never goes into a URL. */
export function passwordPage(action: string, reason: GateReason, retryAfter?: number): string {
  const messages: Record<GateReason, string | null> = {
    required: null,
    missing: 'Enter the password to continue.',
    wrong: 'That password is not right. Check it and try again.',
    rateLimited: `Too many wrong passwords. Try again in ${waitText(retryAfter)}.`,
  };
  const message = messages[reason];
  const body = html`<main class="gate"><div class="card">
<h1>This dashboard is protected</h1>
<p>Whoever shared it with you set a password. Enter it to see the dashboard.</p>
${message ? html`<p class="alert" role="alert">${message}</p>` : ''}
<form method="post" action="${action}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required autofocus>
<button type="submit">Open dashboard</button>
</form>
</div></main>`;
  return documentOf('Protected dashboard', body);
}

/** The same page for a slug that never existed and for one that is no longer published. */
export function notFoundPage(): string {
  return documentOf(
    'Dashboard not found',
    html`<main class="gate"><div class="card"><h1>Dashboard not found</h1>
<p>This link does not lead to a shared dashboard. It may have been mistyped, or the dashboard is no longer shared.</p></div></main>`,
  );
}

/** Something on our side failed; nothing about the dashboard is revealed. */
export function unavailablePage(): string {
  return documentOf(
    'Dashboard unavailable',
    html`<main class="gate"><div class="card"><h1>Dashboard unavailable</h1>
<p>The dashboard cannot be shown right now. Try again in a moment.</p></div></main>`,
  );
}

/** A plain message page (bad request, method not allowed …). */
export function messagePage(title: string, text: string): string {
  return documentOf(title, html`<main class="gate"><div class="card"><h1>${title}</h1><p>${text}</p></div></main>`);
}

function waitText(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds <= 60) return 'a minute';
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? 'a minute' : `${minutes} minutes`;
}
