/**
 * The normalized shape of what happens in a room, whatever the provider: one webhook delivery becomes
 * at most one RoomEvent. The event bus carries these between replicas; a future GraphQL subscription
 * reads them per (provider, roomId).
 */
export const ROOM_EVENT_TYPES = [
  'ROOM_STARTED',
  'ROOM_FINISHED',
  'PARTICIPANT_JOINED',
  'PARTICIPANT_LEFT',
  'TRACK_PUBLISHED',
  'TRACK_UNPUBLISHED',
  'RECORDING_STARTED',
  'RECORDING_STOPPED',
] as const;

export type RoomEventType = (typeof ROOM_EVENT_TYPES)[number];

export type RoomEventProvider = 'livekit' | 'openvidu' | 'videosdk';

export interface RoomEvent {
  /** Stable for one provider event: retries of a delivery, on any replica, give the same id. */
  id: string;
  provider: RoomEventProvider;
  /** The provider's room name (LiveKit room name, OpenVidu sessionId, VideoSDK roomId). */
  roomId: string;
  type: RoomEventType;
  /** Who joined, left or published; absent for room and recording events. */
  participant?: { id: string; name?: string };
  /** When the provider says it happened (ISO 8601), or when the gateway received it if the provider does not say. */
  occurredAt: string;
}

/**
 * What a provider mapper makes of one verified delivery. `event` is a RoomEvent without its id; the
 * id is derived from `dedupKey` (the provider's event id, or a key built from the payload), so the
 * same delivery gets the same id everywhere. `session` names one life of the room (LiveKit room sid,
 * OpenVidu uniqueSessionId, VideoSDK sessionId) when the payload carries it.
 */
export type MappedDelivery =
  | { kind: 'event'; event: Omit<RoomEvent, 'id'>; dedupKey: string; session?: string }
  /** A well-formed delivery of a type the gateway does not track (egress_updated, signalSent, ...). */
  | { kind: 'ignored'; providerType: string }
  /** A verified delivery whose JSON lacks what its type needs. */
  | { kind: 'malformed'; reason: string };

/** Maps one parsed, verified payload; `receivedAt` stands in for providers that send no event time. */
export type DeliveryMapper = (payload: unknown, receivedAt: Date) => MappedDelivery;

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A non-empty string field, or undefined. */
export const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** A time as ISO text from epoch seconds or milliseconds given as a number or a digit string. */
export function epochToIso(value: unknown, unit: 'seconds' | 'milliseconds'): string | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n) || n <= 0) return undefined;
  const date = new Date(unit === 'seconds' ? n * 1000 : n);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
