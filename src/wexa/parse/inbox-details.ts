/**
 * The kind-specific part of an inbox request, and the "waiting on a person" marker of an execution.
 *
 * Only the preview shape is documented (`preview {is_approved, modified_inputs_during_preview,
 * preview_input {thoughts, skill {name, id, input}}}`). Runtime-input and anomaly requests, their
 * answers and how an execution records that it waits are NOT documented: the names read here
 * (`runtime_input {fields, values}`, `anomaly_detection {message, is_acknowledged}`, pending entries
 * in the execution's `previews` / `runtime_inputs` / `anomaly_detected`) are our best reading, with
 * several spellings accepted, and everything else is kept in `raw`.
 */
import type { HumanWait, InboxDetails, InboxKind, InputField, PreviewThoughts } from '../model.js';
import { FieldReader, isRecord, type ItemParser } from './common.js';

/** The upstream `type` string as a kind. */
export function inboxKindOf(type: string | null): InboxKind {
  switch ((type ?? '').trim().toLowerCase()) {
    case 'preview':
      return 'preview';
    case 'runtime_input':
    case 'runtime-input':
    case 'runtimeinput':
      return 'runtime_input';
    case 'anomaly_detection':
    case 'anomaly':
      return 'anomaly_detection';
    default:
      return 'unknown';
  }
}

function parseThoughts(r: FieldReader | null): PreviewThoughts | null {
  if (!r) return null;
  return {
    text: r.optStr('text'),
    reasoning: r.optStr('reasoning'),
    plan: r.optStr('plan'),
    criticism: r.optStr('criticism'),
    speak: r.optStr('speak'),
  };
}

/** One field of an input or output schema, or of a runtime-input request. */
export const inputFieldParser: ItemParser<InputField> = (value, path, ctx) => {
  const r = FieldReader.of(value, path, ctx);
  return {
    id: r.str(['field_id', 'id', 'name', 'key']),
    label: r.optStr(['label', 'title']),
    type: r.optStr('type'),
    required: r.bool('required', false),
    description: r.optStr('description'),
  };
};

/** Reads the kind-specific object of an inbox request from the request's reader. */
export function readInboxDetails(r: FieldReader, type: string | null): InboxDetails {
  const kind = inboxKindOf(type);
  if (kind === 'preview') {
    const p = r.obj('preview');
    const input = p?.obj(['preview_input', 'input']) ?? null;
    const skill = input?.obj('skill') ?? null;
    const approved = p?.any(['is_approved', 'approved']);
    return {
      kind,
      approved: typeof approved === 'boolean' ? approved : null,
      modifiedInputs: p?.any(['modified_inputs_during_preview', 'modified_inputs']) ?? null,
      thoughts: parseThoughts(input?.obj('thoughts') ?? null),
      skillId: skill?.optStr(['id', '_id', 'skill_id']) ?? null,
      skillName: skill?.optStr('name') ?? null,
      skillInput: skill?.any('input') ?? null,
      raw: p?.raw ?? {},
    };
  }
  if (kind === 'runtime_input') {
    const q = r.obj(['runtime_input', 'runtime_inputs', 'input_request']);
    return {
      kind,
      fields: q?.list(['fields', 'input_fields'], inputFieldParser) ?? [],
      values: q?.any(['values', 'answer', 'inputs']) ?? null,
      raw: q?.raw ?? {},
    };
  }
  if (kind === 'anomaly_detection') {
    const a = r.obj(['anomaly_detection', 'anomaly']);
    const acknowledged = a?.any(['is_acknowledged', 'acknowledged']);
    return {
      kind,
      message: a?.optStr(['message', 'description', 'reason']) ?? null,
      acknowledged: acknowledged === true || /^(acknowledged|resolved|completed)$/i.test(String(r.peek('status') ?? '')),
      raw: a?.raw ?? {},
    };
  }
  return { kind, raw: {} };
}

const PENDING = /^(pending|waiting|awaiting)$/i;

/** A pending entry of one of an execution's human-input maps, if any. */
function pendingEntry(value: unknown, kind: InboxKind): HumanWait | null {
  if (!isRecord(value)) return null;
  // Either one marker object, or a map of agent id -> marker.
  const candidates: [string | null, unknown][] = 'status' in value ? [[null, value]] : Object.entries(value);
  for (const [agentId, entry] of candidates) {
    if (!isRecord(entry) || typeof entry.status !== 'string' || !PENDING.test(entry.status)) continue;
    const inbox = entry.inbox_id ?? entry.inbox_request_id;
    const agent = entry.agent_id ?? agentId;
    return { kind, inboxRequestId: typeof inbox === 'string' ? inbox : null, agentId: typeof agent === 'string' ? agent : null };
  }
  return null;
}

/**
 * Whether an execution waits on a person: the first pending entry of `previews`, `runtime_inputs` or
 * `anomaly_detected`. Null when none is pending (or the upstream does not record it there).
 */
export function readHumanWait(r: FieldReader): HumanWait | null {
  return (
    pendingEntry(r.any('previews'), 'preview') ??
    pendingEntry(r.any('runtime_inputs'), 'runtime_input') ??
    pendingEntry(r.any('anomaly_detected'), 'anomaly_detection')
  );
}
