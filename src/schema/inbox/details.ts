/**
 * What an inbox request asks for, by kind: the `InboxRequestDetails` union of `PreviewRequest`,
 * `RuntimeInputRequest`, `AnomalyRequest` and `UnknownInboxRequest`, with the types they hold.
 * `InboxRequest.details` (in `node.ts`) returns it.
 */
import type {
  AnomalyDetails,
  InboxDetails,
  InboxRequest,
  InputField,
  PreviewDetails,
  PreviewThoughts,
  RuntimeInputDetails,
  UnknownInboxDetails,
} from '../../wexa/model.js';
import { builder } from '../builder.js';

/** A request's details; requests the upstream sent none for are of an unknown kind. */
export const detailsOf = (r: InboxRequest): InboxDetails => r.details ?? { kind: 'unknown', raw: {} };

const PreviewThoughtsRef = builder.objectRef<PreviewThoughts>('PreviewThoughts').implement({
  description: "The agent's reasoning shown with a preview.",
  fields: (t) => ({
    text: t.exposeString('text', { nullable: true }),
    reasoning: t.exposeString('reasoning', { nullable: true }),
    plan: t.exposeString('plan', { nullable: true }),
    criticism: t.exposeString('criticism', { nullable: true }),
    speak: t.exposeString('speak', { nullable: true }),
  }),
});

const InputFieldRef = builder.objectRef<InputField>('InputField').implement({
  description: 'One value a runtime-input request asks for.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'The key to use in `answerRuntimeInput(values:)`.' }),
    label: t.exposeString('label', { nullable: true }),
    type: t.exposeString('type', { nullable: true }),
    required: t.exposeBoolean('required'),
    description: t.exposeString('description', { nullable: true }),
  }),
});

const raw = 'Everything the upstream sent for this part of the request, verbatim (the shape is not documented).';

const PreviewDetailsRef = builder.objectRef<PreviewDetails>('PreviewRequest').implement({
  description: 'A preview: the skill call an agent is about to make, to approve (optionally with changed inputs) or reject.',
  isTypeOf: (d) => (d as InboxDetails).kind === 'preview',
  fields: (t) => ({
    approved: t.exposeBoolean('approved', { nullable: true, description: 'Null until decided (when the upstream does not say).' }),
    modifiedInputs: t.field({ type: 'JSON', nullable: true, resolve: (d) => d.modifiedInputs }),
    thoughts: t.field({ type: PreviewThoughtsRef, nullable: true, resolve: (d) => d.thoughts }),
    skillWexaId: t.exposeString('skillId', { nullable: true }),
    skillName: t.exposeString('skillName', { nullable: true }),
    skillInput: t.field({ type: 'JSON', nullable: true, description: 'The input the skill would run with.', resolve: (d) => d.skillInput }),
    raw: t.field({ type: 'JSON', description: raw, resolve: (d) => d.raw }),
  }),
});

const RuntimeInputDetailsRef = builder.objectRef<RuntimeInputDetails>('RuntimeInputRequest').implement({
  description: 'A runtime input: values the agent needs before it can go on.',
  isTypeOf: (d) => (d as InboxDetails).kind === 'runtime_input',
  fields: (t) => ({
    fields: t.field({ type: [InputFieldRef], resolve: (d) => d.fields }),
    values: t.field({ type: 'JSON', nullable: true, description: 'The values given, once answered.', resolve: (d) => d.values }),
    raw: t.field({ type: 'JSON', description: raw, resolve: (d) => d.raw }),
  }),
});

const AnomalyDetailsRef = builder.objectRef<AnomalyDetails>('AnomalyRequest').implement({
  description: 'An anomaly the run detected, to acknowledge.',
  isTypeOf: (d) => (d as InboxDetails).kind === 'anomaly_detection',
  fields: (t) => ({
    message: t.exposeString('message', { nullable: true }),
    acknowledged: t.exposeBoolean('acknowledged'),
    raw: t.field({ type: 'JSON', description: raw, resolve: (d) => d.raw }),
  }),
});

const UnknownDetailsRef = builder.objectRef<UnknownInboxDetails>('UnknownInboxRequest').implement({
  description: 'A request of a type this gateway does not know; `InboxRequest.type` and `raw` say what it is.',
  isTypeOf: (d) => (d as InboxDetails).kind === 'unknown',
  fields: (t) => ({ raw: t.field({ type: 'JSON', resolve: (d) => d.raw }) }),
});

export const InboxRequestDetailsUnion = builder.unionType('InboxRequestDetails', {
  description: 'What an inbox request asks for, by kind.',
  types: [PreviewDetailsRef, RuntimeInputDetailsRef, AnomalyDetailsRef, UnknownDetailsRef],
  resolveType: (d) => {
    switch (d.kind) {
      case 'preview':
        return PreviewDetailsRef;
      case 'runtime_input':
        return RuntimeInputDetailsRef;
      case 'anomaly_detection':
        return AnomalyDetailsRef;
      default:
        return UnknownDetailsRef;
    }
  },
});
