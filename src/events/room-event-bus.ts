import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { redisReady } from '../state/shared-state.js';
import type { RoomEvent, RoomEventProvider } from './room-event.js';
import { RoomEventStreamError, RoomEventSubscription } from './room-event-subscription.js';

/** How far one subscriber may fall behind before its stream fails with OVERFLOW. */
export const DEFAULT_MAX_QUEUED_EVENTS = 100;

/**
 * Publish/subscribe of room events by (provider, roomId). In process memory for a single replica; over
 * Redis pub/sub when REDIS_URL is set, so an event a webhook brought to one replica reaches the
 * subscribers of every replica. `publish` resolves once the event is handed to the bus (never waits for
 * subscribers) and rejects when it could not be (Redis unreachable).
 */
export interface RoomEventBus {
  readonly kind: 'memory' | 'redis';
  publish(event: RoomEvent): Promise<void>;
  subscribe(provider: RoomEventProvider, roomId: string, options?: { maxQueued?: number }): RoomEventSubscription;
  close(): Promise<void>;
}

/** The Redis channel of one room; the room id is length-prefixed so no two rooms share a channel. */
export const roomEventChannel = (provider: RoomEventProvider, roomId: string): string => `callgate:room-events:${provider}:${roomId.length}:${roomId}`;

/** Local subscribers per channel; shared by both buses. */
class SubscriberTable {
  private readonly byChannel = new Map<string, Set<RoomEventSubscription>>();

  add(channel: string, subscription: RoomEventSubscription): void {
    let set = this.byChannel.get(channel);
    if (!set) this.byChannel.set(channel, (set = new Set()));
    set.add(subscription);
  }

  /** Returns true when the channel has no local subscriber left. */
  remove(channel: string, subscription: RoomEventSubscription): boolean {
    const set = this.byChannel.get(channel);
    if (!set) return false;
    set.delete(subscription);
    if (set.size > 0) return false;
    this.byChannel.delete(channel);
    return true;
  }

  deliver(channel: string, event: RoomEvent): void {
    for (const s of [...(this.byChannel.get(channel) ?? [])]) s.push(event);
  }

  all(): RoomEventSubscription[] {
    return [...this.byChannel.values()].flatMap((set) => [...set]);
  }
}

export function createMemoryRoomEventBus(): RoomEventBus {
  const table = new SubscriberTable();
  return {
    kind: 'memory',
    async publish(event) {
      table.deliver(roomEventChannel(event.provider, event.roomId), event);
    },
    subscribe(provider, roomId, options = {}) {
      const channel = roomEventChannel(provider, roomId);
      const subscription = new RoomEventSubscription(options.maxQueued ?? DEFAULT_MAX_QUEUED_EVENTS, (s) => table.remove(channel, s));
      table.add(channel, subscription);
      return subscription;
    },
    async close() {
      for (const s of table.all()) s.end();
    },
  };
}

const isRoomEvent = (v: unknown): v is RoomEvent =>
  typeof v === 'object' && v !== null && typeof (v as RoomEvent).id === 'string' && typeof (v as RoomEvent).roomId === 'string';

/**
 * Redis pub/sub: PUBLISH on the shared command connection, SUBSCRIBE on a dedicated connection (a
 * subscribed connection can run nothing else), one Redis channel per room with local subscribers, so
 * a replica receives only the rooms someone watches on it. When the subscriber connection drops, every
 * local subscriber fails with STATE_UNAVAILABLE (events may be missed meanwhile) and nothing is
 * resubscribed behind their back; new subscriptions work again once Redis is back.
 */
export function createRedisRoomEventBus(redis: Redis, logger: Logger): RoomEventBus {
  const table = new SubscriberTable();
  const subscriber = redis.duplicate({ autoResubscribe: false, lazyConnect: false });
  let closing = false;

  const failAll = (why: string) => {
    const current = table.all();
    if (current.length && !closing) logger.error({ bus: 'redis', subscribers: current.length }, `room event bus lost its subscriber connection (${why})`);
    for (const s of current) s.fail(new RoomEventStreamError('STATE_UNAVAILABLE', 'the room event bus is unavailable'));
  };
  subscriber.on('close', () => failAll('closed'));
  subscriber.on('error', () => undefined); // reported through 'close'; ioredis keeps reconnecting
  subscriber.on('message', (channel: string, message: string) => {
    let event: unknown;
    try {
      event = JSON.parse(message);
    } catch {
      return;
    }
    if (isRoomEvent(event)) table.deliver(channel, event);
  });

  /** Waits (a bounded time) for a connection that is still being set up; false when it is not usable. */
  const connected = async (timeoutMs: number): Promise<boolean> =>
    ['ready', 'connecting', 'connect', 'reconnecting', 'wait'].includes(subscriber.status) && redisReady(subscriber, timeoutMs);

  return {
    kind: 'redis',
    async publish(event) {
      await redis.publish(roomEventChannel(event.provider, event.roomId), JSON.stringify(event));
    },
    subscribe(provider, roomId, options = {}) {
      const channel = roomEventChannel(provider, roomId);
      const subscription = new RoomEventSubscription(options.maxQueued ?? DEFAULT_MAX_QUEUED_EVENTS, (s) => {
        if (table.remove(channel, s) && !closing && subscriber.status === 'ready') void subscriber.unsubscribe(channel).catch(() => undefined);
      });
      table.add(channel, subscription);
      const unavailable = () => new RoomEventStreamError('STATE_UNAVAILABLE', 'the room event bus is unavailable');
      subscription.ready = (async () => {
        if (!(await connected(1000))) throw unavailable();
        // SUBSCRIBE is idempotent: a second local subscriber of the room just waits for the acknowledgement.
        await subscriber.subscribe(channel).catch(() => {
          throw unavailable();
        });
      })();
      subscription.ready.catch((error: RoomEventStreamError) => subscription.fail(error));
      return subscription;
    },
    async close() {
      closing = true;
      for (const s of table.all()) s.end();
      subscriber.disconnect();
    },
  };
}
