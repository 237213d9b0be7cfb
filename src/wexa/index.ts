/** Public surface of the upstream boundary: the client factory, its types and the normalised model. */
export { createWexaClient, type WexaClient, type WexaClientOptions } from './client.js';
export type * from './api.js';
export * from './model.js';
export { toIsoTimestamp } from './parse/common.js';
export { assertExecutionId, assertObjectId, isObjectId } from './ids.js';
