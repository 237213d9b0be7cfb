/**
 * `Query.viewer`: who the key belongs to (organisation, user, plan), the plan's quota and usage, and
 * the organisation's credit history with each row linked to its execution, agent and project.
 * `Project.creditsSpent` (in `project/data.ts`) adds up the project's rows of that history.
 *
 * The upstream's credit history takes only a limit (no offset, no project filter), so it is read
 * once per operation (up to MAX_SCAN_ITEMS rows) and paged and filtered here.
 */
import type { CreditRow, Customer, CustomerAccount } from '../wexa/model.js';
import { agentOf } from './agentflow.js';
import { builder } from './builder.js';
import { pageArgs } from './connections.js';
import { UNNAMED_FIELDS, rawField, wexaIdField } from './fields.js';
import { executionLink, optionalProjectLink, orNullIfMissing } from './links.js';
import { sliceConnection } from './paging.js';
import { AgentRef } from './refs.js';
import { agentflowById } from '../loaders/agentflows.js';
import { creditScan, customer } from '../loaders/customer.js';
import { executionById } from '../loaders/executions.js';

const CreditRowRef = builder.objectRef<CreditRow>('CreditRow').implement({
  description: 'One charge in the credit history, usually one agent run of an execution.',
  fields: (t) => ({
    wexaId: wexaIdField(t),
    operation: t.exposeString('operation', { nullable: true, description: 'e.g. `agent_execution`.' }),
    model: t.exposeString('model', { nullable: true }),
    tokens: t.exposeInt('tokens', { nullable: true }),
    credits: t.exposeFloat('credits'),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true }),
    projectName: t.exposeString('projectName', { nullable: true }),
    agentTitle: t.exposeString('agentTitle', { nullable: true }),
    agentflowName: t.exposeString('agentflowName', { nullable: true }),
    executedByName: t.exposeString('executedByName', { nullable: true }),
    project: optionalProjectLink(t),
    execution: executionLink(t, (r) => (r.projectId === null || r.executionId === null ? null : { projectId: r.projectId, id: r.executionId })),
    agent: t.field({
      type: AgentRef,
      nullable: true,
      description: "The agent in its agentflow as it is now (found through the row's execution).",
      resolve: async (r, _args, ctx) => {
        if (r.projectId === null || r.executionId === null || r.agentId === null) return null;
        const execution = await orNullIfMissing(ctx.loaders.get(executionById).load({ projectId: r.projectId, id: r.executionId }));
        if (!execution?.agentflowId) return null;
        const flow = await orNullIfMissing(ctx.loaders.get(agentflowById).load(execution.agentflowId));
        return flow ? agentOf(flow, r.agentId) : null;
      },
    }),
    raw: rawField(t, UNNAMED_FIELDS),
  }),
});

const CreditRowConnection = builder.connectionObject({ type: CreditRowRef, name: 'CreditRowConnection' }, { name: 'CreditRowEdge' });

const OrganizationRef = builder.objectRef<Customer>('Organization').implement({
  description: 'The organisation an API key belongs to.',
  fields: (t) => ({
    wexaId: t.exposeString('organizationId'),
    name: t.exposeString('organizationName', { nullable: true }),
  }),
});

const QuotaRef = builder.objectRef<CustomerAccount>('Quota').implement({
  description: "The plan's limits. The named fields are the documented credit figures; `limits` holds every limit as sent.",
  fields: (t) => ({
    subscriptionCredits: t.exposeFloat('subscriptionCredits', { nullable: true }),
    topUpCredits: t.exposeFloat('topUpCredits', { nullable: true }),
    creditsPerExecution: t.exposeFloat('creditsPerExecution', { nullable: true, description: '`base_credit_deduction_per_execution`.' }),
    limits: t.field({ type: 'JSON', resolve: (a) => a.quota }),
  }),
});

const ViewerRef = builder.objectRef<Customer>('Viewer').implement({
  description: 'The caller: the organisation and user of the API key, its plan, quota, usage and credit history.',
  fields: (t) => ({
    organization: t.field({ type: OrganizationRef, resolve: (c) => c }),
    userWexaId: t.exposeString('userId', { nullable: true }),
    email: t.exposeString('email', { nullable: true }),
    plan: t.exposeString('plan', { nullable: true, description: 'e.g. `pro`.' }),
    trialActive: t.boolean({ nullable: true, resolve: (c) => c.account?.trialActive ?? null }),
    billingCycleEndsAt: t.field({ type: 'DateTime', nullable: true, resolve: (c) => c.account?.billingCycleEndsAt ?? null }),
    quota: t.field({ type: QuotaRef, nullable: true, resolve: (c) => c.account ?? null }),
    usage: t.field({ type: 'JSON', description: 'Usage counters as the upstream sends them.', resolve: (c) => c.account?.usage ?? {} }),
    creditHistory: t.field({
      type: CreditRowConnection,
      args: { ...pageArgs(t.arg), projectId: t.arg.id({ required: false, description: 'Only rows of this project.' }) },
      description: 'Credit charges, oldest first (as the upstream lists them).',
      resolve: async (_c, args, ctx) => {
        const scan = await ctx.loaders.get(creditScan).load('self');
        const rows = args.projectId == null ? scan.items : scan.items.filter((r) => r.projectId === args.projectId);
        return sliceConnection(args, ctx.config, rows, scan.complete);
      },
    }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({ type: ViewerRef, description: 'The owner of the API key.', resolve: (_root, _args, ctx) => ctx.loaders.get(customer).load('self') }),
);
