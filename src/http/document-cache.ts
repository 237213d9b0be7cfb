/**
 * Yoga's parse cache, bounded by size as well as by count. Yoga keys its cache of parsed documents
 * (and of parse errors) by the whole source text, 1,024 of each for an hour: a client sending large,
 * distinct documents would make the gateway hold hundreds of megabytes (a parsed document, with its
 * tokens and locations, can weigh a couple of hundred times its source). Here each cache has a budget in
 * estimated bytes, and a large document is parsed every time rather than kept.
 */
import type { DocumentNode } from 'graphql';
import type { YogaServerOptions } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';

/** Estimated bytes held per character of source (a parsed document with many directives or aliases measured up to about 250). */
const BYTES_PER_CHAR = 256;
/** Estimated bytes all cached documents (or parse errors) may add up to, per cache. */
const BUDGET_BYTES = 16 * 1024 * 1024;
/** The largest entry kept (a document of up to 4,096 characters). */
const LARGEST_BYTES = 1024 * 1024;

function boundedCache<T extends object>(): { get(key: string): T | undefined; set(key: string, value: T): void } {
  return new LRUCache<string, T>({
    max: 1_024,
    ttl: 3_600_000,
    maxSize: BUDGET_BYTES,
    maxEntrySize: LARGEST_BYTES,
    sizeCalculation: (_value, key) => Math.max(1, key.length * BYTES_PER_CHAR),
  });
}

/** The value of yoga's `parserAndValidationCache` option. */
export function boundedParserCache(): NonNullable<YogaServerOptions<object, object>['parserAndValidationCache']> {
  return { documentCache: boundedCache<DocumentNode>(), errorCache: boundedCache<object>(), validationCache: true };
}
