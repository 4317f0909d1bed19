import type { RoomProvider } from '../policy/policy.types.js';
import type { RoomKey } from './room-ids.js';
import { applyLiveEvent, emptyLiveState, NOT_STARTED, type LiveEvent, type LiveStateData, type LiveUpdateResult, type RoomLiveState } from './room-live-state.js';
import { ownedRoomMember, roomRecordKeys, type ClaimResult, type RoomRecord, type RoomStore, type UpdateResult } from './room-store.js';

const SWEEP_INTERVAL_MS = 60_000;

/**
 * Room records in this process's memory: for development and single-replica deployments. Each method
 * does its reads and writes without awaiting in between, which is what makes claims atomic here.
 * Expired records are dropped when read and by a periodic sweep.
 */
export class MemoryRoomStore implements RoomStore {
  readonly kind = 'memory';
  private readonly records = new Map<string, RoomRecord>();
  /** Per owner: member (provider:roomId) -> expiry, the count behind the per-owner limit. */
  private readonly owned = new Map<string, Map<string, number>>();
  /** Live state per member (provider:roomId); it lives as long as the record it belongs to. */
  private readonly live = new Map<string, { state: LiveStateData; expiresAt: number }>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly now: () => number = Date.now) {
    this.sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  private key(provider: RoomProvider, key: RoomKey): string {
    return `${provider}:${key.space}:${key.id}`;
  }

  private keysOf(record: Pick<RoomRecord, 'provider' | 'roomId' | 'customId'>): string[] {
    return roomRecordKeys(record).map((k) => this.key(record.provider, k));
  }

  private read(key: string): RoomRecord | null {
    const record = this.records.get(key);
    if (!record) return null;
    if (record.expiresAt <= this.now()) {
      this.records.delete(key);
      return null;
    }
    return record;
  }

  private liveOwned(ownerId: string): Map<string, number> {
    const members = this.owned.get(ownerId) ?? new Map<string, number>();
    const now = this.now();
    for (const [member, expiresAt] of members) if (expiresAt <= now) members.delete(member);
    return members;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, record] of this.records) if (record.expiresAt <= now) this.records.delete(key);
    for (const [ownerId] of this.owned) if (this.liveOwned(ownerId).size === 0) this.owned.delete(ownerId);
    for (const [member, entry] of this.live) if (entry.expiresAt <= now) this.live.delete(member);
  }

  async get(provider: RoomProvider, key: RoomKey): Promise<RoomRecord | null> {
    const record = this.read(this.key(provider, key));
    return record ? structuredClone(record) : null;
  }

  async ownedCount(ownerId: string): Promise<number> {
    return this.liveOwned(ownerId).size;
  }

  async claim(candidate: Omit<RoomRecord, 'version'>, maxPerOwner: number): Promise<ClaimResult> {
    const keys = this.keysOf(candidate);
    for (const key of keys) {
      const existing = this.read(key);
      if (existing) return { status: 'exists', record: structuredClone(existing) };
    }
    const members = this.liveOwned(candidate.ownerId);
    if (members.size >= maxPerOwner) return { status: 'limit', record: null };
    const record: RoomRecord = { ...structuredClone(candidate), version: 1 };
    for (const key of keys) this.records.set(key, record);
    // A new record under an id starts with no live state (a previous record's state went with it).
    this.live.delete(ownedRoomMember(record));
    members.set(ownedRoomMember(record), record.expiresAt);
    this.owned.set(record.ownerId, members);
    return { status: 'created', record: structuredClone(record) };
  }

  async compareAndSet(expected: RoomRecord, next: Pick<RoomRecord, 'ownerId' | 'access'>, maxPerOwner: number): Promise<UpdateResult> {
    const keys = this.keysOf(expected);
    const current = this.read(keys[0]);
    if (!current || current.version !== expected.version) return { status: 'conflict', record: null };
    if (next.ownerId !== current.ownerId) {
      const to = this.liveOwned(next.ownerId);
      if (to.size >= maxPerOwner) return { status: 'limit', record: null };
      this.liveOwned(current.ownerId).delete(ownedRoomMember(current));
      to.set(ownedRoomMember(current), current.expiresAt);
      this.owned.set(next.ownerId, to);
    }
    const updated: RoomRecord = { ...current, ownerId: next.ownerId, access: structuredClone(next.access), version: current.version + 1 };
    for (const key of keys) if (this.records.has(key)) this.records.set(key, updated);
    return { status: 'updated', record: structuredClone(updated) };
  }

  async applyLiveEvent(provider: RoomProvider, roomId: string, event: LiveEvent): Promise<LiveUpdateResult> {
    const record = this.read(this.key(provider, { space: 'id', id: roomId }));
    if (!record) return 'no_record';
    const member = ownedRoomMember(record);
    const entry = this.live.get(member) ?? { state: emptyLiveState(), expiresAt: record.expiresAt };
    const result = applyLiveEvent(entry.state, event);
    this.live.set(member, entry);
    return result;
  }

  async liveState(provider: RoomProvider, roomId: string): Promise<RoomLiveState> {
    const record = this.read(this.key(provider, { space: 'id', id: roomId }));
    const entry = record ? this.live.get(ownedRoomMember(record)) : undefined;
    if (!entry) return { ...NOT_STARTED };
    const { life, startedAt, finishedAt, participantCount } = entry.state;
    return { life, startedAt, finishedAt, participantCount };
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.live.clear();
    this.records.clear();
    this.owned.clear();
  }
}
