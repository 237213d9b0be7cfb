/**
 * Types for upstream objects the Wexa reference gives no shape for: a name and an id when the
 * upstream has them, and everything verbatim in `raw`.
 */
import type { LooseItem } from '../wexa/model.js';
import { builder } from './builder.js';

/** Declares an object type over a {@link LooseItem} with `wexaId`, `name` and `raw`. */
export function looseType(name: string, description: string) {
  return builder.objectRef<LooseItem>(name).implement({
    description: `${description} The upstream shape is undocumented: \`raw\` holds every field as sent.`,
    fields: (t) => ({
      wexaId: t.exposeString('id', { nullable: true }),
      name: t.exposeString('name', { nullable: true }),
      raw: t.field({ type: 'JSON', resolve: (i) => i.extra }),
    }),
  });
}
