// Tailcall script of bench/quota/tailcall.graphql: a list's items with `_id` copied to `id`
// (Tailcall templates cannot read a field whose name starts with "_"). Tailcall 1.0 hands a script
// its context and takes its answer as JSON text.
function itemsWithIds(ctx) {
  const page = typeof ctx === 'string' ? JSON.parse(ctx) : ctx.value;
  const items = (page.data || []).map(function (p) {
    return Object.assign({}, p, { id: p._id });
  });
  return JSON.stringify(items);
}
