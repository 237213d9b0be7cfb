/**
 * Keeps the documentation true to the repository: every environment variable `src/config.ts` reads
 * is in docs/configuration.md, every relative link of README.md and docs/ reaches a file (and a
 * heading, for `#anchor` links) inside the repository, and the README stays a short front door.
 * The checks read the files as text; nothing here imports the gateway.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const read = (file: string): string => readFileSync(join(root, file), 'utf8');

/** README.md and every markdown page under docs/, relative to the repository root. */
function markdownFiles(): string[] {
  const docs = readdirSync(join(root, 'docs'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
  return ['README.md', ...docs.sort()];
}

/** Every file under docs/ (markdown, YAML, anything), relative to the repository root. */
function docsFiles(): string[] {
  return readdirSync(join(root, 'docs'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/**
 * The environment variables a config source reads, found in its text: upper-case keys of an object
 * literal (the `ENV_NAMES` mapping, `PORT: 'port'` or `'PORT': 'port'`), `env.NAME` / `env['NAME']`
 * reads, and upper-case string literals with an underscore (`'NODE_ENV'`). Comments are ignored.
 */
function envNamesIn(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/[^\n]*/g, '$1');
  const name = String.raw`[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*`;
  const patterns = [
    new RegExp(String.raw`^\s*(['"]?)(${name})\1\s*:`, 'gm'),
    new RegExp(String.raw`\benv(?:\?\.|\.)(${name})\b`, 'g'),
    new RegExp(String.raw`\benv\[\s*['"\`](${name})['"\`]\s*\]`, 'g'),
    new RegExp(String.raw`['"\`]([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)['"\`]`, 'g'),
  ];
  const found = new Set<string>();
  for (const pattern of patterns) {
    for (const match of code.matchAll(pattern)) found.add(match[match.length - 1]!);
  }
  return [...found].sort();
}

/** The identifiers written in code spans of a markdown text (`PORT`, `GRAPHIQL=true` → GRAPHIQL). */
function codeIdentifiers(markdown: string): Set<string> {
  const ids = new Set<string>();
  for (const [, span] of markdown.matchAll(/`([^`\n]+)`/g)) {
    for (const [id] of span!.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) ids.add(id);
  }
  return ids;
}

/** Markdown without fenced code blocks and inline code spans (links there are not links). */
function withoutCode(markdown: string): string {
  return markdown
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '')
    .replace(/(`+)[\s\S]*?\1/g, '');
}

/** GitHub's anchor for a heading: lower case, punctuation other than `-` and `_` dropped, spaces to `-`. */
function slug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a markdown text offers: its headings' slugs (GitHub numbers repeats `-1`, `-2`) and HTML ids. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const text = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const [, heading] of text.matchAll(/^ {0,3}#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$/gm)) {
    const base = slug(heading!);
    const count = seen.get(base) ?? 0;
    anchors.add(count === 0 ? base : `${base}-${count}`);
    seen.set(base, count + 1);
  }
  for (const [, id] of markdown.matchAll(/<a\s[^>]*(?:name|id)="([^"]+)"/g)) anchors.add(id!);
  return anchors;
}

