import type { RoomProvider } from '../policy/policy.types.js';

export type RoomAccessMode = 'OPEN' | 'RESTRICTED';

/** Who besides the owner may get credentials for a room. OPEN: anyone the policy lets join. */
export interface RoomAccess {
  mode: RoomAccessMode;
  /** With RESTRICTED: caller ids (token `sub`) let in. */
  allowedUserIds: string[];
  /** With RESTRICTED: caller roles let in. */
  allowedRoles: string[];
}

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

export type ClaimResult = { created: true; record: RoomRecord } | { created: false; record: RoomRecord };

/** The ids a record is stored under (one key per id; both hold the same record). */
export function roomRecordIds(record: Pick<RoomRecord, 'roomId' | 'customId'>): string[] {
  return record.customId && record.customId !== record.roomId ? [record.roomId, record.customId] : [record.roomId];
}

/**
 * Where room ownership lives. Two implementations: in process memory (development, one replica) and
 * Redis (several replicas). Implementations of the Redis kind throw StateUnavailableError when the
 * store cannot be reached; none of them ever hangs longer than its command timeout.
 */
export interface RoomStore {
  readonly kind: 'memory' | 'redis';

  /** The record stored under this id (a roomId or a customId), or null when there is none. */
  get(provider: RoomProvider, id: string): Promise<RoomRecord | null>;

  /**
   * Stores `record` under each of its ids (version 1, expiring after `record.expiresAt`) unless one of
   * them already holds a record, atomically: of several racing claims exactly one gets `created: true`;
   * the others get the winner's record.
   */
  claim(record: Omit<RoomRecord, 'version'>): Promise<ClaimResult>;

  /**
   * Compare-and-set: replaces the record when the stored one still has `expected.version`, keeping its
   * remaining lifetime, and returns the new record (version + 1). Returns null when it changed meanwhile
   * or expired, so a concurrent update is never silently overwritten.
   */
  compareAndSet(expected: RoomRecord, next: Pick<RoomRecord, 'ownerId' | 'access'>): Promise<RoomRecord | null>;

  close(): Promise<void>;
}
