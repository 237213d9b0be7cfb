/**
 * Parsers for the credit history (`GET /customer/credit_history`, documented, rows with naive ISO
 * timestamps) and the quota/usage part of the customer object (documented up to where the stored
 * page is cut off).
 */
import type { CreditRow, CustomerAccount } from '../model.js';
import { FieldReader, type ItemParser } from './common.js';

export const creditRowParser: ItemParser<CreditRow> = (value, path, ctx) => {
  const r = FieldReader.of(value, path, ctx);
  return {
    id: r.str(['_id', 'id']),
    operation: r.optStr('operation'),
    model: r.optStr('model'),
    tokens: r.num('tokens_consumed'),
    credits: r.num(['credits_consumed', 'credits']) ?? 0,
    projectId: r.optStr(['projectID', 'project_id', 'projectId']),
    projectName: r.optStr('project_name'),
    executionId: r.optStr('execution_id'),
    agentId: r.optStr('agent_id'),
    agentTitle: r.optStr('agent_title'),
    agentflowName: r.optStr('coworker_name'),
    executedById: r.user('executed_by')?.id ?? null,
    executedByName: r.optStr('executed_by_name'),
    createdAt: r.time('created_at'),
    extra: r.extra(),
  };
};

/** Reads quota and usage from the customer object's reader (consuming them). */
export function readCustomerAccount(r: FieldReader): CustomerAccount {
  const quota = r.record('quota');
  const q = r.obj('quota');
  const credits = q?.obj('number_of_credits') ?? null;
  return {
    subscriptionCredits: credits?.num('subscription_credits') ?? null,
    topUpCredits: credits?.num('top_up_credits') ?? null,
    creditsPerExecution: q?.num('base_credit_deduction_per_execution') ?? null,
    trialActive: typeof r.any('is_trial_active') === 'boolean' ? (r.any('is_trial_active') as boolean) : null,
    billingCycleEndsAt: r.time('billing_cycle_expiry'),
    quota,
    usage: r.record('usage'),
  };
}
