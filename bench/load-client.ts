/**
 * The load generator of the subscription benchmark: many GraphQL subscriptions multiplexed over a
 * modest number of graphql-ws connections (subscription `i` goes to socket `i % sockets` and watches
 * target `i % targets`), so that 10,000 subscriptions cost the client 100 sockets, not 10,000.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** What one subscription watches. */
export interface Target {
  projectId: string;
  id: string;
}

/** One result delivered to one subscription. */
export interface Delivery {
  /** Index into the targets. */
  target: number;
  /** Index of the subscription (0 … subscriptions-1). */
  subscriber: number;
  /** The `data` of the result, or null when it carried only errors. */
  data: Record<string, unknown> | null;
  /** `performance.now()` on arrival. */
  at: number;
}

/** Options of {@link openLoad}. */
export interface LoadOptions {
  /** The gateway's GraphQL URL (`http://…/graphql`; turned into `ws://`). */
  url: string;
  apiKey: string;
  sockets: number;
  subscriptions: number;
  targets: readonly Target[];
  /** The subscription document; its variables are `{ projectId, id }` of the target. */
  query: string;
  onResult: (delivery: Delivery) => void;
}

/** Running subscriptions. */
export interface Load {
  /** Results that carried GraphQL errors, and subscriptions that failed or ended early. */
  problems: { errors: number; completed: number; first: string | null };
  /** Which target each subscription watches. */
  targetOf(subscriber: number): number;
  /** Unsubscribes everything and closes every socket. */
  close(): Promise<void>;
}

/** Opens the sockets and starts every subscription (they become active as the server handles them). */
export function openLoad(options: LoadOptions): Load {
  const wsUrl = options.url.replace(/^http/, 'ws');
  const clients: Client[] = Array.from({ length: options.sockets }, () =>
    createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { 'x-api-key': options.apiKey },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => {},
    }),
  );
  const problems: Load['problems'] = { errors: 0, completed: 0, first: null };
  const note = (text: string) => {
    problems.first ??= text;
  };
  const stops: (() => void)[] = [];
  const targetOf = (subscriber: number) => subscriber % options.targets.length;

  for (let subscriber = 0; subscriber < options.subscriptions; subscriber++) {
    const target = targetOf(subscriber);
    const client = clients[subscriber % clients.length] as Client;
    const variables = { ...(options.targets[target] as Target) };
    stops.push(
      client.subscribe<Record<string, unknown>>(
        { query: options.query, variables },
        {
          next: (result) => {
            if (result.errors?.length) {
              problems.errors++;
              note(result.errors.map((e) => e.message).join('; '));
            }
            options.onResult({ target, subscriber, data: result.data ?? null, at: performance.now() });
          },
          error: (error) => {
            problems.errors++;
            note(error instanceof Error ? error.message : JSON.stringify(error));
          },
          complete: () => {
            problems.completed++;
          },
        },
      ),
    );
  }

  return {
    problems,
    targetOf,
    async close() {
      for (const stop of stops) stop();
      await Promise.all(clients.map((c) => c.dispose()));
    },
  };
}
