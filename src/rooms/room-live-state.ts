import type { RoomEvent, RoomEventType } from '../events/room-event.js';

/**
 * The live side of a room record: what the provider's webhooks said about the room since the gateway
 * created it. Kept beside the ownership record (never inside it: an owner's compare-and-set and a
 * webhook never contend), expires with it, and is only ever written for a room the gateway holds a
 * record of (a webhook cannot create a record, so it cannot claim ownership).
 *
 * A room can live several times under one id (an OpenVidu custom session id reused, a VideoSDK meeting
 * holding session after session); the provider names each life (OpenVidu `uniqueSessionId`, VideoSDK
 * `sessionId`), the same notion the delivery ledger uses for its finished markers. The rules:
 * - Within the current life, ROOM_STARTED keeps the earliest start, ROOM_FINISHED sets `finishedAt`
 *   and empties the room, joins and leaves keep one entry per participant id with the time of its last
 *   event (an older event never overrides a newer one; at the same instant a leave wins). The count is
 *   of participants whose last event is a join, so it is never negative and repeats change nothing.
 * - Once the life finished, only a new life reopens the room: an event naming another life that
 *   happened at or after the finish, or a ROOM_STARTED that names no life (or follows a finish that
 *   named none) and happened strictly after the finish. Anything else (a late join, a late leave, a
 *   repeated start) is stale and changes nothing: a finished life never comes back.
 * - An event naming another life while the current one is open: older than the current start, it is
 *   a straggler of an earlier life (stale); otherwise the finish of the current life was missed and
 *   the event opens the new life.
 */
export interface RoomLiveState {
  /** The life of the room the state describes, when the provider named one. */
  life: string | null;
  /** Epoch milliseconds; null until an event said the room started (a join counts). */
  startedAt: number | null;
  /** Epoch milliseconds; null unless the current life finished. */
  finishedAt: number | null;
  participantCount: number;
}

export const NOT_STARTED: RoomLiveState = { life: null, startedAt: null, finishedAt: null, participantCount: 0 };

/** The event types that change live state; others (tracks, recordings) leave it alone. */
export const LIVE_EVENT_TYPES = ['ROOM_STARTED', 'ROOM_FINISHED', 'PARTICIPANT_JOINED', 'PARTICIPANT_LEFT'] as const satisfies readonly RoomEventType[];
export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number];

/** One event as the live state reads it. */
export interface LiveEvent {
  type: LiveEventType;
  /** Epoch milliseconds (the event's occurredAt). */
  at: number;
  /** The life of the room the event belongs to, when the provider names it. */
  life?: string;
  /** Who joined or left (participant events only). */
  participantId?: string;
}

/**
 * `applied`: the state took the event (a repeat applies as a no-op); `stale`: it belongs to a finished
 * or earlier life and changed nothing; `no_record`: the gateway holds no record of the room.
 */
export type LiveUpdateResult = 'applied' | 'stale' | 'no_record';

/**
 * The whole state as the memory store keeps it: per participant id, the time of its last event,
 * positive for a join and negative for a leave (the Redis store keeps the same numbers in a hash).
 */
export interface LiveStateData extends RoomLiveState {
  participants: Map<string, number>;
}

export const emptyLiveState = (): LiveStateData => ({ ...NOT_STARTED, participants: new Map() });

/**
 * Whether `event` opens a new life of the room, is stale, or belongs to the current life. The Redis
 * store's script (redis-room-store.ts) is this same decision in Lua; the integration test runs one
 * table of cases against both.
 */
export function classifyLiveEvent(state: RoomLiveState, event: LiveEvent): 'current' | 'new_life' | 'stale' {
  const otherLife = Boolean(event.life && state.life && event.life !== state.life);
  if (state.finishedAt !== null) {
    if (otherLife && event.at >= state.finishedAt) return 'new_life';
    if (event.type === 'ROOM_STARTED' && !otherLife && (!event.life || !state.life) && event.at > state.finishedAt) return 'new_life';
    // A repeated or later finish of the same life still moves finishedAt forward.
    return event.type === 'ROOM_FINISHED' && !otherLife ? 'current' : 'stale';
  }
  if (otherLife) return state.startedAt !== null && event.at < state.startedAt ? 'stale' : 'new_life';
  return 'current';
}

/** Applies one event to `state` in place (memory store); see the rules above. */
export function applyLiveEvent(state: LiveStateData, event: LiveEvent): Exclude<LiveUpdateResult, 'no_record'> {
  const verdict = classifyLiveEvent(state, event);
  if (verdict === 'stale') return 'stale';
  if (verdict === 'new_life') Object.assign(state, emptyLiveState());
  if (!state.life && event.life) state.life = event.life;
  switch (event.type) {
    case 'ROOM_STARTED':
      if (state.startedAt === null || event.at < state.startedAt) state.startedAt = event.at;
      break;
    case 'ROOM_FINISHED':
      if (state.finishedAt === null || event.at > state.finishedAt) state.finishedAt = event.at;
      state.participantCount = 0;
      state.participants.clear();
      break;
    default: {
      if (state.startedAt === null) state.startedAt = event.at;
      const id = event.participantId ?? '';
      const previous = state.participants.get(id);
      const present = previous !== undefined && previous > 0;
      if (event.type === 'PARTICIPANT_JOINED') {
        if (previous !== undefined && Math.abs(previous) >= event.at) break;
        state.participants.set(id, event.at);
        if (!present) state.participantCount += 1;
      } else {
        if (previous !== undefined && Math.abs(previous) > event.at) break;
        state.participants.set(id, -event.at);
        if (present) state.participantCount -= 1;
      }
    }
  }
  return 'applied';
}

/** The live event a room event carries, or null when it does not touch live state. */
export function liveEventOf(event: RoomEvent, life?: string): LiveEvent | null {
  if (!(LIVE_EVENT_TYPES as readonly string[]).includes(event.type)) return null;
  const at = Date.parse(event.occurredAt);
  if (!Number.isFinite(at)) return null;
  return {
    type: event.type as LiveEventType,
    at,
    ...(life ? { life } : {}),
    ...(event.participant ? { participantId: event.participant.id } : {}),
  };
}

/** What the room query shows: NOT_STARTED, LIVE or FINISHED. */
export function liveStatus(state: RoomLiveState): 'NOT_STARTED' | 'LIVE' | 'FINISHED' {
  if (state.finishedAt !== null) return 'FINISHED';
  return state.startedAt !== null ? 'LIVE' : 'NOT_STARTED';
}
