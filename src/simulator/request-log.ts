/**
 * The request log behind `GET /__simulator/requests`: one entry per non-control request, with
 * per-route counts. It never holds key material: headers are not recorded and key-like query
 * parameters are dropped.
 */

/** One logged request. */
export interface LogEntry {
  method: string;
  /** The path without its query string. */
  path: string;
  /** The matched route pattern, e.g. `/task/{id}`; null when no route matched. */
  route: string | null;
  /** The response status; 0 when the connection was dropped or left hanging by a fault. */
  status: number;
  /** ISO-8601 time the request arrived. */
  at: string;
  /** Query parameters (key-like ones removed). */
  query: Record<string, string>;
  /** The fault applied, when one was (e.g. `status=503`, `drop`, `hang`, `latency=300`). */
  fault?: string;
}

/** The log's JSON view. */
export interface LogView {
  total: number;
  requests: LogEntry[];
  /** `"METHOD pattern"` → number of requests, e.g. `{"GET /task/{id}": 2}`. */
  counts: Record<string, number>;
}

const KEY_LIKE = /^(x-api-key|api[-_]?key|apikey|key|token|access[-_]?token|authorization)$/i;

/** Turns query parameters into a plain object without key-like entries. */
export function safeQuery(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of params) if (!KEY_LIKE.test(name)) out[name] = value;
  return out;
}

/** An in-memory request log. */
export class RequestLog {
  private entries: LogEntry[] = [];

  /** Appends an entry. */
  add(entry: LogEntry): void {
    this.entries.push(entry);
  }

  /** Empties the log. */
  clear(): void {
    this.entries = [];
  }

  /** The entries and counts by route. */
  view(): LogView {
    const counts: Record<string, number> = {};
    for (const e of this.entries) {
      const key = `${e.method} ${e.route ?? '(unmatched)'}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return { total: this.entries.length, requests: [...this.entries], counts };
  }
}
