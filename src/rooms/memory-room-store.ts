import type { RoomProvider } from '../policy/policy.types.js';
import { roomRecordIds, type ClaimResult, type RoomRecord, type RoomStore } from './room-store.js';

const SWEEP_INTERVAL_MS = 60_000;

/**
 * Room records in this process's memory: for development and single-replica deployments. Each method
 * does its reads and writes without awaiting in between, which is what makes claims atomic here.
 * Expired records are dropped when read and by a periodic sweep.
 */
export class MemoryRoomStore implements RoomStore {
  readonly kind = 'memory';
  private readonly records = new Map<string, RoomRecord>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly now: () => number = Date.now) {
    this.sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  private key(provider: RoomProvider, id: string): string {
    return `${provider}:${id}`;
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

  private sweep(): void {
    const now = this.now();
    for (const [key, record] of this.records) if (record.expiresAt <= now) this.records.delete(key);
  }

  async get(provider: RoomProvider, id: string): Promise<RoomRecord | null> {
    const record = this.read(this.key(provider, id));
    return record ? structuredClone(record) : null;
  }

  async claim(candidate: Omit<RoomRecord, 'version'>): Promise<ClaimResult> {
    const keys = roomRecordIds(candidate).map((id) => this.key(candidate.provider, id));
    for (const key of keys) {
      const existing = this.read(key);
      if (existing) return { created: false, record: structuredClone(existing) };
    }
    const record: RoomRecord = { ...structuredClone(candidate), version: 1 };
    for (const key of keys) this.records.set(key, record);
    return { created: true, record: structuredClone(record) };
  }

  async compareAndSet(expected: RoomRecord, next: Pick<RoomRecord, 'ownerId' | 'access'>): Promise<RoomRecord | null> {
    const keys = roomRecordIds(expected).map((id) => this.key(expected.provider, id));
    const current = this.read(keys[0]);
    if (!current || current.version !== expected.version) return null;
    const updated: RoomRecord = { ...current, ownerId: next.ownerId, access: structuredClone(next.access), version: current.version + 1 };
    for (const key of keys) if (this.records.has(key)) this.records.set(key, updated);
    return structuredClone(updated);
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.records.clear();
  }
}
