/**
 * Types for upstream objects the Wexa reference gives no shape for: a name and an id when the
 * upstream has them, and everything verbatim in `raw`.
 */
import type { LooseItem } from '../wexa/model.js';
import { builder } from './builder.js';
import { rawField, type ObjectFields } from './fields.js';

/** The fields of every loose type: `wexaId` and `name` when the upstream has them, and `raw`. */
export function looseFields(t: ObjectFields<LooseItem>) {
  return {
    wexaId: t.exposeString('id', { nullable: true }),
    name: t.exposeString('name', { nullable: true }),
    raw: rawField(t),
  };
}

/** Declares an object type over a {@link LooseItem} with {@link looseFields}. */
export function looseType(name: string, description: string) {
  return builder.objectRef<LooseItem>(name).implement({
    description: `${description} The upstream shape is undocumented: \`raw\` holds every field as sent.`,
    fields: looseFields,
  });
}
