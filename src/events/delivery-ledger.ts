import type { Redis } from 'ioredis';
import type { RoomEventProvider } from './room-event.js';

/** When a room life finished, as kept by the ledger. */
export interface FinishedMarker {
  /** Epoch milliseconds of the ROOM_FINISHED event. */
  at: number;
  /** The finished life of the room (see MappedDelivery.session), when the provider names it. */
  session?: string;
}

/**
 * What the webhook receiver remembers between deliveries, in memory or in Redis (shared by replicas):
 * which deliveries it already turned into events (so a provider's retry, or a replayed capture, makes
 * no second event) and when each room last finished (so a late event cannot bring it back). Both
 * expire: `claim` keys after the dedup TTL, finished markers after `finishedTtlMs`.
 * Every method rejects when the store is unreachable; the receiver then answers 503.
 */
export interface DeliveryLedger {
  /** True for the first claim of `key` within `ttlMs`; false for a repeat. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Forgets a claim whose event could not be published, so the provider's retry is processed. */
  release(key: string): Promise<void>;
  finishedAt(provider: RoomEventProvider, roomId: string): Promise<FinishedMarker | null>;
  markFinished(provider: RoomEventProvider, roomId: string, marker: FinishedMarker, ttlMs: number): Promise<void>;
}

const markerKey = (provider: RoomEventProvider, roomId: string) => `callgate:room-finished:${provider}:${roomId.length}:${roomId}`;
const claimKey = (key: string) => `callgate:webhook-seen:${key}`;

/**
 * Process memory, for a single replica. Entries are kept in insertion order, which is expiry order
 * since each map uses one TTL; a write drops the expired ones from the front (stopping at the first
 * live one, so the cost stays proportional to what expired) and, past `maxEntries`, the oldest ones,
 * so a flood of distinct deliveries cannot grow the maps without limit.
 */
export function createMemoryLedger(now: () => number = Date.now, maxEntries = 100_000): DeliveryLedger {
  const claims = new Map<string, number>();
  const markers = new Map<string, { marker: FinishedMarker; expires: number }>();
  const sweep = <V>(map: Map<string, V>, expiresOf: (v: V) => number) => {
    const t = now();
    for (const [k, v] of map) {
      if (expiresOf(v) > t) break;
      map.delete(k);
    }
    while (map.size >= maxEntries) map.delete(map.keys().next().value as string);
  };
  return {
    async claim(key, ttlMs) {
      const expires = claims.get(key);
      if (expires !== undefined && expires > now()) return false;
      claims.delete(key);
      sweep(claims, (e) => e);
      claims.set(key, now() + ttlMs);
      return true;
    },
    async release(key) {
      claims.delete(key);
    },
    async finishedAt(provider, roomId) {
      const entry = markers.get(markerKey(provider, roomId));
      return entry && entry.expires > now() ? entry.marker : null;
    },
    async markFinished(provider, roomId, marker, ttlMs) {
      const key = markerKey(provider, roomId);
      const current = markers.get(key);
      if (current && current.expires > now() && current.marker.at > marker.at) return;
      markers.delete(key);
      sweep(markers, (e) => e.expires);
      markers.set(key, { marker, expires: now() + ttlMs });
    },
  };
}

/** Redis: SET NX PX claims, shared by every replica; markers are small JSON strings with a TTL. */
export function createRedisLedger(redis: Redis): DeliveryLedger {
  return {
    async claim(key, ttlMs) {
      return (await redis.set(claimKey(key), '1', 'PX', ttlMs, 'NX')) === 'OK';
    },
    async release(key) {
      await redis.del(claimKey(key));
    },
    async finishedAt(provider, roomId) {
      const raw = await redis.get(markerKey(provider, roomId));
      if (!raw) return null;
      try {
        const parsed = JSON.parse(raw) as FinishedMarker;
        return typeof parsed.at === 'number' ? parsed : null;
      } catch {
        return null;
      }
    },
    async markFinished(provider, roomId, marker, ttlMs) {
      // A later finish wins; two replicas racing on the same room write markers that agree closely enough.
      const current = await this.finishedAt(provider, roomId);
      if (current && current.at > marker.at) return;
      await redis.set(markerKey(provider, roomId), JSON.stringify(marker), 'PX', ttlMs);
    },
  };
}

/**
 * Whether an event arrives too late for its room: it belongs to a life of the room that already
 * finished, or it happened before the last finish. A ROOM_STARTED of a new life (another session)
 * after the finish passes.
 */
export function isStale(marker: FinishedMarker | null, event: { occurredAt: string; session?: string }): boolean {
  if (!marker) return false;
  if (marker.session && event.session && marker.session === event.session) return true;
  return Date.parse(event.occurredAt) < marker.at;
}
