/**
 * The page's GraphQL: one urql client for queries and mutations (POST, `Authorization: Bearer`), the
 * same client's subscriptions over graphql-ws (the token in `connection_init`), and the documents with
 * the types of what they return (written by hand: the example has no code generator).
 */
import { Client, fetchExchange, gql, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws/client';

/** What an execution card shows. */
export const EXECUTION_CARD = gql`
  fragment ExecutionCard on Execution {
    wexaId
    status
    goal
    createdAt
    endedAt
    error
    agentflow { name agents { title } }
    agentOutputs { title status }
    waitingOnHuman
    waitingFor
    pendingInboxRequest {
      wexaId
      kind
      summary
      agent { title }
      details {
        __typename
        ... on PreviewRequest { skillName skillInput thoughts { text plan } }
        ... on RuntimeInputRequest { fields { id label description } }
        ... on AnomalyRequest { message }
      }
    }
  }
`;

export type ExecutionStatus = 'READY' | 'RUNNING' | 'PAUSED' | 'COMPLETED' | 'FAILED' | 'CANCELLED' | 'UNKNOWN';
export type InboxRequestKind = 'PREVIEW' | 'RUNTIME_INPUT' | 'ANOMALY_DETECTION' | 'UNKNOWN';

export type RequestDetails =
  | { __typename: 'PreviewRequest'; skillName: string | null; skillInput: unknown; thoughts: { text: string | null; plan: string | null } | null }
  | { __typename: 'RuntimeInputRequest'; fields: { id: string; label: string | null; description: string | null }[] }
  | { __typename: 'AnomalyRequest'; message: string | null }
  | { __typename: 'UnknownInboxRequest' };

export interface ExecutionCard {
  wexaId: string;
  status: ExecutionStatus;
  goal: string | null;
  createdAt: string | null;
  endedAt: string | null;
  error: string | null;
  agentflow: { name: string; agents: { title: string | null }[] } | null;
  agentOutputs: { title: string | null; status: string | null }[];
  waitingOnHuman: boolean;
  waitingFor: InboxRequestKind | null;
  pendingInboxRequest: {
    wexaId: string;
    kind: InboxRequestKind;
    summary: string | null;
    agent: { title: string | null } | null;
    details: RequestDetails;
  } | null;
}

export const PROJECTS = gql`
  query ConsoleProjects {
    projects(first: 20) { nodes { wexaId name } }
  }
`;
export interface ProjectsData {
  projects: { nodes: { wexaId: string; name: string }[] };
}

export const PROJECT = gql`
  query ConsoleProject($projectId: ID!) {
    project(id: $projectId) {
      wexaId
      name
      agentflows(first: 50) { nodes { wexaId name agents { title } } }
      executions(first: 30, status: RUNNING) { nodes { ...ExecutionCard } }
    }
  }
  ${EXECUTION_CARD}
`;
export interface ProjectData {
  project: {
    wexaId: string;
    name: string;
    agentflows: { nodes: { wexaId: string; name: string; agents: { title: string | null }[] }[] };
    executions: { nodes: ExecutionCard[] };
  };
}

export const PROJECT_EXECUTIONS = gql`
  subscription ConsoleExecutions($projectId: ID!) {
    projectExecutions(projectId: $projectId) { ...ExecutionCard }
  }
  ${EXECUTION_CARD}
`;
export interface ProjectExecutionsData {
  projectExecutions: ExecutionCard;
}

export const START_EXECUTION = gql`
  mutation ConsoleStart($input: StartExecutionInput!) {
    startExecution(input: $input) { execution { ...ExecutionCard } }
  }
  ${EXECUTION_CARD}
`;
export interface StartExecutionData {
  startExecution: { execution: ExecutionCard };
}

export const APPROVE_PREVIEW = gql`
  mutation ConsoleApprove($input: ApprovePreviewInput!) {
    approvePreview(input: $input) { execution { ...ExecutionCard } }
  }
  ${EXECUTION_CARD}
`;
export interface ApprovePreviewData {
  approvePreview: { execution: ExecutionCard | null };
}

export const REJECT_PREVIEW = gql`
  mutation ConsoleReject($input: RejectPreviewInput!) {
    rejectPreview(input: $input) { execution { ...ExecutionCard } }
  }
  ${EXECUTION_CARD}
`;
export interface RejectPreviewData {
  rejectPreview: { execution: ExecutionCard | null };
}

/** How the live connection is doing, for the page to say. */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'closed';

/** A client bound to one signed-in session's token. */
export interface Api {
  client: Client;
  dispose(): void;
}

/** The urql client of a session: `token()` is read for every request and every (re)connection. */
export function createApi(token: () => string, onConnection: (state: ConnectionState) => void): Api {
  const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
  const ws: WsClient = createWsClient({
    url: wsUrl,
    connectionParams: () => ({ authorization: `Bearer ${token()}` }),
    retryAttempts: 8,
    on: {
      connecting: (isRetry) => onConnection(isRetry ? 'reconnecting' : 'connecting'),
      connected: () => onConnection('live'),
      closed: () => onConnection('closed'),
    },
  });
  const client = new Client({
    url: `${location.origin}/graphql`,
    // POST for everything: a GET would need the CSRF header, and a POST keeps variables out of URLs.
    preferGetMethod: false,
    requestPolicy: 'network-only',
    fetchOptions: () => ({ headers: { authorization: `Bearer ${token()}` } }),
    exchanges: [
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
  });
  return { client, dispose: () => void ws.dispose() };
}
