/**
 * What a field's selection asks of the object it returns, so a resolver can skip reading a parent
 * whose own fields nobody selected (e.g. `project(id:) { tasks { … } }` needs the id, not the project).
 *
 * Only a yes/no question is asked ("does it select anything besides these fields?"), so a small walk
 * over the selection set does, following fragment spreads and inline fragments. It errs on the side
 * of reading: a field under `@skip`/`@include` counts as selected.
 */
import { Kind, type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * True when the selection of the field being resolved names only fields in `cheap` (plus
 * `__typename`): everything it asks can be answered without reading the object itself.
 */
export function selectsOnly(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, cheap: ReadonlySet<string>): boolean {
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode | undefined): boolean => {
    if (!set) return true;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name !== '__typename' && !cheap.has(name)) return false;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (!walk(selection.selectionSet)) return false;
      } else {
        const name = selection.name.value;
        if (seen.has(name)) continue;
        seen.add(name);
        const fragment: FragmentDefinitionNode | undefined = info.fragments[name];
        if (!fragment || !walk(fragment.selectionSet)) return false;
      }
    }
    return true;
  };
  return info.fieldNodes.every((node: FieldNode) => walk(node.selectionSet));
}
