/**
 * Seed data for inbox requests, credit history and customers (the documented rows first).
 */
import { COWORKER_IMAGE, creditRow } from './factory.js';
import { makeObjectId, type Rng } from './prng.js';
import { DOC, OTHER } from './seed-docs.js';
import type { SimState } from './store.js';
import { micro } from './time.js';
import type { CreditRec, InboxRec, Json } from './types.js';

const SUMMARY =
  "Hello there! I'm excited to continue our work together. Could you please provide the preview for execution? Your input is essential for moving forward. Thank you!";

/** The documented inbox request, completed past the point where the stored page was cut. */
function documentedInbox(): InboxRec {
  return {
    _id: DOC.inbox,
    type: 'preview',
    status: 'pending',
    created_at: 1745255056932.1138,
    updated_at: 1745255621992.46,
    agent_id: '68067c7e2d3948612a019214',
    coworker_id: '68067c49c517ff5238533ccf',
    coworker_name: 'content creator testing',
    agent_title: 'content creator',
    summary: SUMMARY,
    execution_id: 'adb4f70c-03f6-4615-b377-b09002c53843',
    projectID: DOC.project,
    executed_by: DOC.user,
    preview: {
      is_approved: false,
      modified_inputs_during_preview: [],
      preview_input: {
        thoughts: {
          text: 'Create engaging content about Abdul Kalam, focusing on his life, achievements, and legacy.',
          reasoning:
            'Abdul Kalam is a significant figure in Indian history, known for his contributions to science and his role as a leader. Highlighting his achievements and values can inspire and educate the audience.',
          plan: "- Research key aspects of Abdul Kalam's life\n- Highlight his contributions to science and education\n- Emphasize his leadership qualities and vision for India\n- Create content that is informative and inspiring",
          criticism: "Ensure the content is not only informative but also engaging to capture the audience's interest.",
          speak: 'Creating content about Abdul Kalam will help in spreading awareness about his contributions and inspiring others.',
        },
        skill: {
          name: 'Content creator - Content creation',
          id: DOC.connectorSkill,
          input: { content: { title: 'The Inspiring Life of Dr. A.P.J. Abdul Kalam', body: 'Draft body.' } },
        },
      },
    },
  };
}

/** One documented inbox request plus a few generated ones (one per type) in every project. */
export function seedInbox(state: SimState, rng: Rng): void {
  state.inbox.set(DOC.inbox, documentedInbox());
  const waiting = [...state.executions.values()].filter((e) => e.status === 'paused' || e.status === 'running');
  const types = ['preview', 'runtime_input', 'anomaly_detection'];
  for (const project of state.projects.values()) {
    const execs = waiting.filter((e) => e.projectID === project._id).slice(0, types.length);
    execs.forEach((exec, i) => {
      const agent = exec.agentflow.agents[exec.agents_output.length] ?? exec.agentflow.agents[0];
      const at = Math.round((exec.created_at * 1000 + 5000 + rng.next() * 1000) * 1e4) / 1e4;
      const id = makeObjectId(rng, at / 1000);
      state.inbox.set(id, {
        _id: id,
        type: types[i],
        status: 'pending',
        created_at: at,
        updated_at: at,
        agent_id: agent?._id ?? null,
        coworker_id: exec.agentflow_id,
        coworker_name: exec.agentflow.name,
        agent_title: agent?.title ?? null,
        summary: SUMMARY,
        execution_id: exec.execution_id,
        projectID: exec.projectID,
        executed_by: exec.executed_by._id,
        preview: { is_approved: false, modified_inputs_during_preview: [], preview_input: {} },
      });
    });
  }
}

/** The two documented credit rows, then one row per agent output of every seeded execution, oldest first. */
export function seedCredits(state: SimState): void {
  const doc = (id: string, execId: string, tokens: number, createdAt: string): CreditRec => ({
    operation: 'agent_execution', model: 'azure/gpt-4o', tokens_consumed: tokens, projectID: DOC.project,
    execution_id: execId, agent_id: DOC.agent, metadata: null, connector_category: null, connector_sort: null,
    executed_by: DOC.user, _id: id, created_at: createdAt, credits_consumed: 0.03149925037481259,
    organization_id: DOC.org, agent_title: 'new platform', project_name: 'Pulse', coworker_role: 'new platform',
    coworker_name: 'new platform', coworker_image: COWORKER_IMAGE,
    executed_by_name: 'nani799324',
  });
  const rows: CreditRec[] = [
    doc('6805d86dc8af59e1dda56aa7', '1ffb0d1e-eab6-4935-939a-a4a630aefbf7', 1362, '2025-04-21T05:32:29.741000'),
    doc('6805e435c8af59e1dda56aa8', DOC.execution, 1398, '2025-04-21T06:22:45.996000'),
  ];
  const generated: CreditRec[] = [];
  for (const exec of state.executions.values()) {
    if (exec.execution_id === DOC.execution) continue;
    exec.agents_output.forEach((out, k) => generated.push(creditRow(state, exec, k, micro(out.created_at))));
  }
  generated.sort((a, b) => a.created_at.localeCompare(b.created_at));
  state.credits = [...rows, ...generated];
}

function customer(orgId: string, orgName: string, userId: string, email: string, expiry: string): Json {
  return {
    organization_name: orgName,
    organization_id: orgId,
    user_id: userId,
    customer_id: null,
    email,
    quota: {
      number_of_premium_connectors: 100, number_of_coworkers: 50, number_of_agents_per_coworker: 50,
      number_of_members: 1, number_of_workspaces: 1000,
      number_of_credits: { subscription_credits: 500, top_up_credits: 0 },
      number_of_tables: 1000, number_of_rows_per_table: 1000, number_of_connectors: 50, storage_space_in_mb: 1024,
      access_controls: {
        premium_connectors: true, anomaly_detection: true, knowledge_base: true, triggers: true, api_access: true,
        webhooks: true, bring_your_own_provider: false, custom_llm_fine_tuning: false, chat_support: true,
        slack_channel_support: true, email_support: true, scheduling_and_cron_jobs: true,
      },
      base_credit_deduction_per_execution: 0.03,
      marketplace: { connectors: {} },
    },
    usage: {
      number_of_coworkers: 1, number_of_members: 1, number_of_workspaces: 0,
      number_of_agent_executions: { llm_wise_usage: {} }, number_of_tables: 0, number_of_connectors: 0,
      storage_space_in_mb: 0, number_of_premium_connectors: 0,
    },
    plan: 'pro',
    subscription_id: null,
    trial_end_date: null,
    is_trial_active: true,
    billing_cycle_expiry: expiry,
    support_plan_expiry: null,
    premium_connectors_subscription_id: null,
  };
}

/** The documented customer and one for the second organisation. */
export function seedCustomers(state: SimState): void {
  state.customers.set(DOC.org, customer(DOC.org, 'Default Organization', DOC.user, 'nani799324@gmail.com', '2025-04-22T05:11:28.222000'));
  state.customers.set(OTHER.org, customer(OTHER.org, 'Other Organization', OTHER.user, 'other-user@example.com', '2025-05-30T09:00:00.000000'));
}
