/**
 * Links from one node to another. Resolves to null instead of failing when the upstream says the resource does not exist. Links
 * from one resource to another (an inbox request to its agentflow, an execution to its task) use it:
 * a stale reference is normal upstream data, not an error of the query.
 */
export async function orNullIfMissing<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}
