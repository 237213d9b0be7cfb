/** Parsers for agentflows ("coworkers"), their embedded agents and skills. */
import type { Agent, Agentflow, Llm, Skill } from '../model.js';
import { skillActionParser } from './skills.js';
import { FieldReader, isRecord, type ItemParser } from './common.js';

const PROJECT_ID = ['projectID', 'project_id', 'projectId'] as const;
const ORG_ID = ['organization_id', 'orgId', 'organizationId'] as const;

/** A skill: a bare id on write, an embedded object on read. */
/** A skill: a bare id (as written) or the full object with its actions (as read). */
export const skillParser: ItemParser<Skill> = (value, path, ctx) => {
  if (typeof value === 'string' && value !== '') {
    return { id: value, name: null, description: null, connectorId: null, connectorName: null, logo: null, extra: {} };
  }
  const r = FieldReader.of(value, path, ctx);
  return {
    id: r.str(['_id', 'skill_id', 'id']),
    name: r.optStr('name'),
    description: r.optStr('description'),
    connectorId: r.optStr(['connector_id', 'connectorID']),
    connectorName: r.optStr('connector_name'),
    logo: r.optStr('logo'),
    projectId: r.optStr(['projectID', 'project_id', 'projectId']),
    actions: r.list('actions', skillActionParser),
    extra: r.extra(),
  };
};

function parseLlm(r: FieldReader | null): Llm | null {
  if (!r) return null;
  return { model: r.optStr('model'), temperature: r.num('temperature'), maxTokens: r.num(['max_tokens', 'maxTokens']) };
}

/** An agent inside an agentflow (or inside an execution's agentflow snapshot). */
export const agentParser: ItemParser<Agent> = (value, path, ctx) => {
  const r = FieldReader.of(value, path, ctx);
  // `prompt` stays in `extra` whole (variables, display_template); only its template is named.
  const prompt = r.peek('prompt');
  const promptTemplate = isRecord(prompt) && typeof prompt.template === 'string' ? prompt.template : null;
  return {
    id: r.str(['_id', 'agent_id']),
    title: r.optStr('title'),
    role: r.optStr('role'),
    roleDescription: r.optStr('role_description'),
    type: r.optStr('agent_type'),
    llm: parseLlm(r.obj('llm')),
    nextAgentId: r.optStr(['next_agent', 'next_agent_id']),
    promptTemplate,
    skills: r.list('skills', skillParser),
    extra: r.extra(),
  };
};

/** A whole agentflow, as `GET /agentflow/{id}`, the list and the skilled-agent writes return it. */
export const agentflowParser: ItemParser<Agentflow> = (value, path, ctx) => {
  const r = FieldReader.of(value, path, ctx);
  return {
    id: r.str(['_id', 'agentflow_id', 'coworker_id']),
    projectId: r.optStr(PROJECT_ID),
    organizationId: r.optStr(ORG_ID),
    name: r.str('name'),
    description: r.optStr('description'),
    role: r.optStr('role'),
    image: r.optStr('image'),
    isActive: r.bool(['isActive', 'is_active'], true),
    isDeleted: r.bool(['is_deleted', 'isDeleted'], false),
    initialAgentId: r.optStr(['initialAgent', 'initial_agent_id']),
    type: r.optStr('agentflow_type'),
    parentAgentflowId: r.optStr('parent_agentflow_id'),
    marketplaceId: r.optStr('marketplace_id'),
    createdAt: r.time('created_at'),
    updatedAt: r.time('updated_at'),
    lastUsedAt: r.time('last_used'),
    agents: r.list('agents', agentParser),
    extra: r.extra(),
  };
};
