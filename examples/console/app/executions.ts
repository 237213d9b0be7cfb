/**
 * The list of executions: one card each, newest first, updated in place as events arrive. A card's
 * "waiting" part (with its Approve button) is only rebuilt when the request it shows changes, so an
 * update never takes the keyboard focus away from the button a person is on.
 *
 * Executions join the list while they are ready, running or paused; one that ends while it is listed
 * stays, with its outcome, so a person sees it finish.
 */
import { announce, append, h } from './dom.js';
import type { ExecutionCard, ExecutionStatus, RequestDetails } from './graphql.js';

const STATUS_LABELS: Record<ExecutionStatus, string> = {
  READY: 'Ready',
  RUNNING: 'Running',
  PAUSED: 'Paused',
  COMPLETED: 'Completed',
  FAILED: 'Failed',
  CANCELLED: 'Cancelled',
  UNKNOWN: 'Unknown status',
};
const ACTIVE = new Set<ExecutionStatus>(['READY', 'RUNNING', 'PAUSED']);
const time = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** What a person can do from a card. */
export interface CardActions {
  /** Answers the preview `requestId` of the execution (approve or reject); resolves when the answer is in. */
  answer(execution: ExecutionCard, requestId: string, approved: boolean): Promise<void>;
}

interface Entry {
  data: ExecutionCard;
  item: HTMLLIElement;
}

/** "the goal" in quotes, or the execution's id when it has no goal. */
export function nameOf(execution: ExecutionCard): string {
  return execution.goal ? `“${execution.goal}”` : `Execution ${execution.wexaId}`;
}

function formatTime(iso: string | null): Node | string {
  if (!iso) return 'not yet';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : h('time', { datetime: iso }, time.format(date));
}

/** The badge: the status, or that a person is needed. */
function badge(execution: ExecutionCard): HTMLElement {
  if (execution.waitingOnHuman) return h('p', { class: 'badge badge-waiting' }, 'Waits on a person');
  return h('p', { class: `badge badge-${execution.status.toLowerCase()}` }, STATUS_LABELS[execution.status]);
}

function progress(execution: ExecutionCard): HTMLElement {
  const total = execution.agentflow?.agents.length ?? 0;
  const done = execution.agentOutputs.length;
  const last = execution.agentOutputs.at(-1)?.title;
  const agents = (n: number) => (n === 1 ? 'agent' : 'agents');
  const text = total > 0 ? `${done} of ${total} ${agents(total)} done` : `${done} ${agents(done)} done`;
  return h('dd', {}, text, last ? ` (last: ${last})` : '');
}

function facts(execution: ExecutionCard): HTMLElement {
  const row = (term: string, value: Node) => h('div', {}, h('dt', {}, term), value);
  return h(
    'dl',
    { class: 'facts' },
    row('Agentflow', h('dd', {}, execution.agentflow?.name ?? 'deleted')),
    row('Progress', progress(execution)),
    row('Started', h('dd', {}, formatTime(execution.createdAt))),
    row('Execution', h('dd', {}, h('code', {}, execution.wexaId))),
  );
}

/** What an ended execution came to. */
function outcome(execution: ExecutionCard): HTMLElement | null {
  if (ACTIVE.has(execution.status)) return null;
  const when = execution.endedAt ? [' at ', formatTime(execution.endedAt)] : [];
  const kind = `outcome outcome-${execution.status.toLowerCase()}`;
  if (execution.status === 'FAILED') return h('p', { class: kind }, 'Failed', ...when, execution.error ? `: ${execution.error}` : '.');
  return h('p', { class: kind }, STATUS_LABELS[execution.status], ...when, '.');
}

