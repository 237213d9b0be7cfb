/**
 * The cost limit is worked out once per document and per value of the variables it depends on
 * (`first`, `ids`): the same document sent again with other page sizes or id lists is judged by
 * those values, never by an earlier request's.
 */
import { describe, expect, it } from 'vitest';
import { codesOf } from './utils/graphql.js';
import { PULSE } from './utils/ids.js';
import { useStack } from './utils/stack.js';

const stack = useStack({ config: { maxQueryCost: 20, maxNodeIds: 40 } });

const PAGES = 'query ($first: Int) { projects(first: $first) { nodes { tasks(first: 10) { nodes { id } } } } }';
const IDS = 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }';

describe('the cost limit, per document', () => {
  it('judges each request by its own page size', async () => {
    for (const [first, refused] of [[2, false], [50, true], [2, false], [50, true]] as const) {
      const response = await stack.gw.gql(PAGES, { first });
      expect(codesOf(response).includes('QUERY_TOO_COMPLEX'), `first: ${first}`).toBe(refused);
    }
  });

  it('judges each request by its own list of ids', async () => {
    for (const [count, refused] of [[1, false], [30, true], [1, false], [30, true]] as const) {
      const response = await stack.gw.gql(IDS, { ids: Array.from({ length: count }, () => PULSE) });
      expect(codesOf(response).includes('QUERY_TOO_COMPLEX'), `${count} ids`).toBe(refused);
    }
  });
});
