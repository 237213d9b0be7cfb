/**
 * The public page's HTML and HTTP behaviour, through `createPublicPageHandler` on a throwaway
 * node:http server with an in-test reader: escaping and sanitising (no script from content ever
 * reaches the page), charts as SVG, the password form over POST, one 404 page, security headers.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExecutionReportSnapshot } from '../src/dashboards/from-execution.js';
import { loadCharts, renderChartSvg } from '../src/dashboards/page/chart-svg.js';
import { dashboardPage } from '../src/dashboards/page/pages.js';
import { createPublicPageHandler, type PublicDashboardReader } from '../src/dashboards/page/routes.js';
import type { DashboardSnapshot } from '../src/dashboards/snapshot.js';
import { ForbiddenError, NotFoundError, PasswordRequiredError, RateLimitedError } from '../src/errors.js';
import { anExecution } from './utils/model.js';

const TAKEN_AT = '2026-01-15T10:00:00.000Z';
const EVIL = '<script>alert(1)</script><img src=x onerror=alert(2)>';

/**
 * Whether the page holds a real script tag, a real event-handler attribute or a real `javascript:`
 * link. Text about them is fine: content is escaped, so quoted attribute values are blanked first.
 */
function scripty(page: string): boolean {
  const markup = page.replace(/="[^"]*"/g, '=""');
  return /<script|<[^>]*\son[a-z]+\s*=/i.test(markup) || /\s(href|src|action)="\s*javascript:/i.test(page);
}

const dashboardSnapshot: DashboardSnapshot = {
  source: { kind: 'projectDashboard', projectId: 'p', dashboardId: 'd', tabId: null },
  name: `Pulse ${EVIL}`,
  takenAt: TAKEN_AT,
  tabs: [
    {
      id: 'overview',
      name: `Overview ${EVIL}`,
      components: [
        {
          id: 'tm',
          type: 'taskManager',
          title: 'My Tasks',
          subtitle: null,
          layout: { x: 0, y: 0, w: 7, h: 25 },
          view: {
            kind: 'tasks',
            groups: [
              { status: 'running', tasks: [{ id: 't1', name: `Ship ${EVIL}` }] },
              { status: 'completed', tasks: Array.from({ length: 12 }, (_v, i) => ({ id: `c${i}`, name: `Done ${i + 1}` })) },
              { status: 'failed', tasks: [] },
            ],
          },
        },
      ],
    },
    {
      id: 'analytics',
      name: 'Analytics',
      components: [
        { id: 'bar', type: 'barChart', title: 'By status', subtitle: null, layout: { x: 0, y: 0, w: 6, h: 8 }, view: { kind: 'chart', chart: 'bar', labels: [EVIL, 'b'], series: [{ name: EVIL, values: [1, 2] }] } },
        { id: 'pie', type: 'pieChart', title: 'Share', subtitle: null, layout: { x: 6, y: 0, w: 6, h: 8 }, view: { kind: 'chart', chart: 'pie', labels: ['a', 'b'], series: [{ name: 'v', values: [3, 1] }] } },
        { id: 'kpi', type: 'kpi', title: EVIL, subtitle: EVIL, layout: null, view: { kind: 'raw', data: [{ label: 'Total', value: 1234.5 }] } },
        { id: 'other', type: 'table', title: null, subtitle: null, layout: null, view: { kind: 'raw', data: { note: EVIL } } },
      ],
    },
  ],
};

const report = buildExecutionReportSnapshot({
  takenAt: TAKEN_AT,
  execution: anExecution({
    goal: 'Weekly numbers',
    conclusion: {
      markdown: `# Summary\n\n${EVIL}\n\n[click me](javascript:alert(3)) <a href="javascript:alert(4)">x</a>\n\n![pixel](https://tracker.example/p.png)\n\n| Day | Sales |\n|---|---|\n| Mon | 3 |\n| Tue | 5 |\n| Wed | 4 |`,
      links: [],
      createdAt: null,
    },
  }),
});

