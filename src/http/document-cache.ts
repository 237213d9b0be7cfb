/**
 * Yoga's parse cache, bounded by size as well as by count. Yoga keys its cache of parsed documents
 * (and of parse errors) by the whole source text, 1,024 of each for an hour: a client sending large,
 * distinct documents would make the gateway hold hundreds of megabytes. Here the budget is counted in
 * source characters (an AST is roughly ten times its source), and a very large document is parsed
 * every time rather than kept.
 */
import type { DocumentNode } from 'graphql';
import type { YogaServerOptions } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';

/** Source characters all cached documents (or parse errors) may add up to, per cache. */
const BUDGET_CHARS = 2_000_000;
/** The largest document kept. */
const LARGEST_CHARS = 20_000;

function boundedCache<T extends object>(): { get(key: string): T | undefined; set(key: string, value: T): void } {
  return new LRUCache<string, T>({
    max: 1_024,
    ttl: 3_600_000,
    maxSize: BUDGET_CHARS,
    maxEntrySize: LARGEST_CHARS,
    sizeCalculation: (_value, key) => Math.max(1, key.length),
  });
}

/** The value of yoga's `parserAndValidationCache` option. */
export function boundedParserCache(): NonNullable<YogaServerOptions<object, object>['parserAndValidationCache']> {
  return { documentCache: boundedCache<DocumentNode>(), errorCache: boundedCache<object>(), validationCache: true };
}
