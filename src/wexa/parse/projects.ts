/** Parser for projects (`/v1/project`; fields per the SDK, camelCase in responses). */
import type { Project } from '../model.js';
import { FieldReader, type ItemParser } from './common.js';

export const projectParser: ItemParser<Project> = (value, path, ctx) => {
  const r = FieldReader.of(value, path, ctx);
  return {
    id: r.str(['_id', 'projectID', 'project_id', 'projectId', 'id']),
    organizationId: r.optStr(['orgId', 'organization_id', 'organizationId']),
    name: r.str(['projectName', 'name', 'project_name']),
    description: r.optStr('description'),
    status: r.optStr('status'),
    coworkerRole: r.optStr(['coworkerRole', 'coworker_role']),
    createdAt: r.time(['createdAt', 'created_at']),
    updatedAt: r.time(['updatedAt', 'updated_at']),
    extra: r.extra(),
  };
};
