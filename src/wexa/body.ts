/**
 * Reading an upstream response body within a size cap. The body is consumed chunk by chunk and the
 * bytes counted as they arrive: a declared `Content-Length` over the cap is refused before anything is
 * read, and a chunked body is cut off at the first chunk that passes it. Either way the stream is
 * destroyed, which makes undici drop the connection (a half-read HTTP/1.1 response cannot be reused),
 * so the upstream cannot keep the gateway reading.
 */

/** What undici hands back as a response body, as far as this module needs it. */
export interface BodyStream extends AsyncIterable<Uint8Array> {
  destroy(error?: Error): unknown;
}

/** The whole body as text, or `null` (after dropping the connection) when it is larger than `limit` bytes. */
export async function readCapped(body: BodyStream, limit: number, declaredLength?: string | string[]): Promise<string | null> {
  const declared = Number(Array.isArray(declaredLength) ? declaredLength[0] : declaredLength);
  if (Number.isFinite(declared) && declared > limit) {
    body.destroy();
    return null;
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > limit) {
      body.destroy();
      return null;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}
