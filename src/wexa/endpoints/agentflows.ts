/** Agentflow ("coworker") endpoints, including the skilled-agent writes. */
import type { SkilledAgentInput, WexaApi } from '../api.js';
import { assertCount, assertObjectId, assertText, newObjectId } from '../ids.js';
import { agentflowParser } from '../parse/agentflows.js';
import { parseList, parseRoot } from '../parse/common.js';
import type { Call } from './call.js';

/** The agent body both skilled-agent endpoints take (skills as ids, the prompt's rich text as a JSON string). */
export function skilledAgentBody(agent: SkilledAgentInput): Record<string, unknown> {
  const template = assertText('promptTemplate', agent.promptTemplate, 100_000);
  return {
    role: assertText('role', agent.role, 500),
    title: assertText('title', agent.title, 500),
    skills: agent.skillIds.map((s, i) => assertObjectId(`skillIds[${i}]`, s)),
    context: [],
    llm: { model: assertText('llm.model', agent.llm.model, 200), max_tokens: agent.llm.maxTokens, temperature: agent.llm.temperature },
    memory: { memory_type: 'lt' },
    role_description: typeof agent.roleDescription === 'string' ? agent.roleDescription : '',
    prompt: {
      template,
      variables: agent.promptVariables ?? [],
      display_template: JSON.stringify([{ type: 'paragraph', children: [{ text: template }] }]),
    },
    triggers: [],
    has_knowledge_base: agent.hasKnowledgeBase ?? false,
    is_user_specific_task: agent.isUserSpecificTask ?? false,
    is_preview_mode_enabled: agent.isPreviewModeEnabled ?? false,
  };
}

/** The `agentflows` part of {@link WexaApi}. */
export function agentflowsApi(call: Call): WexaApi['agentflows'] {
  return {
    async list(projectId, params = {}) {
      const query = {
        projectID: assertObjectId('projectId', projectId),
        skip: assertCount('skip', params.skip),
        limit: assertCount('limit', params.limit, 1),
      };
      return call({ method: 'GET', route: '/agentflows', query }, (json, ctx) => parseList(json, ctx, ['agentflows', 'coworkers'], agentflowParser));
    },
    async get(agentflowId) {
      const id = assertObjectId('agentflowId', agentflowId);
      return call({ method: 'GET', route: '/agentflow/{agentflow_id}', params: { agentflow_id: id } }, (json, ctx) =>
        parseRoot(json, ctx, agentflowParser),
      );
    },
    async create(projectId, input) {
      const projectID = assertObjectId('projectId', projectId);
      const body = {
        name: assertText('name', input.name, 200),
        description: typeof input.description === 'string' ? input.description : '',
        role: assertText('role', input.role, 500),
        projectID,
        ...(input.image === undefined ? {} : { image: input.image }),
      };
      return call({ method: 'POST', route: '/agentflow/', query: { projectID }, body }, (json, ctx) => parseRoot(json, ctx, agentflowParser));
    },
    async addSkilledAgent(projectId, agentflowId, agent) {
      const projectID = assertObjectId('projectId', projectId);
      const id = assertObjectId('agentflowId', agentflowId);
      // The upstream requires the client to choose the new agent's id.
      const agentId = agent.id === undefined ? newObjectId() : assertObjectId('agent.id', agent.id);
      const body = {
        _id: agentId,
        ...skilledAgentBody(agent),
        agent_type: 'skilled_agent',
        conditions: [{ decision: '', condition: '' }],
      };
      const agentflow = await call(
        { method: 'POST', route: '/agentflow/{agentflow_id}/skilled', params: { agentflow_id: id }, query: { projectID }, body },
        (json, ctx) => parseRoot(json, ctx, agentflowParser),
      );
      return { agentflow, agentId };
    },
    async updateSkilledAgent(projectId, agentflowId, agentId, agent) {
      const projectID = assertObjectId('projectId', projectId);
      const params = { agentflow_id: assertObjectId('agentflowId', agentflowId), agent_id: assertObjectId('agentId', agentId) };
      return call(
        { method: 'POST', route: '/agentflow/{agentflow_id}/update/skilled/{agent_id}', params, query: { projectID }, body: skilledAgentBody(agent) },
        (json, ctx) => parseRoot(json, ctx, agentflowParser),
      );
    },
    async update(agentflowId, patch) {
      const id = assertObjectId('agentflowId', agentflowId);
      const body = {
        ...(patch.name === undefined ? {} : { name: assertText('name', patch.name, 200) }),
        ...(patch.description === undefined ? {} : { description: patch.description }),
        ...(patch.role === undefined ? {} : { role: assertText('role', patch.role, 500) }),
        ...(patch.image === undefined ? {} : { image: patch.image }),
        // camelCase on the wire, like the field reads back.
        ...(patch.isActive === undefined ? {} : { isActive: patch.isActive }),
      };
      return call({ method: 'PUT', route: '/agentflow/{agentflow_id}', params: { agentflow_id: id }, body }, (json, ctx) =>
        parseRoot(json, ctx, agentflowParser),
      );
    },
  };
}
