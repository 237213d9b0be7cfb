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
