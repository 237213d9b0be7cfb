/**
 * Object refs of every output type, declared apart from their fields so domain files can link to
 * each other without import cycles. Each domain file implements its own ref.
 */
import type { Agent, Agentflow, Connector, CoworkerSchedule, Dashboard, Execution, InboxRequest, Project, Skill, Task } from '../wexa/model.js';
import { builder } from './builder.js';

/** An agent together with the agentflow it belongs to (agents have no endpoint of their own). */
export interface AgentInFlow {
  agentflowId: string;
  agent: Agent;
  /** Every agent of the same agentflow, to resolve `nextAgent`. */
  siblings: Agent[];
}

export const ProjectRef = builder.objectRef<Project>('Project');
export const AgentflowRef = builder.objectRef<Agentflow>('Agentflow');
export const AgentRef = builder.objectRef<AgentInFlow>('Agent');
export const TaskRef = builder.objectRef<Task>('Task');
export const ExecutionRef = builder.objectRef<Execution>('Execution');
export const DashboardRef = builder.objectRef<Dashboard>('Dashboard');
export const ConnectorRef = builder.objectRef<Connector>('Connector');
export const InboxRequestRef = builder.objectRef<InboxRequest>('InboxRequest');
export const SkillRef = builder.objectRef<Skill>('Skill');
export const CoworkerScheduleRef = builder.objectRef<CoworkerSchedule>('CoworkerSchedule');
