/**
 * Writes the schema as SDL to `schema.graphql` at the repository root (`npm run schema:print`).
 * With `--check`, writes nothing and exits 1 when the committed file differs from the code
 * (`test/graph-schema.test.ts` runs it that way).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { schemaSDL } from '../src/schema/index.js';

const target = fileURLToPath(new URL('../schema.graphql', import.meta.url));
const sdl = schemaSDL();

if (process.argv.includes('--check')) {
  const committed = existsSync(target) ? readFileSync(target, 'utf8') : '';
  if (committed !== sdl) {
    console.error('schema.graphql differs from the schema the code builds: run `npm run schema:print`.');
    process.exit(1);
  }
  console.log('schema.graphql is up to date.');
} else {
  writeFileSync(target, sdl);
  console.log(`Wrote ${target}`);
}
