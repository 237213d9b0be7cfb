/**
 * `createLoaderRegistry(api, config)`: the DataLoaders of one operation, in a plain registry.
 *
 * A loader is declared once, in the file of its domain (`src/loaders/<domain>.ts`), with
 * {@link defineLoader}; resolvers ask the operation's registry for it: `ctx.loaders.get(taskById)`.
 * The registry builds each loader the first time it is asked for (a query touches a few of some
 * forty) and keeps it for the rest of the operation, so one operation never reads the same resource
 * or list twice.
 *
 * List reads prime by-id loaders with the items they returned ({@link LoaderRegistry.prime}). Items
 * primed into a loader nobody has asked for yet wait in the registry and are handed over when it is
 * built, so a screen that reads a task list but never a task by id never builds the task loader nor
 * primes it (that was 2.5 % of the CPU of the benchmark's screen when every loader was built and
 * primed eagerly; see docs/performance.md).
 *
 * `reset()` forgets every loader: a subscription calls it (through the operation's `fresh()`) before
 * each event, so each event shows the state at that event.
 */
import type DataLoader from 'dataloader';
import type { Config } from '../config.js';
import type { WexaApi } from '../wexa/api.js';
import type { Limiter } from './batch.js';
import { createLimiter } from './limiter.js';

/** The settings loaders read. */
export type LoaderConfig = Pick<Config, 'loaderConcurrency' | 'maxScanItems' | 'listReadMinIds' | 'listReadMaxItems'>;

/** What a loader is built from: the operation's upstream API, the settings, the shared concurrency cap, and the registry (to prime others). */
export interface LoaderEnv {
  api: WexaApi;
  config: LoaderConfig;
  /** The operation's cap on upstream calls in flight, shared by all of its loaders. */
  limit: Limiter;
  loaders: LoaderRegistry;
}

/** A loader's declaration: how to build it for one operation. */
export interface LoaderDef<K, V> {
  /** For reading stack traces and tests; not a lookup key. */
  readonly name: string;
  build(env: LoaderEnv): DataLoader<K, V, string>;
}

/** Declares a loader (once, at module level, in its domain's file). */
export function defineLoader<K, V>(name: string, build: (env: LoaderEnv) => DataLoader<K, V, string>): LoaderDef<K, V> {
  return { name, build };
}

/** The loaders of one operation. */
export interface LoaderRegistry {
  /** The operation's loader of `def`, built on first use. */
  get<K, V>(def: LoaderDef<K, V>): DataLoader<K, V, string>;
  /** Primes `def`'s loader through `apply`: now if it is built, else when it is first built. */
  prime<K, V>(def: LoaderDef<K, V>, apply: (loader: DataLoader<K, V, string>) => void): void;
  /** Forgets every loader and everything waiting to be primed (a subscription's next event starts fresh). */
  reset(): void;
}

type AnyDef = LoaderDef<unknown, unknown>;
type AnyLoader = DataLoader<unknown, unknown, string>;

/** Creates the registry of one operation, reading through `api`. */
export function createLoaderRegistry(api: WexaApi, config: LoaderConfig): LoaderRegistry {
  let built = new Map<AnyDef, AnyLoader>();
  let waiting = new Map<AnyDef, ((loader: AnyLoader) => void)[]>();
  let limiter: Limiter | undefined;
  // Made on the first upstream read: an operation answered from what its ids give needs none.
  const limit: Limiter = (fn) => (limiter ??= createLimiter(Math.max(1, config.loaderConcurrency)))(fn);

  const registry: LoaderRegistry = {
    get<K, V>(def: LoaderDef<K, V>): DataLoader<K, V, string> {
      const known = built.get(def as AnyDef);
      if (known !== undefined) return known as DataLoader<K, V, string>;
      const loader = def.build(env);
      built.set(def as AnyDef, loader as AnyLoader);
      const queued = waiting.get(def as AnyDef);
      if (queued !== undefined) {
        waiting.delete(def as AnyDef);
        for (const apply of queued) apply(loader as AnyLoader);
      }
      return loader;
    },
    prime<K, V>(def: LoaderDef<K, V>, apply: (loader: DataLoader<K, V, string>) => void): void {
      const known = built.get(def as AnyDef);
      if (known !== undefined) {
        apply(known as DataLoader<K, V, string>);
        return;
      }
      const queued = waiting.get(def as AnyDef);
      if (queued) queued.push(apply as (loader: AnyLoader) => void);
      else waiting.set(def as AnyDef, [apply as (loader: AnyLoader) => void]);
    },
    reset() {
      built = new Map();
      waiting = new Map();
    },
  };
  const env: LoaderEnv = { api, config, limit, loaders: registry };
  return registry;
}
