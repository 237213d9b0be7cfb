/** The documented example ids the simulator serves (see docs/simulator.md). */

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
/** A well-formed id that names nothing. */
export const UNKNOWN_ID = 'aaaaaaaaaaaaaaaaaaaaaaaa';
