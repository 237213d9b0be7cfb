/** The simulator's API keys (fake, public, and never valid against the real Wexa API). */

/** The key of the demo organisation (`67fdea40aac77be632954f0f`, owner of the "Pulse" project). */
export const DEMO_API_KEY = 'wexa-sim-demo-key';

/** The key of a second organisation, for cross-organisation (403) checks. */
export const OTHER_API_KEY = 'wexa-sim-other-key';
