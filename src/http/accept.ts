/**
 * Which media type yoga's result processors would answer a single (non-streamed) result with, for
 * an `Accept` header: the same walk as yoga's `useResultProcessors` (SSE, then multipart, then the
 * regular JSON processor; the last match wins), so the direct path (`direct-graphql.ts`) only
 * takes requests yoga would answer with JSON, and answers them with the same `Content-Type`.
 */

const PROCESSORS: ReadonlyArray<{ regular: boolean; types: readonly string[] }> = [
  { regular: false, types: ['text/event-stream'] },
  { regular: false, types: ['multipart/mixed'] },
  { regular: true, types: ['application/graphql-response+json', 'application/json'] },
];

/** The media types of an `Accept` header in the order yoga walks them (utf-8 only; reversed). */
function requestedTypes(accept: string): string[] {
  const types: string[] = [];
  for (const entry of accept.replace(/\s/g, '').toLowerCase().split(',')) {
    const [type, ...params] = entry.split(';');
    if (type === undefined) continue;
    const charset = params.find((p) => p.includes('charset=')) ?? 'charset=utf-8';
    if (charset !== 'charset=utf-8') continue;
    types.push(type);
  }
  return types.reverse();
}

function matches(asked: string, offered: string): boolean {
  const [askedPre, askedSuf] = asked.split('/');
  const [pre, suf] = offered.split('/');
  return (pre === '*' || pre === askedPre) && (suf === '*' || suf === askedSuf);
}

function negotiate(accept: string): string | null {
  let chosen: { regular: boolean; type: string } | null = null;
  for (const processor of PROCESSORS) {
    for (const requested of requestedTypes(accept)) {
      for (const type of processor.types) if (matches(type, requested)) chosen = { regular: processor.regular, type };
    }
  }
  return chosen?.regular ? chosen.type : null;
}

/** Answers per distinct header, remembered (clients send a handful of distinct values). */
const known = new Map<string, string | null>();
const KNOWN_MAX = 256;

/** The JSON media type yoga answers a single result with for this `Accept`; null when it would not answer with JSON. */
export function regularMediaType(accept: string | undefined): string | null {
  const header = accept === undefined || accept === '' ? '*/*' : accept;
  let type = known.get(header);
  if (type === undefined) {
    type = negotiate(header);
    if (known.size >= KNOWN_MAX) known.clear();
    known.set(header, type);
  }
  return type;
}
