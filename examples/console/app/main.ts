/**
 * The console page: sign in at the identity provider, then follow one project's running executions
 * live and approve previews with one click.
 *
 * The token lives in this script's memory only (not in storage, not in the page): a reload signs out.
 * Every request sends it (`Authorization: Bearer`, and in graphql-ws's `connection_init`); the gateway
 * holds the Wexa key. When the gateway says UNAUTHENTICATED, or the token's lifetime is over, the page
 * goes back to the sign-in form and says why.
 */
import type { AnyVariables, OperationResult } from '@urql/core';
import { announce, byId, h } from './dom.js';
import { ExecutionList, nameOf } from './executions.js';
import {
  APPROVE_PREVIEW,
  createApi,
  PROJECT,
  PROJECT_EXECUTIONS,
  PROJECTS,
  REJECT_PREVIEW,
  START_EXECUTION,
  type Api,
  type ApprovePreviewData,
  type ConnectionState,
  type ProjectData,
  type ProjectExecutionsData,
  type ProjectsData,
  type RejectPreviewData,
  type StartExecutionData,
} from './graphql.js';

const idpUrl = document.querySelector<HTMLMetaElement>('meta[name="wexa-console-idp"]')?.content ?? '';

const ui = {
  account: byId('account'),
  accountName: byId('account-name'),
  signOut: byId<HTMLButtonElement>('sign-out'),
  signInSection: byId('sign-in'),
  signInTitle: byId('sign-in-title'),
  signInStatus: byId('sign-in-status'),
  signInForm: byId<HTMLFormElement>('sign-in-form'),
  username: byId<HTMLInputElement>('username'),
  password: byId<HTMLInputElement>('password'),
  signInError: byId('sign-in-error'),
  signInButton: byId<HTMLButtonElement>('sign-in-button'),
  consoleSection: byId('console'),
  consoleTitle: byId('console-title'),
  connection: byId('connection'),
  project: byId<HTMLSelectElement>('project'),
  startForm: byId<HTMLFormElement>('start-form'),
  agentflow: byId<HTMLSelectElement>('agentflow'),
  goal: byId<HTMLInputElement>('goal'),
  startButton: byId<HTMLButtonElement>('start-button'),
  startError: byId('start-error'),
  summary: byId('summary'),
  executions: byId<HTMLOListElement>('executions'),
};

/** An error the gateway (or the provider) answered, in words a person can act on. */
class ApiError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

interface Session {
  token: string;
  api: Api;
  expiry: number;
  projectId: string | null;
  stopLive: (() => void) | null;
}

let session: Session | null = null;

const CONNECTION_TEXT: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  live: 'Live: changes show as they happen',
  reconnecting: 'Connection lost, reconnecting…',
  closed: 'Not connected',
};

const list = new ExecutionList(
  ui.executions,
  {
    answer: async (execution, requestId, approved) => {
      const current = requireSession();
      const input = { input: { projectId: current.projectId, requestId } };
      const updated = approved
        ? dataOf(await current.api.client.mutation<ApprovePreviewData>(APPROVE_PREVIEW, input).toPromise()).approvePreview.execution
        : dataOf(await current.api.client.mutation<RejectPreviewData>(REJECT_PREVIEW, input).toPromise()).rejectPreview.execution;
      if (updated) list.upsert(updated);
      announce(approved ? `Approved. ${nameOf(execution)} goes on.` : `Rejected. ${nameOf(execution)} is cancelled.`);
      // The buttons are gone with the request they answered: the card keeps the focus.
      list.card(execution.wexaId)?.focus();
    },
  },
  () => {
    const { active, waiting, ended } = list.counts();
    const parts = [`${active} running`];
    if (waiting > 0) parts.push(`${waiting} waiting on a person`);
    if (ended > 0) parts.push(`${ended} ended while you watched`);
    ui.summary.textContent = active + ended === 0 ? 'Nothing runs in this project right now: start a run above.' : parts.join(' · ');
  },
);

function requireSession(): Session {
  if (!session) throw new ApiError('You are signed out.');
  return session;
}

/** The data of a result, or the error to show (UNAUTHENTICATED also ends the session). */
function dataOf<T>(result: OperationResult<T, AnyVariables>): T {
  if (result.error) {
    const first = result.error.graphQLErrors[0];
    const code = typeof first?.extensions?.code === 'string' ? first.extensions.code : undefined;
    if (code === 'UNAUTHENTICATED') endSession('Your session is no longer valid. Sign in again.');
    const message = first?.message ?? (result.error.networkError ? 'The gateway cannot be reached.' : result.error.message);
    throw new ApiError(message, code);
  }
  if (result.data === undefined || result.data === null) throw new ApiError('The gateway sent no data.');
  return result.data;
}

function showConnection(state: ConnectionState): void {
  ui.connection.dataset.state = state;
  ui.connection.textContent = CONNECTION_TEXT[state];
}

