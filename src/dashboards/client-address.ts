/**
 * Who a public viewer is, for the wrong-password limit: the connection's remote address. Behind
 * reverse proxies (`DASHBOARD_TRUSTED_PROXY_HOPS` > 0) it is the address that many hops from the right
 * of `X-Forwarded-For`, i.e. the one the nearest trusted proxy saw; with 0 (the default) the header is
 * ignored, since anyone can send it. IPv4-mapped IPv6 addresses count as IPv4, and IPv6 addresses
 * count by their /64 (one host usually holds a whole /64).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { isIPv4, isIPv6 } from 'node:net';

/** What an address is taken from: a node request (or a WebSocket's upgrade request). */
export interface ClientRequest {
  socket: { remoteAddress?: string | undefined };
  headers: IncomingHttpHeaders;
}

/** The client of `req` (`unknown` when there is no request or address). */
export function clientAddress(req: ClientRequest | undefined, trustedHops: number): string {
  if (!req) return 'unknown';
  const remote = req.socket.remoteAddress ?? 'unknown';
  if (trustedHops <= 0) return normalise(remote);
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  const chain = [...forwarded, remote];
  return normalise(chain[Math.max(0, chain.length - 1 - trustedHops)] ?? remote);
}

/** The request behind a GraphQL operation's context: yoga's node request, or a WebSocket's upgrade request. */
export function requestOfContext(context: object): ClientRequest | undefined {
  const { req, upgradeRequest } = context as { req?: ClientRequest; upgradeRequest?: ClientRequest };
  return req?.socket ? req : upgradeRequest?.socket ? upgradeRequest : undefined;
}

function normalise(address: string): string {
  const plain = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(plain);
  if (mapped?.[1] && isIPv4(mapped[1])) return mapped[1];
  if (isIPv4(plain)) return plain;
  if (isIPv6(plain)) return `${ipv6Groups(plain).slice(0, 4).join(':')}::/64`;
  // Not an address (a proxy sent something else): bounded, so it cannot blow up a counter's name.
  return plain.slice(0, 64) || 'unknown';
}

/** The eight groups of an IPv6 address, `::` expanded (a zone id dropped). */
function ipv6Groups(address: string): string[] {
  const [head = '', tail] = address.split('%')[0]!.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0');
  return [...left, ...zeros, ...right].map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''));
}
