/**
 * What a field's selection asks of the object it returns, so a resolver can skip reading a parent
 * whose own fields nobody selected (e.g. `project(id:) { tasks { … } }` needs the id, not the project).
 *
 * Only a yes/no question is asked ("does it select anything besides these fields?"): the shared walk
 * of `src/graphql/selections.ts` counts the other fields, through fragment spreads and inline
 * fragments. It errs on the side of reading: a field under `@skip`/`@include` counts as selected.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { fieldSum } from '../graphql/selections.js';

/**
 * True when the selection of the field being resolved names only fields in `cheap` (plus
 * `__typename`): everything it asks can be answered without reading the object itself.
 */
export function selectsOnly(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, cheap: ReadonlySet<string>): boolean {
  const dear = fieldSum({ fragments: info.fragments, value: (field) => (field.name.value === '__typename' || cheap.has(field.name.value) ? 0 : 1) });
  return info.fieldNodes.every((node) => !node.selectionSet || dear(node.selectionSet) === 0);
}