describe('rendering', () => {
  // The page route loads ECharts before it renders; these tests render directly.
  beforeAll(() => loadCharts());

  it('escapes every piece of content and lets no script, event handler or javascript: URL through', () => {
    for (const snapshot of [dashboardSnapshot, report]) {
      const page = dashboardPage({ title: `Title ${EVIL}`, snapshot, lastRefreshedAt: null });
      expect(scripty(page)).toBe(false);
      expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
  });

  it('renders markdown as HTML, images as plain links, and report tables as charts', () => {
    const page = dashboardPage({ title: 'Weekly', snapshot: report, lastRefreshedAt: null });
    expect(page).toContain('<h3>Summary</h3>');
    expect(page).toContain('<a href="https://tracker.example/p.png" rel="nofollow noopener noreferrer">pixel</a>');
    expect(page).not.toMatch(/<img/i);
    expect(page).toMatch(/<svg[^>]*viewBox/);
    expect(page).toContain('class="chart chart-line"');
  });

  it('draws each chart as SVG for narrow and wide screens, with its numbers in a table', () => {
    const page = dashboardPage({ title: 'Pulse', snapshot: dashboardSnapshot, lastRefreshedAt: '2026-02-01T08:30:00.000Z' });
    expect(page.match(/<svg/g)).toHaveLength(4);
    // Well-formed SVG attributes: a value's closing quote is followed by a space, `>` or `/`.
    for (const svg of page.match(/<svg[\s\S]*?<\/svg>/g) ?? []) expect(svg).not.toMatch(/="[^"]*"[^\s>/]/);
    expect(page).toContain('<dt>Total</dt><dd>1,234.5</dd>');
    expect(page).toContain('<tr><th scope="row">b</th><td>2</td></tr>');
    expect(page).toContain('Updated <time datetime="2026-02-01T08:30:00.000Z">1 Feb 2026, 08:30 UTC</time>');
  });

  it('draws a chart once and reuses it while its data and size are the same', () => {
    const view = { kind: 'chart' as const, chart: 'bar' as const, labels: ['a', 'b'], series: [{ name: 'v', values: [1, 2] }] };
    const first = renderChartSvg(view, { width: 300, height: 200 });
    expect(renderChartSvg({ ...view, labels: ['a', 'b'] }, { width: 300, height: 200 })).toBe(first);
    expect(renderChartSvg({ ...view, series: [{ name: 'v', values: [1, 3] }] }, { width: 300, height: 200 })).not.toBe(first);
    expect(renderChartSvg(view, { width: 320, height: 200 })).not.toBe(first);
  });

  it('groups tasks by status, folds long lists, and names the empty statuses', () => {
    const page = dashboardPage({ title: 'Pulse', snapshot: dashboardSnapshot, lastRefreshedAt: null });
    expect(page).toMatch(/Running <span class="count">1<\/span>/);
    expect(page).toMatch(/Completed <span class="count">12<\/span>/);
    expect(page).toContain('<summary>Show 4 more</summary>');
    expect(page).toContain('Nothing failed.');
    expect(page).toContain('<li>Ship &lt;script&gt;');
  });

  it('links tabs by fragment and shows a tab bar only when there is more than one tab', () => {
    const page = dashboardPage({ title: 'Pulse', snapshot: dashboardSnapshot, lastRefreshedAt: null });
    expect(page).toContain('<a href="#tab-1">Overview &lt;script&gt;');
    expect(page).toContain('<a href="#tab-2">Analytics</a>');
    expect(page).toContain('<section class="panel" id="tab-2"');
    expect(dashboardPage({ title: 'Weekly', snapshot: report, lastRefreshedAt: null })).not.toContain('class="tabs"');
  });
});

describe('createPublicPageHandler over HTTP', () => {
  const seen: { slug: string; password: string | null; client: string }[] = [];
  const errors: unknown[] = [];
  const reader: PublicDashboardReader = {
    async readPublic(slug, password, client) {
      seen.push({ slug, password, client });
      if (slug === 'boom') throw new Error('database on fire: secret-detail');
      if (slug === 'busy') throw new RateLimitedError('Too many wrong passwords.', { retryAfter: 90 });
      if (slug === 'open') return { title: 'Open board', snapshot: dashboardSnapshot, lastRefreshedAt: null };
      if (slug !== 'locked') throw new NotFoundError();
      if (password === null) throw new PasswordRequiredError();
      if (password !== 'right horse') throw new ForbiddenError('Wrong password.');
      return { title: 'Locked board', snapshot: report, lastRefreshedAt: null };
    },
  };
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    const handle = createPublicPageHandler(reader, { onError: (e) => errors.push(e) });
    server = http.createServer((req, res) => {
      void handle(req, res).then((answered) => {
        if (!answered) res.writeHead(418).end('not the page');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const post = (slug: string, body: string, type = 'application/x-www-form-urlencoded') =>
    fetch(`${base}/public/dashboards/${slug}`, { method: 'POST', headers: { 'content-type': type }, body });

  const expectSecurityHeaders = (res: Response) => {
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src|unsafe-eval/);
    expect(csp).toContain("form-action 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
  };

  it('serves an open dashboard with its charts and sends the security headers', async () => {
    const res = await fetch(`${base}/public/dashboards/open`);
    expect(res.status).toBe(200);
    expectSecurityHeaders(res);
    const page = await res.text();
    expect(page).toContain('<h1>Open board</h1>');
    expect(page).toMatch(/<svg/);
    expect(scripty(page)).toBe(false);
    expect(seen.at(-1)).toEqual({ slug: 'open', password: null, client: '127.0.0.1' });
  });

  it('asks for a password with a POST form, refuses a wrong one, opens with the right one', async () => {
    const gate = await fetch(`${base}/public/dashboards/locked`);
    expect(gate.status).toBe(403);
    expectSecurityHeaders(gate);
    const form = await gate.text();
    expect(form).toContain('<form method="post" action="/public/dashboards/locked">');
    expect(form).toContain('type="password"');
    expect(form).not.toContain('Weekly numbers');

    const wrong = await post('locked', 'password=wrong');
    expect(wrong.status).toBe(403);
    const wrongPage = await wrong.text();
    expect(wrongPage).toContain('That password is not right');
    expect(wrongPage).not.toContain('Weekly numbers');

    const empty = await post('locked', 'password=');
    expect(empty.status).toBe(403);
    expect(await empty.text()).toContain('Enter the password to continue.');

    const right = await post('locked', new URLSearchParams({ password: 'right horse' }).toString());
    expect(right.status).toBe(200);
    expectSecurityHeaders(right);
    const page = await right.text();
    expect(page).toContain('<h1>Locked board</h1>');
    expect(page).toMatch(/<svg/);
    expect(page).not.toContain('right horse');
  });

  it('never takes the password from the URL', async () => {
    const res = await fetch(`${base}/public/dashboards/locked?password=right%20horse`);
    expect(res.status).toBe(403);
    expect(seen.at(-1)).toMatchObject({ slug: 'locked', password: null });
  });

  it('says when to try again after too many wrong passwords', async () => {
    const res = await post('busy', 'password=guess');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('90');
    expect(await res.text()).toContain('Too many wrong passwords. Try again in 2 minutes.');
  });

  it('gives the same 404 page for any slug it cannot show, and for the bare prefix', async () => {
    const pages = await Promise.all(
      ['nope', 'also-nope', '', '%E0%A4%A', 'a/b'].map(async (slug) => {
        const res = await fetch(`${base}/public/dashboards/${slug}`);
        expect(res.status).toBe(404);
        expectSecurityHeaders(res);
        return res.text();
      }),
    );
    expect(new Set(pages).size).toBe(1);
    expect(pages[0]).toContain('Dashboard not found');
  });

  it('hides unexpected failures behind a generic page and reports them', async () => {
    const res = await fetch(`${base}/public/dashboards/boom`);
    expect(res.status).toBe(500);
    const page = await res.text();
    expect(page).toContain('Dashboard unavailable');
    expect(page).not.toContain('secret-detail');
    expect(errors).toHaveLength(1);
  });

  it('refuses other methods, other body types and oversized forms', async () => {
    const del = await fetch(`${base}/public/dashboards/open`, { method: 'DELETE' });
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toBe('GET, HEAD, POST');
    expect((await post('locked', '{"password":"right horse"}', 'application/json')).status).toBe(415);
    expect((await post('locked', `password=${'x'.repeat(10_000)}`)).status).toBe(413);
  });

  it('answers HEAD without a body', async () => {
    const res = await fetch(`${base}/public/dashboards/open`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('leaves other paths to the rest of the server', async () => {
    for (const path of ['/public/dashboardsX', '/graphql', '/api/v1/public/dashboards/open']) {
      expect((await fetch(base + path)).status).toBe(418);
    }
  });
});