function previewDetails(details: Extract<RequestDetails, { __typename: 'PreviewRequest' }>, agent: string | null): HTMLElement {
  const rows: HTMLElement[] = [];
  const row = (term: string, ...value: (Node | string)[]) => rows.push(h('div', {}, h('dt', {}, term), h('dd', {}, ...value)));
  if (agent) row('Agent', agent);
  if (details.skillName) row('Skill it will run', details.skillName);
  if (details.thoughts?.text) row("The agent's plan", details.thoughts.text);
  if (details.skillInput !== null && details.skillInput !== undefined) row('With this input', h('pre', {}, JSON.stringify(details.skillInput, null, 2)));
  return h('dl', { class: 'request-details' }, rows);
}

/** The part of a card that says what the execution waits on (empty when it waits on nothing). */
function waiting(execution: ExecutionCard, actions: CardActions, headingId: string): HTMLElement | null {
  const request = execution.pendingInboxRequest;
  if (!execution.waitingOnHuman || !request) return null;
  const titleId = `wait-${execution.wexaId}`;
  const agent = request.agent?.title ?? null;
  const section = h('section', { class: 'waiting', 'aria-labelledby': titleId, 'data-request': request.wexaId });
  const details = request.details;
  if (details.__typename === 'PreviewRequest') {
    const error = h('p', { class: 'card-error', role: 'alert' });
    const approve = h('button', { type: 'button', class: 'approve', 'aria-describedby': headingId }, 'Approve preview');
    const reject = h('button', { type: 'button', class: 'reject', 'aria-describedby': headingId }, 'Reject');
    const answer = (approved: boolean) => {
      const [button, label] = approved ? [approve, 'Approve preview'] : [reject, 'Reject'];
      approve.disabled = true;
      reject.disabled = true;
      button.textContent = approved ? 'Approving…' : 'Rejecting…';
      error.textContent = '';
      actions.answer(execution, request.wexaId, approved).catch((reason: unknown) => {
        approve.disabled = false;
        reject.disabled = false;
        button.textContent = label;
        error.textContent = `Not ${approved ? 'approved' : 'rejected'}: ${reason instanceof Error ? reason.message : String(reason)}`;
      });
    };
    approve.addEventListener('click', () => answer(true));
    reject.addEventListener('click', () => answer(false));
    append(
      section,
      h('h4', { id: titleId }, 'Waiting for your approval'),
      h('p', {}, request.summary ?? 'An agent asks to go ahead with what it is about to do.'),
      previewDetails(details, agent),
      h('div', { class: 'actions' }, approve, reject),
      h('p', { class: 'note' }, 'Rejecting cancels the run.'),
      error,
    );
  } else if (details.__typename === 'RuntimeInputRequest') {
    const asked = details.fields.map((f) => f.label ?? f.id).join(', ');
    append(
      section,
      h('h4', { id: titleId }, 'Waiting for information'),
      h('p', {}, request.summary ?? 'An agent needs a value from a person.', asked ? ` Asked for: ${asked}.` : ''),
      h('p', { class: 'note' }, 'Answer it in Wexa: this example only approves previews.'),
    );
  } else if (details.__typename === 'AnomalyRequest') {
    append(
      section,
      h('h4', { id: titleId }, 'Waiting for an anomaly to be acknowledged'),
      h('p', {}, details.message ?? request.summary ?? 'The run found something unusual.'),
      h('p', { class: 'note' }, 'Acknowledge it in Wexa: this example only approves previews.'),
    );
  } else {
    append(section, h('h4', { id: titleId }, 'Waiting on a person'), h('p', {}, request.summary ?? 'A request of a kind this page does not know.'));
  }
  return section;
}

