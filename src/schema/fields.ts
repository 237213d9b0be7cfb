/**
 * Field helpers shared by every domain, for the fields many types have alike: `wexaId` (the
 * upstream's own id) and `raw` (upstream fields without a field of their own). Timestamps need no
 * helper: `t.expose('createdAt', { type: 'DateTime', nullable: true })`. Links to other nodes
 * (`project`, `agentflow`, `connector`) are in `links.ts`; what inputs go through, in `inputs.ts`.
 */
import type { Extra } from '../wexa/model.js';
import type { BuilderTypes } from './builder.js';

/** The field builder of an object type whose objects are `P`. */
export type ObjectFields<P> = PothosSchemaTypes.ObjectFieldBuilder<BuilderTypes, P>;

/** The field builder of an input type (a mutation's `input`). */
export type InputFields = PothosSchemaTypes.InputFieldBuilder<BuilderTypes, 'InputObject'>;

/** The description of the `wexaId` of an object the upstream keys by an ObjectId. */
export const OBJECT_ID = "The upstream's own id (an ObjectId).";

/** The description of most `raw` fields. */
export const UNNAMED_FIELDS = 'Fields without a field here, verbatim.';

/** `wexaId: String!`: the object's upstream id (`id`). */
export function wexaIdField<P extends { id: string }>(t: ObjectFields<P>, description?: string) {
  return t.string({ description, resolve: (p) => p.id });
}

/** `raw: JSON!`: the upstream fields the model keeps in `extra`, verbatim. */
export function rawField<P extends { extra: Extra }>(t: ObjectFields<P>, description?: string) {
  return t.field({ type: 'JSON', description, resolve: (p) => p.extra });
}
