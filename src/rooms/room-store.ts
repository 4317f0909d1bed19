import type { RoomProvider } from '../policy/policy.types.js';
import type { RoomKey } from './room-ids.js';
import type { LiveEvent, LiveUpdateResult, RoomLiveState } from './room-live-state.js';

export type RoomAccessMode = 'OPEN' | 'RESTRICTED';

/** Who besides the owner may get credentials for a room. OPEN: anyone the policy lets join. */
export interface RoomAccess {
  mode: RoomAccessMode;
  /** With RESTRICTED: caller ids (token `sub`) let in. */
  allowedUserIds: string[];
  /** With RESTRICTED: caller roles let in. */
  allowedRoles: string[];
}

/** Caps on a room's access lists, so one record stays small. */
export const MAX_ALLOWED_USER_IDS = 100;
export const MAX_ALLOWED_ROLES = 20;

export const OPEN_ACCESS: RoomAccess = { mode: 'OPEN', allowedUserIds: [], allowedRoles: [] };

/** The gateway's record of a session or meeting it created: who owns it and who may join. */
export interface RoomRecord {
  provider: RoomProvider;
  /** The provider's id: the OpenVidu session id, the VideoSDK meetingId. */
  roomId: string;
  /** A second id the room is also known by (VideoSDK customMeetingId); null when none. */
  customId: string | null;
  ownerId: string;
  access: RoomAccess;
  /** Epoch milliseconds. */
  createdAt: number;
  /** Epoch milliseconds after which the record is forgotten. */
  expiresAt: number;
  /** Bumped by every successful update; what compare-and-set compares. */
  version: number;
}

/**
 * What a claim did: `created` (stored, the caller owns it), `exists` (an id was taken; the stored
 * record), or `limit` (the owner already holds the most live records the policy allows).
 */
export type ClaimResult =
  | { status: 'created'; record: RoomRecord }
  | { status: 'exists'; record: RoomRecord }
  | { status: 'limit'; record: null };

/** What a compare-and-set did: `updated`, `conflict` (changed or expired meanwhile), or `limit` (a new owner is full). */
export type UpdateResult = { status: 'updated'; record: RoomRecord } | { status: 'conflict' | 'limit'; record: null };

/** The keys a record is stored under: its provider id, and its custom id in the separate custom space. */
export function roomRecordKeys(record: Pick<RoomRecord, 'roomId' | 'customId'>): RoomKey[] {
  return record.customId ? [{ space: 'id', id: record.roomId }, { space: 'custom', id: record.customId }] : [{ space: 'id', id: record.roomId }];
}

/** Every name the room is known by, for join patterns (a VideoSDK meeting matches by either id). */
export function roomRecordNames(record: Pick<RoomRecord, 'roomId' | 'customId'>): string[] {
  return record.customId && record.customId !== record.roomId ? [record.roomId, record.customId] : [record.roomId];
}

/** How an owner's records are counted: the member a record has in its owner's index. */
export function ownedRoomMember(record: Pick<RoomRecord, 'provider' | 'roomId'>): string {
  return `${record.provider}:${record.roomId}`;
}

/**
 * Where room ownership lives. Two implementations: in process memory (development, one replica) and
 * Redis (several replicas). Implementations of the Redis kind throw StateUnavailableError when the
 * store cannot be reached; none of them ever hangs longer than its command timeout.
 */
export interface RoomStore {
  readonly kind: 'memory' | 'redis';

  /** The record stored under this key (a provider id or a custom id), or null when there is none. */
  get(provider: RoomProvider, key: RoomKey): Promise<RoomRecord | null>;

  /** How many live records `ownerId` owns, over every provider. */
  ownedCount(ownerId: string): Promise<number>;

  /**
   * Stores `record` under each of its keys (version 1, expiring after `record.expiresAt`) unless one of
   * them already holds a record, and counts it for its owner unless the owner already holds
   * `maxPerOwner` live records. Atomic: of several racing claims exactly one is `created`; the others
   * get the winner's record.
   */
  claim(record: Omit<RoomRecord, 'version'>, maxPerOwner: number): Promise<ClaimResult>;

  /**
   * Compare-and-set: replaces the record when the stored one still has `expected.version`, keeping its
   * remaining lifetime, and returns the new record (version + 1); `conflict` when it changed meanwhile
   * or expired, so a concurrent update is never silently overwritten. A new owner who already holds
   * `maxPerOwner` live records gets `limit`, and nothing changes.
   */
  compareAndSet(expected: RoomRecord, next: Pick<RoomRecord, 'ownerId' | 'access'>, maxPerOwner: number): Promise<UpdateResult>;

  /**
   * Applies one webhook event to the live state of the room recorded under the provider id `roomId`
   * (room-live-state.ts has the rules). Atomic, so events racing on several replicas each count once.
   * `no_record` and nothing stored when the gateway holds no record of the room.
   */
  applyLiveEvent(provider: RoomProvider, roomId: string, event: LiveEvent): Promise<LiveUpdateResult>;

  /** The live state of the room recorded under the provider id `roomId` (NOT_STARTED when nothing was heard). */
  liveState(provider: RoomProvider, roomId: string): Promise<RoomLiveState>;

  close(): Promise<void>;
}