/** The targets of a markdown text's links and images: inline `[text](target)` and `[label]: target`. */
function linkTargets(markdown: string): string[] {
  const text = withoutCode(markdown);
  const inline = [...text.matchAll(/!?\[[^\]]*\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+"[^"]*")?\s*\)/g)].map(([, t]) => t!);
  const reference = [...text.matchAll(/^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/gm)].map(([, t]) => t!);
  return [...inline, ...reference].map((target) => target.replace(/^<|>$/g, ''));
}

/**
 * What is wrong with the relative links of one markdown file (`file` is a path inside the
 * repository; `text` its content): a target that does not exist, that lies outside the repository,
 * or an `#anchor` that no heading of the target markdown file has. Absolute URLs are not checked.
 */
function linkProblems(file: string, text: string): string[] {
  const problems: string[] = [];
  const here = resolve(root, dirname(file));
  for (const target of linkTargets(text)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue;
    const hash = target.indexOf('#');
    const pathPart = decodeURIComponent(hash === -1 ? target : target.slice(0, hash));
    const anchor = hash === -1 ? undefined : decodeURIComponent(target.slice(hash + 1));
    const self = pathPart === '';
    const absolute = self ? resolve(root, file) : pathPart.startsWith('/') ? join(root, pathPart) : resolve(here, pathPart);
    if (absolute !== root && !absolute.startsWith(root + sep)) {
      problems.push(`${file}: ${target} points outside the repository`);
      continue;
    }
    if (!self && !existsSync(absolute)) {
      problems.push(`${file}: ${target} points at ${relative(root, absolute)}, which does not exist`);
      continue;
    }
    if (anchor !== undefined && anchor !== '' && absolute.endsWith('.md') && (self || statSync(absolute).isFile())) {
      const anchors = anchorsOf(self ? text : readFileSync(absolute, 'utf8'));
      if (!anchors.has(anchor)) {
        problems.push(`${file}: ${target} has no heading #${anchor} in ${relative(root, absolute)}`);
      }
    }
  }
  return problems;
}

describe('the checks themselves', () => {
  it("make GitHub's anchors from headings", () => {
    expect(slug('Live updates (subscriptions)')).toBe('live-updates-subscriptions');
    expect(slug('Inside `src/wexa/`')).toBe('inside-srcwexa');
    expect(slug("CPU profile of the peers' screen under load")).toBe('cpu-profile-of-the-peers-screen-under-load');
    expect(slug('Rules, sources, publishing, refresh, storage')).toBe('rules-sources-publishing-refresh-storage');
    expect(slug('WEXA_API_URL and [the docs](docs/x.md)')).toBe('wexa_api_url-and-the-docs');
  });

  it('find the variables of a config source', () => {
    const source = [
      '/** `IGNORED_IN_COMMENT` */',
      "export const ENV_NAMES = {\n  PORT: 'port',\n  'QUOTED_NAME': 'quoted',\n};",
      "const names = { production: 'NODE_ENV' };",
      "const a = env.FROM_DOT; const b = env['FROM_INDEX'];",
      "const url = z.string().default('https://api.wexa.ai'); // TRAILING_COMMENT",
    ].join('\n');
    expect(envNamesIn(source)).toEqual(['FROM_DOT', 'FROM_INDEX', 'NODE_ENV', 'PORT', 'QUOTED_NAME']);
  });

  it('report broken links, missing anchors and links out of the repository, not code', () => {
    const text = [
      '# A page',
      '[fine](configuration.md) [fine too](configuration.md#start-up-errors) [self](#a-page) [web](https://example.com/x)',
      '[missing file](nothing-here.md) [missing anchor](configuration.md#no-such-heading) [outside](../../elsewhere/x.md)',
      '[missing self anchor](#nowhere)',
      '`[in code](nothing-either.md)`',
      '```md\n[in a fence](nothing-at-all.md)\n```',
    ].join('\n');
    const problems = linkProblems('docs/synthetic.md', text);
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/nothing-here\.md.*does not exist/);
    expect(problems.join('\n')).toMatch(/no heading #no-such-heading/);
    expect(problems.join('\n')).toMatch(/\.\.\/\.\.\/elsewhere\/x\.md points outside the repository/);
    expect(problems.join('\n')).toMatch(/#nowhere has no heading/);
  });
});

describe('the docs', () => {
  it('document every environment variable src/config.ts reads in docs/configuration.md', () => {
    const names = envNamesIn(read('src/config.ts'));
    // If the extraction stops finding the mapping, fail here rather than pass on an empty list.
    expect(names).toEqual(expect.arrayContaining(['NODE_ENV', 'PORT', 'HOST', 'WEXA_API_URL', 'REDIS_URL', 'DATABASE_URL']));
    expect(names.length).toBeGreaterThan(40);
    const documented = codeIdentifiers(read('docs/configuration.md'));
    const missing = names.filter((name) => !documented.has(name));
    expect(missing, 'variables read by src/config.ts but not in docs/configuration.md').toEqual([]);
  });

  it('link only to files and headings that exist inside the repository', () => {
    const files = markdownFiles();
    expect(files).toContain('docs/configuration.md');
    const problems = files.flatMap((file) => linkProblems(file, read(file)));
    expect(problems).toEqual([]);
  });

  it('keep the README a front door of at most 250 lines', () => {
    const lines = read('README.md').replace(/\n$/, '').split('\n');
    expect(lines.length).toBeLessThanOrEqual(250);
  });

  it('never mention the shared folder outside the repository', () => {
    const outside = ['..', 'shared'].join('/'); // spelled apart so this file does not mention it either
    const offenders = ['README.md', ...docsFiles()].filter((file) => read(file).includes(outside));
    expect(offenders).toEqual([]);
  });
});