/** The executions of one project, as cards in `list`; `onChange` hears when the counts may have changed. */
export class ExecutionList {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly list: HTMLOListElement,
    private readonly actions: CardActions,
    private readonly onChange: () => void,
  ) {}

  /** Drops every card (another project, or signed out). */
  clear(): void {
    this.entries.clear();
    this.list.replaceChildren();
    this.onChange();
  }

  /** The card of `wexaId`, if listed. */
  card(wexaId: string): HTMLElement | null {
    return this.entries.get(wexaId)?.item.querySelector('article') ?? null;
  }

  /** Counts for the summary line. */
  counts(): { active: number; waiting: number; ended: number } {
    let active = 0;
    let waiting = 0;
    let ended = 0;
    for (const { data } of this.entries.values()) {
      if (!ACTIVE.has(data.status)) ended += 1;
      else {
        active += 1;
        if (data.waitingOnHuman) waiting += 1;
      }
    }
    return { active, waiting, ended };
  }

  /**
   * Shows `execution` as it is now: updates its card, or adds one when it is active (or `force`).
   * `announceChanges` says what changed to screen readers (not for the first load).
   */
  upsert(execution: ExecutionCard, options: { force?: boolean; announceChanges?: boolean } = {}): void {
    const entry = this.entries.get(execution.wexaId);
    if (!entry && !ACTIVE.has(execution.status) && !options.force) return;
    const before = entry?.data;
    const item = entry?.item ?? this.insert(execution);
    this.entries.set(execution.wexaId, { data: execution, item });
    this.render(item, execution);
    if (options.announceChanges) this.announce(before, execution);
    this.onChange();
  }

  /** Adds from a list read: only executions not listed already (a live event is newer than a read). */
  addIfAbsent(executions: ExecutionCard[]): void {
    for (const execution of executions) if (!this.entries.has(execution.wexaId)) this.upsert(execution);
    this.onChange();
  }

  private insert(execution: ExecutionCard): HTMLLIElement {
    const item = h('li', { class: 'execution', 'data-execution-id': execution.wexaId });
    const created = execution.createdAt ?? '';
    const next = [...this.entries.values()].find((e) => (e.data.createdAt ?? '') < created);
    this.list.insertBefore(item, next?.item ?? null);
    return item;
  }

  private render(item: HTMLLIElement, execution: ExecutionCard): void {
    const headingId = `goal-${execution.wexaId}`;
    let article = item.querySelector('article');
    if (!article) {
      // Fixed slots, each replaced on its own: the waiting part is left alone while it shows the same request.
      article = h('article', { 'aria-labelledby': headingId, tabindex: -1 }, h('div', { class: 'slot-head' }), h('div', { class: 'slot-facts' }), h('div', { class: 'slot-waiting' }), h('div', { class: 'slot-outcome' }));
      item.append(article);
    }
    item.dataset.status = execution.status.toLowerCase();
    item.dataset.waiting = String(execution.waitingOnHuman);
    const slot = (name: string) => article.querySelector<HTMLElement>(`:scope > .slot-${name}`)!;
    slot('head').replaceChildren(h('div', { class: 'card-head' }, h('h3', { id: headingId }, execution.goal ?? 'An execution without a goal'), badge(execution)));
    slot('facts').replaceChildren(facts(execution));
    const shown = slot('waiting').querySelector<HTMLElement>('section.waiting')?.dataset.request;
    const wanted = execution.waitingOnHuman ? execution.pendingInboxRequest?.wexaId : undefined;
    if (shown !== wanted) {
      const next = waiting(execution, this.actions, headingId);
      slot('waiting').replaceChildren(...(next ? [next] : []));
    }
    const ended = outcome(execution);
    slot('outcome').replaceChildren(...(ended ? [ended] : []));
  }

  private announce(before: ExecutionCard | undefined, now: ExecutionCard): void {
    const name = nameOf(now);
    if (!before) announce(`${name} started.`);
    else if (now.waitingOnHuman && now.pendingInboxRequest?.wexaId !== before.pendingInboxRequest?.wexaId) {
      announce(now.waitingFor === 'PREVIEW' ? `${name} waits for your approval.` : `${name} waits on a person.`);
    } else if (before.status !== now.status && !ACTIVE.has(now.status)) {
      announce(`${name}: ${STATUS_LABELS[now.status].toLowerCase()}.`);
    }
  }
}
