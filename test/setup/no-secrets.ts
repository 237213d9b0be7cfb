/**
 * Suite-wide guard: everything a test file writes to stdout/stderr (process streams, direct fd 1/2
 * writes such as pino's, and console) is captured, and the file fails in `afterAll` if any known
 * secret appears in it. Tests that use extra keys register them with {@link registerSecret}.
 *
 * The failure message never contains the secret itself, only its index and length.
 */
import fs from 'node:fs';
import { format } from 'node:util';
import { afterAll, beforeAll } from 'vitest';
import { DEMO_KEY, OTHER_KEY } from '../utils/ids.js';

/** Keys every suite knows about (the simulator's demo keys). */
export const DEFAULT_SECRETS: readonly string[] = [DEMO_KEY, OTHER_KEY];

interface GuardState {
  installed: boolean;
  captured: string[];
  secrets: Set<string>;
}

const STATE_KEY = Symbol.for('wexa-graph.no-secrets');
const globalStore = globalThis as unknown as Record<symbol, GuardState | undefined>;
const state: GuardState = (globalStore[STATE_KEY] ??= { installed: false, captured: [], secrets: new Set(DEFAULT_SECRETS) });

/** Adds a value that must never appear in test output. */
export function registerSecret(secret: string): void {
  if (secret.length >= 6) state.secrets.add(secret);
}

/** Indices (in registration order) of the registered secrets that occur in `text`. */
export function findSecrets(text: string): number[] {
  return [...state.secrets].flatMap((s, i) => (text.includes(s) ? [i] : []));
}

function record(chunk: unknown): void {
  if (typeof chunk === 'string') state.captured.push(chunk);
  else if (chunk instanceof Uint8Array) state.captured.push(Buffer.from(chunk).toString('utf8'));
}

function install(): void {
  if (state.installed) return;
  state.installed = true;
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      record(chunk);
      return original(chunk, ...rest);
    }) as typeof stream.write;
  }
  // pino (through sonic-boom) writes to fd 1/2 with fs.write / fs.writeSync, bypassing the streams.
  const fsMutable = fs as unknown as Record<'write' | 'writeSync', (...args: unknown[]) => unknown>;
  for (const name of ['write', 'writeSync'] as const) {
    const original = fsMutable[name].bind(fs);
    fsMutable[name] = (fd: unknown, data: unknown, ...rest: unknown[]) => {
      if (fd === 1 || fd === 2) record(data);
      return original(fd, data, ...rest);
    };
  }
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      record(format(...args));
      original(...args);
    };
  }
}

install();

beforeAll(() => {
  state.captured = [];
});

afterAll(() => {
  const leaked = findSecrets(state.captured.join(''));
  state.captured = [];
  if (leaked.length > 0) {
    const sizes = leaked.map((i) => `#${i} (${[...state.secrets][i]!.length} chars)`).join(', ');
    throw new Error(`A registered secret appeared in this test file's output: ${sizes}. Never log or print API keys.`);
  }
});
