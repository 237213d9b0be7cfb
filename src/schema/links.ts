/**
 * Links from one node to another. Resolves to null instead of failing when the upstream says the resource does not exist. Links
 * from one resource to another (an inbox request to its agentflow, an execution to its task) use it:
 * a stale reference is normal upstream data, not an error of the query.
 */
export function orNullIfMissing<T>(read: Promise<T>): Promise<T | null> {
  // One derived promise (no async frame): this runs once per link of every item of a list.
  return read.catch((error: unknown) => {
    if (error instanceof Error && 'code' in error && error.code === 'NOT_FOUND') return null;
    throw error;
  });
}
