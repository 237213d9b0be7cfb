/**
 * Parsers for a skill's actions. The documented skill (`GET /skills/{id}`) embeds `actions[]` with
 * `input_schema.fields[]` / `output_schema.fields[]`; the stored page is cut off inside the output
 * schema, so everything past that point is read tolerantly.
 */
import type { SkillAction } from '../model.js';
import { FieldReader, type ItemParser } from './common.js';
import { inputFieldParser } from './inbox-details.js';

export const skillActionParser: ItemParser<SkillAction> = (value, path, ctx) => {
  const r = FieldReader.of(value, path, ctx);
  return {
    id: r.str(['_id', 'id', 'action_id']),
    name: r.optStr('name'),
    endpoint: r.optStr('endpoint'),
    sort: r.optStr('sort'),
    category: r.optStr('category'),
    previousActionId: r.optStr('previous_action_id'),
    nextActionId: r.optStr('next_action_id'),
    isTerminal: r.bool('is_terminal', false),
    inputFields: r.obj('input_schema')?.list('fields', inputFieldParser) ?? [],
    outputFields: r.obj('output_schema')?.list('fields', inputFieldParser) ?? [],
    extra: r.extra(),
  };
};
