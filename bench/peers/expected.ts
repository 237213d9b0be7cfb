/**
 * The expected answers of `bench/peers.ts`, taken once before any load: our gateway's answer to a
 * screen, alone, is the reference; every other GraphQL server's answer alone must be the same JSON.
 * A peer whose bytes differ only in formatting (spacing, key order) passes, and its own exact bytes
 * become what each of its answers under load must equal.
 */
import { isDeepStrictEqual } from 'node:util';

export interface Answer {
  status: number;
  text: string;
}

/** One POST of `body` to `url` with the key, as the load generator sends it. */
export async function answerOf(url: string, body: string, apiKey: string): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey }, body });
  return { status: res.status, text: await res.text() };
}

const parsed = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/**
 * Checks a peer's answer against the reference; returns how it compares (`same bytes` or `same JSON,
 * other formatting`) or throws with both answers' beginnings when the data differs.
 */
export function compareToReference(peer: string, answer: Answer, reference: Answer): string {
  if (answer.status !== 200) throw new Error(`${peer} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
  if (answer.text === reference.text) return 'same bytes';
  const mine = parsed(answer.text);
  if (mine !== undefined && isDeepStrictEqual(mine, parsed(reference.text))) return 'same JSON, other formatting';
  throw new Error(`${peer} answered other data than the gateway:\n  ${answer.text.slice(0, 300)}\n  gateway: ${reference.text.slice(0, 300)}`);
}

/** A reference answer must be a 200 with data and no errors. */
export function checkReference(name: string, answer: Answer): void {
  const json = parsed(answer.text) as { data?: unknown; errors?: unknown } | undefined;
  if (answer.status !== 200 || json === undefined || json.errors !== undefined || json.data == null) {
    throw new Error(`${name} failed the screen: ${answer.status} ${answer.text.slice(0, 300)}`);
  }
}