async function signIn(username: string, password: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(new URL('/token', idpUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  } catch {
    throw new ApiError('The identity provider cannot be reached. Is the example still running?');
  }
  const body = (await response.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; name?: string; error_description?: string };
  if (!response.ok || !body.access_token) throw new ApiError(body.error_description ?? `The identity provider answered ${response.status}.`);
  const token = body.access_token;
  const lifetimeMs = Math.max(10, (body.expires_in ?? 3600) - 10) * 1000;
  session = {
    token,
    api: createApi(() => requireSession().token, showConnection),
    expiry: window.setTimeout(() => endSession('Your session has ended. Sign in again.'), lifetimeMs),
    projectId: null,
    stopLive: null,
  };
  ui.accountName.textContent = body.name ?? username;
  ui.account.hidden = false;
  ui.signInSection.hidden = true;
  ui.consoleSection.hidden = false;
  ui.signInStatus.textContent = '';
  ui.password.value = '';
  ui.consoleTitle.focus();
  await loadProjects();
}

/** Back to the sign-in form, forgetting the token; `reason` is said there. */
function endSession(reason?: string): void {
  if (!session) return;
  const ending = session;
  session = null;
  window.clearTimeout(ending.expiry);
  ending.stopLive?.();
  ending.api.dispose();
  list.clear();
  ui.project.replaceChildren();
  ui.agentflow.replaceChildren();
  ui.account.hidden = true;
  ui.consoleSection.hidden = true;
  ui.signInSection.hidden = false;
  ui.signInStatus.textContent = reason ?? 'You are signed out.';
  document.title = 'Sign in · Wexa console';
  ui.signInTitle.focus();
}

async function loadProjects(): Promise<void> {
  const current = requireSession();
  ui.summary.textContent = 'Loading…';
  const data = dataOf(await current.api.client.query<ProjectsData>(PROJECTS, {}).toPromise());
  ui.project.replaceChildren(...data.projects.nodes.map((p) => h('option', { value: p.wexaId }, p.name)));
  const first = data.projects.nodes[0];
  if (first) await openProject(first.wexaId);
  else ui.summary.textContent = 'Your account sees no project.';
}

/** Follows one project: live events first (so none is missed), then its running executions. */
async function openProject(projectId: string): Promise<void> {
  const current = requireSession();
  current.stopLive?.();
  current.projectId = projectId;
  list.clear();
  ui.summary.textContent = 'Loading…';
  const live = current.api.client.subscription<ProjectExecutionsData>(PROJECT_EXECUTIONS, { projectId }).subscribe((result) => {
    try {
      list.upsert(dataOf(result).projectExecutions, { announceChanges: true });
    } catch (error) {
      if (session) showConnection('closed');
      ui.connection.textContent = `Live updates stopped: ${error instanceof Error ? error.message : String(error)}`;
    }
  });
  current.stopLive = () => live.unsubscribe();
  const data = dataOf(await current.api.client.query<ProjectData>(PROJECT, { projectId }).toPromise());
  if (session !== current || current.projectId !== projectId) return;
  document.title = `Running executions · ${data.project.name} · Wexa console`;
  const flows = data.project.agentflows.nodes.filter((f) => f.agents.length > 0);
  ui.agentflow.replaceChildren(...flows.map((f) => h('option', { value: f.wexaId }, `${f.name} (${f.agents.length} ${f.agents.length === 1 ? 'agent' : 'agents'})`)));
  list.addIfAbsent(data.project.executions.nodes);
}

ui.signInForm.addEventListener('submit', (event) => {
  event.preventDefault();
  ui.signInError.textContent = '';
  ui.signInButton.disabled = true;
  ui.signInButton.textContent = 'Signing in…';
  signIn(ui.username.value.trim(), ui.password.value)
    .catch((error: unknown) => {
      if (session) ui.summary.textContent = `Could not load the project: ${error instanceof Error ? error.message : String(error)}`;
      else {
        ui.signInError.textContent = error instanceof Error ? error.message : String(error);
        ui.password.focus();
      }
    })
    .finally(() => {
      ui.signInButton.disabled = false;
      ui.signInButton.textContent = 'Sign in';
    });
});

ui.signOut.addEventListener('click', () => endSession());

ui.project.addEventListener('change', () => {
  openProject(ui.project.value).catch((error: unknown) => {
    ui.summary.textContent = `Could not load the project: ${error instanceof Error ? error.message : String(error)}`;
  });
});

ui.startForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const current = session;
  const goal = ui.goal.value.trim();
  if (!current || !current.projectId) return;
  if (goal === '') {
    ui.startError.textContent = 'Write a goal for the run.';
    ui.goal.focus();
    return;
  }
  ui.startError.textContent = '';
  ui.startButton.disabled = true;
  ui.startButton.textContent = 'Starting…';
  current.api.client
    .mutation<StartExecutionData>(START_EXECUTION, { input: { projectId: current.projectId, agentflowId: ui.agentflow.value, goal } })
    .toPromise()
    .then((result) => {
      list.upsert(dataOf(result).startExecution.execution, { force: true, announceChanges: true });
      ui.goal.value = '';
    })
    .catch((error: unknown) => {
      ui.startError.textContent = `Not started: ${error instanceof Error ? error.message : String(error)}`;
    })
    .finally(() => {
      ui.startButton.disabled = false;
      ui.startButton.textContent = 'Start';
    });
});
