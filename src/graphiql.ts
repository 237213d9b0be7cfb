/**
 * GraphiQL, served by the gateway itself (assets inlined, no CDN) on `GET /graphql` for browsers.
 *
 * The page is about 9 MiB of HTML, so it is rendered once (on first request), compressed once
 * (brotli and gzip, off the event loop) and then served from memory with an `ETag`: a browser
 * that has it gets `304 Not Modified`, and a thousand requests cost one render.
 *
 * Accessibility repairs go on top of yoga's page (colours: {@link ACCESSIBILITY_CSS} and
 * {@link MONACO_THEME_PATCHES}; markup: {@link ACCESSIBILITY_SCRIPT});
 * `test/pages-accessibility-browser.test.ts` runs axe on it.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { pathOf, type RouteHandler } from './http/router.js';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** What GraphiQL shows on first open: a whole screen of linked data in one request. */
export const FIRST_QUERY = `# wexa-graph: one query, the whole screen, the fewest Wexa calls.
# Run it with the ▶ button (Ctrl-Enter). Your key: Headers tab below.
{
  agentflow(id: "68036de031f62a652ee0e54c") {
    name
    agents { title role nextAgent { title } }
    executions(first: 3) {
      totalCount
      nodes { status goal task { name status } agentOutputs { title } }
    }
    project {
      name
      dashboard { name components { type title } }
    }
  }
}
`;

export interface GraphiQLOptions {
  /** Key shown in the Headers tab (simulator mode); a placeholder otherwise. */
  demoKey?: string;
}

/**
 * Colour contrast (WCAG 1.4.3: 4.5:1 for text, and 3:1 between a link and the text around it), where
 * yoga's page falls short: the "Wexa Graph" logo text (the secondary neutral at 76 % opacity, 4.26:1
 * on the header); the number Monaco dims on an editor's final empty line (about 1.8:1); line numbers
 * in the dark theme (3.9:1); the light theme's hues used for text (docs explorer type names, root
 * types, the explorer's arguments and values: 2.9:1 to 4.1:1 on white), each made darker until it
 * passes on the grey panes too; and the docs explorer's links, told apart from the text around them by
 * colour alone, underlined.
 */
export const ACCESSIBILITY_CSS = [
  '.graphiql-container .graphiql-logo{color:hsl(var(--color-neutral))}',
  '.graphiql-container .monaco-editor .line-numbers.dimmed-line-number{color:var(--vscode-editorLineNumber-foreground)}',
  '.graphiql-container .monaco-editor.vs-dark .line-numbers.line-numbers{color:#9a9a9a}',
  // Light theme only: the dark theme sets these with more specific selectors, which still win.
  'body .graphiql-container,body .graphiql-dialog,body .graphiql-tooltip,body [data-radix-popper-content-wrapper]{' +
    '--color-tertiary:188,100%,27%;--color-info:208,100%,40%;--color-success:158,60%,29%;--color-warning:36,100%,31%;--color-error:13,93%,44%}',
  '.graphiql-container a.graphiql-doc-explorer-type-name,.graphiql-container a.graphiql-doc-explorer-field-name{text-decoration:underline}',
].join('');

/**
 * Token colours of GraphiQL's own Monaco themes below 4.5:1 on their editors: numbers in the light
 * theme (#098658 on the response pane's grey, 4.1:1) and comments in the dark theme (#608b4e, 3.6:1).
 * A rule is added after each theme's own one; should a yoga release rename that rule, nothing is
 * replaced and the accessibility test says so.
 */
export const MONACO_THEME_PATCHES: readonly (readonly [string, string])[] = [
  ['{token:"argument.identifier.gql",foreground:"#6c69ce"}', '{token:"argument.identifier.gql",foreground:"#6c69ce"},{token:"number",foreground:"#067647"}'],
  ['{token:"argument.identifier.gql",foreground:"#908aff"}', '{token:"argument.identifier.gql",foreground:"#908aff"},{token:"comment",foreground:"#7ca668"}'],
];

/**
 * Repairs of GraphiQL's markup, rendered by React, so made as the DOM changes:
 * - its operation tabs are `<li role="tab">` elements wrapping their own buttons, which nests
 *   interactive controls (axe `nested-interactive`: a screen reader announces a tab, then a button in
 *   it): the list becomes a plain list of buttons, the current operation's marked `aria-current`;
 * - the GraphiQL Explorer's argument inputs and its "Add new" operation select have no label: each
 *   input is named after its argument, the select after what it does.
 */
