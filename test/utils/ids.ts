/**
 * The fixtures every test file may name: the simulator's keys and the documented example ids it serves
 * (see docs/simulator.md; the same ids appear in the API docs' examples under `test/wexa-examples/`).
 * Written out here, not read from the simulator, so a test cannot agree with a wrong seed by construction.
 */

/** The simulator's demo key (see docs/simulator.md). */
export const DEMO_KEY = 'wexa-sim-demo-key';
/** The simulator's second organisation's key. */
export const OTHER_KEY = 'wexa-sim-other-key';

/** The demo organisation's first project, "Pulse". */
export const PULSE = '67fdea40aac77be632954f13';
/** Pulse's documented agentflow. */
export const DOC_FLOW = '67fdea9b68df1c3e9580a549';
/** Pulse's two-agent "Market scanner" agentflow. */
export const MARKET_SCANNER = '680351c0d90e5957cbd52173';
/** The documented task. */
export const DOC_TASK = '6805e3a97d3775bffdb87608';
/** The demo organisation's user. */
export const DEMO_USER = '67fdea40aac77be632954f0e';
/** The demo organisation. */
export const DEMO_ORG = '67fdea40aac77be632954f0f';
/** The documented agentflow's first agent. */
export const DOC_AGENT = '67fdea9b68df1c3e9580a54a';
/** The documented skill. */
export const DOC_SKILL = '67fdea9a68df1c3e9580a547';
/** The documented execution (a UUID, as executions are addressed). */
export const DOC_EXECUTION = '5f316a19-debf-479c-aae5-5c3ecceef2b8';
/** The execution of the documented "create executeflow" answer. */
export const CREATED_EXECUTION = '8ffc2a03-5d38-4321-aae8-c9f32d7707fc';
/** Pulse's documented dashboard. */
export const DOC_DASHBOARD = '67fdea9c0de4fb70696a0b0c';
/** The documented connector. */
export const DOC_CONNECTOR = '68063653fc2e1fb8597c775e';
/** The documented connector's skill ("Content creator - Content creation"). */
export const DOC_CONNECTOR_SKILL = '68063653fc2e1fb8597c775f';
/** The documented inbox request (a pending preview). */
export const DOC_INBOX = '68067cc5fec812d6a6c5ccee';
/** A well-formed id that names nothing. */
export const UNKNOWN_ID = 'aaaaaaaaaaaaaaaaaaaaaaaa';
/** A well-formed execution id that names nothing. */
export const UNKNOWN_EXECUTION = '00000000-0000-4000-8000-000000000000';
