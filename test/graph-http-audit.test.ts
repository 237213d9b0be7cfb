/**
 * graphql-http's own audit of a GraphQL-over-HTTP server (the spec's MUST and SHOULD rules), run
 * against the real gateway: every audit passes, warnings included.
 */
import { serverAudits } from 'graphql-http';
import { describe, expect, it } from 'vitest';
import { DEMO_KEY } from './utils/ids.js';
import { useStack } from './utils/stack.js';

const stack = useStack();

describe("graphql-http's server audit", () => {
  it('passes every audit', async () => {
    const audits = serverAudits({
      url: () => stack.gw.url,
      // The audits send `{ __typename }` and friends; the key makes them reach execution like any client's.
      fetchFn: (input: RequestInfo | URL, init?: RequestInit) =>
        fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers).entries()), 'x-api-key': DEMO_KEY } }),
    });
    const results = await Promise.all(audits.map(async (audit) => ({ name: audit.name, result: await audit.fn() })));
    const failed = results.filter((r) => r.result.status !== 'ok').map((r) => `${r.result.status}: ${r.name}${'reason' in r.result ? ` (${r.result.reason})` : ''}`);
    expect(failed).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(61);
  });
});
