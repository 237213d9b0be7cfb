/**
 * Parser for coworker schedules. Undocumented beyond the write fields (`coworker_id`, `goal`,
 * `template`, `display_template`, `schedule`), so read tolerantly; `schedule` is an integer of unknown
 * unit and is passed through.
 */
import type { CoworkerSchedule } from '../model.js';
import { FieldReader, type ItemParser } from './common.js';

/** Parses a schedule; `fallbackProjectId` when the upstream omits the project. */
export function scheduleParser(fallbackProjectId?: string): ItemParser<CoworkerSchedule> {
  return (value, path, ctx) => {
    const r = FieldReader.of(value, path, ctx);
    const schedule = r.any('schedule');
    return {
      id: r.str(['_id', 'id', 'schedule_id']),
      projectId: r.optStr(['projectID', 'project_id', 'projectId']) ?? fallbackProjectId ?? null,
      agentflowId: r.optStr(['coworker_id', 'agentflow_id']),
      goal: r.any('goal') ?? null,
      template: r.optStr('template'),
      displayTemplate: r.optStr('display_template'),
      schedule: typeof schedule === 'number' && Number.isFinite(schedule) ? schedule : typeof schedule === 'string' && /^\d+$/.test(schedule) ? Number(schedule) : null,
      status: r.optStr('status'),
      type: r.optStr('type'),
      createdAt: r.time(['created_at', 'createdAt']),
      updatedAt: r.time(['updated_at', 'updatedAt']),
      extra: r.extra(),
    };
  };
}