export const ACCESSIBILITY_SCRIPT = `(() => {
  const repair = () => {
    for (const list of document.querySelectorAll('ul.graphiql-tabs[role="tablist"]')) list.removeAttribute('role');
    for (const tab of document.querySelectorAll('li.graphiql-tab[role="tab"], li.graphiql-tab[aria-selected]')) {
      const selected = tab.getAttribute('aria-selected') === 'true';
      tab.removeAttribute('role');
      tab.removeAttribute('aria-selected');
      const button = tab.querySelector('.graphiql-tab-button');
      if (!button) continue;
      if (selected) button.setAttribute('aria-current', 'true');
      else button.removeAttribute('aria-current');
    }
    for (const input of document.querySelectorAll('[data-arg-name] input:not([aria-label])')) {
      input.setAttribute('aria-label', input.closest('[data-arg-name]').getAttribute('data-arg-name'));
    }
    for (const select of document.querySelectorAll('.graphiql-explorer-actions select:not([aria-label])')) {
      select.setAttribute('aria-label', 'Kind of operation to add');
    }
  };
  new MutationObserver(repair).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['role', 'aria-selected'] });
  repair();
})();`;

interface Rendered {
  etag: string;
  identity: Buffer;
  br: Buffer;
  gzip: Buffer;
}

async function render(options: GraphiQLOptions): Promise<Rendered> {
  const headers = JSON.stringify({ 'x-api-key': options.demoKey ?? '<your Wexa API key>' }, null, 2);
  const rendered = renderGraphiQL({
    title: 'Wexa Graph',
    defaultQuery: FIRST_QUERY,
    defaultHeaders: headers,
    headers,
    subscriptionsProtocol: 'WS',
    shouldPersistHeaders: false,
  });
  const page = MONACO_THEME_PATCHES.reduce((text, [from, to]) => text.replace(from, to), rendered);
  const head = page.indexOf('</head>');
  const body = page.lastIndexOf('</body>');
  const html =
    page.slice(0, head) +
    `<style>${ACCESSIBILITY_CSS}</style>` +
    page.slice(head, body) +
    `<script>${ACCESSIBILITY_SCRIPT}</script>` +
    page.slice(body);
  const identity = Buffer.from(html, 'utf8');
  const [br, gzipped] = await Promise.all([
    brotli(identity, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: identity.length } }),
    gz(identity, { level: 6 }),
  ]);
  const etag = `"${createHash('sha256').update(identity).digest('base64url').slice(0, 27)}"`;
  return { etag, identity, br, gzip: gzipped };
}

function wantsGraphiQL(req: IncomingMessage, endpoint: string): boolean {
  const path = pathOf(req);
  return (
    (req.method === 'GET' || req.method === 'HEAD') &&
    (path === endpoint || path === `${endpoint}/`) &&
    (req.headers.accept ?? '').includes('text/html')
  );
}

/**
 * Uncompressed copies of the page (several MiB each) being sent at once. Every browser accepts gzip or
 * brotli (a few hundred KiB); a client that accepts neither gets one of these few places, or a 503 to
 * retry, so a flood of such requests cannot fill memory and sockets with copies of the page while
 * `/healthz` and everything else wait.
 */
export const MAX_UNCOMPRESSED_SENDS = 4;

/** The route serving GraphiQL on `endpoint` to browsers. */
export function graphiqlRoute(endpoint: string, options: GraphiQLOptions): RouteHandler {
  let page: Promise<Rendered> | undefined;
  let uncompressed = 0;
  return async (req, res) => {
    if (!wantsGraphiQL(req, endpoint)) return false;
    const rendered = await (page ??= render(options));
    const common = {
      'content-type': 'text/html; charset=utf-8',
      etag: rendered.etag,
      // May be stored, but is revalidated (the page changes with the gateway's version and settings).
      'cache-control': 'no-cache',
      vary: 'accept, accept-encoding',
    };
    if (req.headers['if-none-match'] === rendered.etag) {
      res.writeHead(304, common);
      res.end();
      return true;
    }
    const accepts = String(req.headers['accept-encoding'] ?? '');
    const [encoding, body] = /\bbr\b/.test(accepts)
      ? (['br', rendered.br] as const)
      : /\bgzip\b/.test(accepts)
        ? (['gzip', rendered.gzip] as const)
        : ([undefined, rendered.identity] as const);
    if (encoding === undefined && req.method !== 'HEAD') {
      if (uncompressed >= MAX_UNCOMPRESSED_SENDS) {
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1', 'cache-control': 'no-store' });
        res.end('GraphiQL is busy sending uncompressed copies: retry shortly, or accept gzip or br.\n');
        return true;
      }
      uncompressed += 1;
      res.once('close', () => (uncompressed -= 1));
    }
    res.writeHead(200, { ...common, 'content-length': String(body.length), ...(encoding ? { 'content-encoding': encoding } : {}) });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}
