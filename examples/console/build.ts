/**
 * Builds the console page with esbuild's JS API: `app/main.ts` and what it imports (urql's core,
 * graphql-ws's client) bundled into one ES module, in memory. The HTML and the stylesheet are served
 * as written. Nothing the page loads comes from anywhere but the console's own server.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The files of the page, ready to serve. */
export interface ConsoleAssets {
  /** `app/index.html`, with `{{IDP_URL}}` still in it (the server fills it in). */
  html: string;
  js: string;
  css: string;
}

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** Bundles the page's script and reads its HTML and CSS. */
export async function buildConsoleAssets(): Promise<ConsoleAssets> {
  const [bundle, html, css] = await Promise.all([
    build({
      entryPoints: [here('./app/main.ts')],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      target: ['chrome110', 'firefox110', 'safari16'],
      minify: true,
      legalComments: 'none',
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'silent',
    }),
    readFile(here('./app/index.html'), 'utf8'),
    readFile(here('./app/styles.css'), 'utf8'),
  ]);
  const js = bundle.outputFiles[0]?.text;
  if (js === undefined) throw new Error('esbuild produced no output for the console page');
  return { html, js, css };
}
