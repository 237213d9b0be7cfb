/**
 * The one walk over a GraphQL selection set, for every place that asks something of the fields a
 * document selects: the auth gate (does the operation ask for introspection only?), the cost limit
 * (how many upstream calls could it make?) and `selectsOnly` in `src/schema/selection.ts` (does a
 * resolver need to read the object at all?).
 *
 * `fieldSum(options)` makes a function that adds up `value(field)` over the fields of one selection
 * set, looking through inline fragments and fragment spreads. It does not go into a field's own
 * selection set: a caller that wants to (the cost limit) calls the walk again from `value`. A yes/no
 * question is a count: "how many fields are not allowed here?" is 0.
 *
 * - Each fragment's total is computed once per walk function and reused wherever it is spread again,
 *   so fragments spreading fragments cannot make a walk exponential. A spread of an unknown fragment,
 *   or of a fragment inside itself, adds 0 (validation refuses both before any of these run).
 * - With `typeOf` (a schema's type by name), each field is visited with the type it is selected on:
 *   the walk's parent, or the type named by the condition of the fragment it sits in; a fragment
 *   whose type `typeOf` does not give is skipped. A fragment's fields are then visited with its own
 *   type wherever it is spread, which is what makes its total reusable.
 * - Totals stop growing at `Number.MAX_SAFE_INTEGER`.
 *
 * Directives (`@skip`, `@include`) are not looked at: a field under them counts as selected.
 */
import { Kind, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type NamedTypeNode, type SelectionSetNode } from 'graphql';

/** A document's fragments by name, as `GraphQLResolveInfo.fragments` has them. */
export type Fragments = Readonly<Record<string, FragmentDefinitionNode>>;

/** The fragments a document defines, by name. */
export function fragmentsOf(document: DocumentNode): Fragments {
  const fragments: Record<string, FragmentDefinitionNode> = Object.create(null) as Record<string, FragmentDefinitionNode>;
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
  return fragments;
}

/** A walk that needs no types: `value` sees the field alone. */
export function fieldSum(options: { fragments: Fragments; value: (field: FieldNode) => number }): (set: SelectionSetNode) => number;
/** A walk with types: `value` sees each field with the type it is selected on. */
export function fieldSum<T>(options: {
  fragments: Fragments;
  value: (field: FieldNode, parent: T) => number;
  typeOf: (name: string) => T | null | undefined;
}): (set: SelectionSetNode, parent: T) => number;
export function fieldSum<T>(options: {
  fragments: Fragments;
  value: (field: FieldNode, parent: T) => number;
  typeOf?: (name: string) => T | null | undefined;
}): (set: SelectionSetNode, parent: T) => number {
  const { fragments, value, typeOf } = options;
  const totals = new Map<string, number>();
  const open = new Set<string>();

  /** The type a fragment's fields are selected on; null skips the fragment. */
  const narrow = (condition: NamedTypeNode | undefined, parent: T): T | null =>
    condition && typeOf ? (typeOf(condition.name.value) ?? null) : parent;

  const spread = (name: string, parent: T): number => {
    const known = totals.get(name);
    if (known !== undefined) return known;
    const fragment = Object.hasOwn(fragments, name) ? fragments[name] : undefined;
    const type = fragment ? narrow(fragment.typeCondition, parent) : null;
    if (!fragment || type === null || open.has(name)) return 0;
    open.add(name);
    const total = walk(fragment.selectionSet, type);
    open.delete(name);
    totals.set(name, total);
    return total;
  };

  const walk = (set: SelectionSetNode, parent: T): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        total += value(selection, parent);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = narrow(selection.typeCondition, parent);
        if (type !== null) total += walk(selection.selectionSet, type);
      } else {
        total += spread(selection.name.value, parent);
      }
      if (total > Number.MAX_SAFE_INTEGER) return Number.MAX_SAFE_INTEGER;
    }
    return total;
  };
  return walk;
}
