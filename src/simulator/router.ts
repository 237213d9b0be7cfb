/**
 * Matches a request path against the route table. A pattern with more literal segments is tried
 * first, so `/connectors/change_status` wins over `/connectors/{projectID}`; between patterns with
 * as many literals, the table's order decides (`/{projectID}/execution_flows` comes before
 * `/execute_flow/{execution_id}`, so it takes `/execute_flow/execution_flows`).
 */
import type { Route } from './core.js';

interface Compiled {
  route: Route;
  segments: string[];
  literals: number;
}

/** A route match (`route` null when only the path matched, under another method). */
export interface Match {
  route: Route | null;
  params: Record<string, string>;
  /** The matched pattern, for the request log. */
  pattern: string | null;
}

/** Drops a trailing slash (the upstream accepts `/tasks/` and `/tasks` alike). */
export function normalisePath(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** Splits a path into decoded segments; null when a segment is not valid percent-encoding. */
function splitPath(path: string): string[] | null {
  try {
    return path.split('/').slice(1).map((s) => decodeURIComponent(s));
  } catch {
    return null;
  }
}

/** Builds a matcher over a route table. */
export function createRouter(routes: Route[]): (method: string, path: string) => Match {
  const compiled: Compiled[] = routes
    .map((route) => {
      const segments = route.pattern.split('/').slice(1);
      return { route, segments, literals: segments.filter((s) => !s.startsWith('{')).length };
    })
    .sort((a, b) => b.literals - a.literals);

  const tryMatch = (c: Compiled, parts: string[]): Record<string, string> | null => {
    if (c.segments.length !== parts.length) return null;
    const params: Record<string, string> = {};
    for (let i = 0; i < parts.length; i++) {
      const seg = c.segments[i]!;
      const part = parts[i]!;
      if (seg.startsWith('{')) {
        if (part === '') return null;
        params[seg.slice(1, -1)] = part;
      } else if (seg !== part) return null;
    }
    return params;
  };

  return (method, rawPath) => {
    const parts = splitPath(normalisePath(rawPath));
    if (!parts) return { route: null, params: {}, pattern: null };
    let other: Compiled | null = null;
    for (const c of compiled) {
      const params = tryMatch(c, parts);
      if (!params) continue;
      if (c.route.method === method) return { route: c.route, params, pattern: c.route.pattern };
      other ??= c;
    }
    return { route: null, params: {}, pattern: other ? other.route.pattern : null };
  };
}
