/**
 * `User`: who created a task or ran an execution. The upstream sends a bare id or a small object,
 * so only `wexaId` is always known.
 */
import type { UserRef as UserModel } from '../wexa/model.js';
import { builder } from './builder.js';
import { wexaIdField } from './fields.js';

export const UserRef = builder.objectRef<UserModel>('User').implement({
  description: 'A Wexa user (or automation) as the upstream references it.',
  fields: (t) => ({
    wexaId: wexaIdField(t),
    name: t.exposeString('name', { nullable: true }),
    type: t.exposeString('type', { nullable: true, description: 'e.g. `manual`.' }),
  }),
});
