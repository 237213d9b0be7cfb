/** Awaits a promise that must reject with a `GatewayError`, and returns that error for assertions. */
import { GatewayError } from '../../src/errors.js';

export async function failure(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}
