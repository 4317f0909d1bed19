/**
 * A graphql-ws client (the protocol library's own `createClient`, over the `ws` package) for tests:
 * one connection, the `RoomEvents` document from the typed client, and a watch that collects what the
 * server sends until the subscription ends (an error message, complete, or the socket closing).
 */
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { RoomEventsDocument, type RoomEventsSubscription } from '../../client/generated/graphql.js';

export type RoomEventMessage = RoomEventsSubscription['roomEvents'];

/** How a subscription ended. */
export type WatchEnd =
  | { kind: 'error'; errors: Array<{ message: string; extensions?: Record<string, unknown> }> }
  | { kind: 'complete' }
  | { kind: 'closed'; code: number; reason: string };

export interface RoomWatch {
  /** The next event sent on this subscription (waits for it); rejects if the subscription ends first. */
  next(): Promise<RoomEventMessage>;
  /** Resolves when the subscription ends, with how. */
  ended: Promise<WatchEnd>;
  /** Events received so far, in order. */
  events: RoomEventMessage[];
  /** Ends the subscription from the client side (graphql-ws `complete`). */
  stop(): void;
}

export interface TestWsClient {
  client: Client;
  /** Resolves with the first close of the socket (code and reason). */
  closed: Promise<{ code: number; reason: string }>;
  /** Resolves when the gateway acknowledged connection_init (the caller is authenticated). */
  connected: Promise<void>;
  watch(provider: 'livekit' | 'openvidu' | 'videosdk', roomId: string): RoomWatch;
  /** Runs any document (a query, a second subscription) and resolves with how it ended. */
  run(query: string, variables?: Record<string, unknown>): Promise<WatchEnd & { data?: unknown[] }>;
  dispose(): Promise<void>;
}

export const ROOM_EVENTS_QUERY = print(RoomEventsDocument);

const toEnd = (error: unknown): WatchEnd => {
  if (Array.isArray(error)) return { kind: 'error', errors: error as Extract<WatchEnd, { kind: 'error' }>['errors'] };
  const event = error as { code?: number; reason?: string };
  if (typeof event?.code === 'number') return { kind: 'closed', code: event.code, reason: String(event.reason ?? '') };
  throw error;
};

/**
 * `connectionParams` is sent as is in connection_init: `{ authorization: 'Bearer …' }`, or anything
 * else a test needs. No retries, so a close is seen as it happened.
 */
export function connectWs(url: string, connectionParams: Record<string, unknown> | null, options: { protocols?: string | string[] } = {}): TestWsClient {
  let resolveClosed!: (e: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (resolveClosed = resolve));
  let resolveConnected!: () => void;
  const connected = new Promise<void>((resolve) => (resolveConnected = resolve));
  const Impl = options.protocols
    ? class extends WebSocket {
        constructor(address: string) {
          super(address, options.protocols);
        }
      }
    : WebSocket;
  const client = createClient({
    url,
    webSocketImpl: Impl,
    retryAttempts: 0,
    connectionParams: connectionParams ?? undefined,
    on: { connected: () => resolveConnected(), closed: (event) => resolveClosed({ code: (event as { code: number }).code, reason: String((event as { reason?: string }).reason ?? '') }) },
  });

  const watch: TestWsClient['watch'] = (provider, roomId) => {
    const events: RoomEventMessage[] = [];
    const waiting: Array<{ resolve: (e: RoomEventMessage) => void; reject: (e: unknown) => void }> = [];
    let read = 0;
    let finished: WatchEnd | null = null;
    let resolveEnded!: (end: WatchEnd) => void;
    const ended = new Promise<WatchEnd>((resolve) => (resolveEnded = resolve));
    const finish = (end: WatchEnd) => {
      finished = end;
      resolveEnded(end);
      for (const w of waiting.splice(0)) w.reject(new Error(`subscription ended before the next event: ${JSON.stringify(end)}`));
    };
    const stop = client.subscribe<RoomEventsSubscription>(
      { query: ROOM_EVENTS_QUERY, variables: { provider: provider.toUpperCase(), roomId } },
      {
        next: (result) => {
          if (result.errors) return finish({ kind: 'error', errors: result.errors as never });
          const event = result.data!.roomEvents;
          events.push(event);
          const w = waiting.shift();
          if (w) {
            read++;
            w.resolve(event);
          }
        },
        error: (error) => finish(toEnd(error)),
        complete: () => {
          if (!finished) finish({ kind: 'complete' });
        },
      },
    );
    return {
      events,
      ended,
      stop,
      next() {
        if (read < events.length) return Promise.resolve(events[read++]);
        if (finished) return Promise.reject(new Error(`subscription ended: ${JSON.stringify(finished)}`));
        return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
      },
    };
  };

  const run: TestWsClient['run'] = (query, variables) =>
    new Promise((resolve) => {
      const data: unknown[] = [];
      client.subscribe(
        { query, variables },
        {
          next: (result) => {
            if (result.errors) resolve({ kind: 'error', errors: result.errors as never, data });
            else data.push(result.data);
          },
          error: (error) => resolve({ ...toEnd(error), data }),
          complete: () => resolve({ kind: 'complete', data }),
        },
      );
    });

  return { client, closed, connected, watch, run, dispose: () => Promise.resolve(client.dispose()) };
}
