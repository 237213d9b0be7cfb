/**
 * The layering rules of docs/architecture.md, checked on the source: who may import whom, reads
 * through loaders, and no upstream wire name above `src/wexa/`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Every `.ts` file under `dir`, relative to the repository root. */
function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/** The modules a file imports: project files as repository paths, packages by name. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)].map(([, spec]) =>
    spec!.startsWith('.') ? relative(root, resolve(root, dirname(file), spec!)) : spec!,
  );
}

const code = (file: string): string =>
  readFileSync(join(root, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '');

describe('layers', () => {
  it('only src/main.ts imports the simulator, and the simulator imports nothing of the gateway', () => {
    const gateway = sources('src').filter((f) => !f.startsWith('src/simulator/') && f !== 'src/main.ts');
    expect(gateway.filter((f) => importsOf(f).some((m) => m.startsWith('src/simulator/')))).toEqual([]);
    const outside = sources('src/simulator').flatMap((f) =>
      importsOf(f).filter((m) => m.startsWith('src/') && !m.startsWith('src/simulator/')).map((m) => `${f} → ${m}`),
    );
    expect(outside).toEqual([]);
  });

  it('src/wexa/ imports neither graphql nor any layer above it', () => {
    const above = ['src/schema/', 'src/loaders/', 'src/live/', 'src/dashboards/', 'src/app', 'src/context'];
    const bad = sources('src/wexa').flatMap((f) =>
      importsOf(f)
        .filter((m) => m === 'graphql' || m.startsWith('@pothos/') || above.some((a) => m.startsWith(a)))
        .map((m) => `${f} → ${m}`),
    );
    expect(bad).toEqual([]);
  });

  it('src/loaders/ reaches the upstream only through src/wexa/', () => {
    const bad = sources('src/loaders').flatMap((f) =>
      importsOf(f)
        .filter((m) => m.startsWith('src/') && !m.startsWith('src/loaders/') && !m.startsWith('src/wexa/') && m !== 'src/config.js')
        .map((m) => `${f} → ${m}`),
    );
    expect(bad).toEqual([]);
  });
});

describe('the schema sees only the model and the loaders', () => {
  const schemaFiles = sources('src/schema');

  it('never reads through ctx.wexa (mutations call it for their writes only)', () => {
    const reads = schemaFiles.filter((f) => /ctx\.wexa\.\w+\.(get|list|monitor|triggerActions)\b/.test(code(f)));
    expect(reads).toEqual([]);
  });

  it('imports no upstream parser, endpoint or transport', () => {
    const bad = schemaFiles.flatMap((f) =>
      importsOf(f)
        .filter((m) => m.startsWith('src/wexa/') && !['src/wexa/model.js', 'src/wexa/api.js'].includes(m))
        .map((m) => `${f} → ${m}`),
    );
    expect(bad).toEqual([]);
  });

  it('names no upstream wire field', () => {
    const wire = /\b(projectID|project_id|execution_id|agentflow_id|coworker_id|organization_id|executed_by|created_at|_id)\b/;
    expect(schemaFiles.filter((f) => wire.test(code(f)))).toEqual([]);
  });
});
