import type { Redis } from 'ioredis';
import { StateUnavailableError } from '../errors/gateway-errors.js';
import type { RoomProvider } from '../policy/policy.types.js';
import { roomRecordIds, type ClaimResult, type RoomRecord, type RoomStore } from './room-store.js';

/**
 * Claims a room under all its ids at once. KEYS: every id of the room. ARGV[1]: the record (JSON),
 * ARGV[2]: its lifetime in ms. Returns {1, record} when stored, {0, existing} when any id was taken.
 * A Lua script runs atomically, so racing claims from any number of replicas end with one owner.
 */
const CLAIM_SCRIPT = `
for _, key in ipairs(KEYS) do
  local existing = redis.call('GET', key)
  if existing then return {0, existing} end
end
for _, key in ipairs(KEYS) do
  redis.call('SET', key, ARGV[1], 'PX', ARGV[2])
end
return {1, ARGV[1]}
`;

/**
 * Compare-and-set. KEYS: every id of the room. ARGV[1]: the version the caller read, ARGV[2]: the new
 * record. Writes only when the stored version is still ARGV[1], keeping the remaining lifetime.
 */
const COMPARE_AND_SET_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
if tostring(cjson.decode(current).version) ~= ARGV[1] then return 0 end
local ttl = redis.call('PTTL', KEYS[1])
if ttl <= 0 then return 0 end
for _, key in ipairs(KEYS) do
  redis.call('SET', key, ARGV[2], 'PX', ttl)
end
return 1
`;

interface RoomScripts {
  callgateRoomClaim(numKeys: number, ...keysAndArgs: string[]): Promise<[number, string]>;
  callgateRoomCompareAndSet(numKeys: number, ...keysAndArgs: string[]): Promise<number>;
}

function parseRecord(json: string): RoomRecord {
  const record = JSON.parse(json) as RoomRecord;
  if (!record || typeof record.ownerId !== 'string' || typeof record.version !== 'number' || !record.access) {
    throw new Error('malformed room record in Redis');
  }
  return record;
}

/**
 * Room records in Redis, shared by every replica. Keys are `<prefix>room:<provider>:<id>`; a VideoSDK
 * meeting with a custom id is stored under both ids. Any Redis failure (refused, dropped, timed out,
 * malformed data) becomes StateUnavailableError: the gateway fails closed.
 */
export class RedisRoomStore implements RoomStore {
  readonly kind = 'redis';
  private readonly scripts: RoomScripts;

  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'callgate:',
    private readonly now: () => number = Date.now,
  ) {
    redis.defineCommand('callgateRoomClaim', { lua: CLAIM_SCRIPT });
    redis.defineCommand('callgateRoomCompareAndSet', { lua: COMPARE_AND_SET_SCRIPT });
    this.scripts = redis as unknown as RoomScripts;
  }

  private key(provider: RoomProvider, id: string): string {
    return `${this.prefix}room:${provider}:${id}`;
  }

  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw new StateUnavailableError(error);
    }
  }

  get(provider: RoomProvider, id: string): Promise<RoomRecord | null> {
    return this.guard(async () => {
      const json = await this.redis.get(this.key(provider, id));
      return json === null ? null : parseRecord(json);
    });
  }

  claim(candidate: Omit<RoomRecord, 'version'>): Promise<ClaimResult> {
    return this.guard(async () => {
      const keys = roomRecordIds(candidate).map((id) => this.key(candidate.provider, id));
      const record: RoomRecord = { ...candidate, version: 1 };
      const lifetimeMs = Math.max(1, record.expiresAt - this.now());
      const [created, json] = await this.scripts.callgateRoomClaim(keys.length, ...keys, JSON.stringify(record), String(lifetimeMs));
      return created === 1 ? { created: true, record } : { created: false, record: parseRecord(json) };
    });
  }

  compareAndSet(expected: RoomRecord, next: Pick<RoomRecord, 'ownerId' | 'access'>): Promise<RoomRecord | null> {
    return this.guard(async () => {
      const keys = roomRecordIds(expected).map((id) => this.key(expected.provider, id));
      const updated: RoomRecord = { ...expected, ownerId: next.ownerId, access: next.access, version: expected.version + 1 };
      const written = await this.scripts.callgateRoomCompareAndSet(keys.length, ...keys, String(expected.version), JSON.stringify(updated));
      return written === 1 ? updated : null;
    });
  }

  /** The Redis connection is shared and closed by its owner (the gateway services). */
  async close(): Promise<void> {}
}
