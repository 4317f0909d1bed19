import type { Redis } from 'ioredis';
import { StateUnavailableError } from '../errors/gateway-errors.js';
import type { RoomProvider } from '../policy/policy.types.js';
import type { RoomKey } from './room-ids.js';
import { NOT_STARTED, type LiveEvent, type LiveUpdateResult, type RoomLiveState } from './room-live-state.js';
import { ownedRoomMember, roomRecordKeys, type ClaimResult, type RoomRecord, type RoomStore, type UpdateResult } from './room-store.js';

/**
 * Claims a room under all its keys at once. KEYS: every key of the room, then its owner's index (a
 * sorted set of member -> expiry). ARGV: [1] the record (JSON), [2] its lifetime in ms, [3] now (ms),
 * [4] the most live records an owner may hold, [5] the record's member in the index, [6] its expiry.
 * Returns {1, record} when stored, {0, existing} when any key was taken, {2, ''} when the owner is full.
 * A Lua script runs atomically, so racing claims from any number of replicas end with one owner.
 */
const CLAIM_SCRIPT = `
local n = #KEYS - 1
for i = 1, n do
  local existing = redis.call('GET', KEYS[i])
  if existing then return {0, existing} end
end
local owned = KEYS[#KEYS]
redis.call('ZREMRANGEBYSCORE', owned, '-inf', ARGV[3])
if redis.call('ZCARD', owned) >= tonumber(ARGV[4]) then return {2, ''} end
for i = 1, n do
  redis.call('SET', KEYS[i], ARGV[1], 'PX', ARGV[2])
end
redis.call('ZADD', owned, ARGV[6], ARGV[5])
if redis.call('PTTL', owned) < tonumber(ARGV[2]) then redis.call('PEXPIRE', owned, ARGV[2]) end
return {1, ARGV[1]}
`;

/**
 * Compare-and-set. KEYS: every key of the room, then the current owner's index, then the new owner's.
 * ARGV: [1] the version the caller read, [2] the new record, [3] now (ms), [4] the per-owner limit,
 * [5] the record's member in the indexes. Writes only when the stored version is still ARGV[1],
 * keeping the remaining lifetime; a change of owner moves the member, unless the new owner is full.
 * Returns 1 when written, 0 on a conflict, 2 when the new owner is full.
 */
const COMPARE_AND_SET_SCRIPT = `
local n = #KEYS - 2
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
if tostring(cjson.decode(current).version) ~= ARGV[1] then return 0 end
local ttl = redis.call('PTTL', KEYS[1])
if ttl <= 0 then return 0 end
local from, to = KEYS[n + 1], KEYS[n + 2]
if from ~= to then
  redis.call('ZREMRANGEBYSCORE', to, '-inf', ARGV[3])
  if redis.call('ZCARD', to) >= tonumber(ARGV[4]) then return 2 end
  redis.call('ZREM', from, ARGV[5])
  redis.call('ZADD', to, tonumber(ARGV[3]) + ttl, ARGV[5])
  if redis.call('PTTL', to) < ttl then redis.call('PEXPIRE', to, ttl) end
end
for i = 1, n do
  redis.call('SET', KEYS[i], ARGV[2], 'PX', ttl)
end
return 1
`;

/**
 * Applies one live event (room-live-state.ts has the rules; `classifyLiveEvent` and `applyLiveEvent`
 * are the same decisions in TypeScript). KEYS: [1] the record under its provider id, [2] the live
 * state (hash: life, startedAt, finishedAt, count), [3] the participants (hash: id -> time of the
 * last event, negative for a leave). ARGV: [1] the event type, [2] its time (epoch ms, integer),
 * [3] its life or '', [4] the participant id or ''. Returns 'no_record' without touching anything
 * when the record is gone, else 'stale' or 'applied'; both state keys expire with the record.
 */
const APPLY_LIVE_EVENT_SCRIPT = `
local ttl = redis.call('PTTL', KEYS[1])
if ttl <= 0 then return 'no_record' end
local kind, at, life, pid = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
local s = redis.call('HMGET', KEYS[2], 'life', 'startedAt', 'finishedAt')
local current, startedAt, finishedAt = s[1] or '', tonumber(s[2]), tonumber(s[3])
local otherLife = life ~= '' and current ~= '' and life ~= current
local verdict = 'current'
if finishedAt then
  if otherLife and at >= finishedAt then verdict = 'new_life'
  elseif kind == 'ROOM_STARTED' and not otherLife and (life == '' or current == '') and at > finishedAt then verdict = 'new_life'
  elseif not (kind == 'ROOM_FINISHED' and not otherLife) then verdict = 'stale' end
elseif otherLife then
  if startedAt and at < startedAt then verdict = 'stale' else verdict = 'new_life' end
end
if verdict == 'stale' then return 'stale' end
if verdict == 'new_life' then
  redis.call('DEL', KEYS[2], KEYS[3])
  current, startedAt, finishedAt = '', nil, nil
end
if current == '' and life ~= '' then redis.call('HSET', KEYS[2], 'life', life) end
if kind == 'ROOM_STARTED' then
  if not startedAt or at < startedAt then redis.call('HSET', KEYS[2], 'startedAt', ARGV[2]) end
elseif kind == 'ROOM_FINISHED' then
  if not finishedAt or at > finishedAt then redis.call('HSET', KEYS[2], 'finishedAt', ARGV[2]) end
  redis.call('HSET', KEYS[2], 'count', 0)
  redis.call('DEL', KEYS[3])
else
  if not startedAt then redis.call('HSET', KEYS[2], 'startedAt', ARGV[2]) end
  local previous = tonumber(redis.call('HGET', KEYS[3], pid))
  local present = previous ~= nil and previous > 0
  if kind == 'PARTICIPANT_JOINED' then
    if previous == nil or math.abs(previous) < at then
      redis.call('HSET', KEYS[3], pid, ARGV[2])
      if not present then redis.call('HINCRBY', KEYS[2], 'count', 1) end
    end
  else
    if previous == nil or math.abs(previous) <= at then
      redis.call('HSET', KEYS[3], pid, '-' .. ARGV[2])
      if present then redis.call('HINCRBY', KEYS[2], 'count', -1) end
    end
  end
end
redis.call('PEXPIRE', KEYS[2], ttl)
if redis.call('EXISTS', KEYS[3]) == 1 then redis.call('PEXPIRE', KEYS[3], ttl) end
return 'applied'
`;

interface RoomScripts {
  callgateRoomClaim(numKeys: number, ...keysAndArgs: string[]): Promise<[number, string]>;
  callgateRoomCompareAndSet(numKeys: number, ...keysAndArgs: string[]): Promise<number>;
  callgateRoomApplyLiveEvent(numKeys: number, ...keysAndArgs: string[]): Promise<LiveUpdateResult>;
}

const LIVE_UPDATE_RESULTS: readonly string[] = ['applied', 'stale', 'no_record'] satisfies LiveUpdateResult[];

/** Epoch ms from a hash field, or null. */
const epochField = (raw: string | undefined): number | null => (raw !== undefined && /^\d{1,16}$/.test(raw) ? Number(raw) : null);

function parseRecord(json: string): RoomRecord {
  const record = JSON.parse(json) as RoomRecord;
  if (!record || typeof record.ownerId !== 'string' || typeof record.version !== 'number' || !record.access) {
    throw new Error('malformed room record in Redis');
  }
  return record;
}

/**
 * Room records in Redis, shared by every replica. Keys are `<prefix>room:<provider>:id:<provider id>`
 * and, for a VideoSDK meeting with a custom id, also `<prefix>room:videosdk:custom:<custom id>` (separate
 * spaces: a custom id never reaches another room's record). Each owner has an index
 * `<prefix>room-owner:<owner id>` (sorted set, member -> expiry) behind the per-owner limit. Any Redis
 * failure (refused, dropped, timed out, malformed data) becomes StateUnavailableError: the gateway
 * fails closed.
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
    redis.defineCommand('callgateRoomApplyLiveEvent', { lua: APPLY_LIVE_EVENT_SCRIPT });
    this.scripts = redis as unknown as RoomScripts;
  }

  private key(provider: RoomProvider, key: RoomKey): string {
    return `${this.prefix}room:${provider}:${key.space}:${key.id}`;
  }

  private keysOf(record: Pick<RoomRecord, 'provider' | 'roomId' | 'customId'>): string[] {
    return roomRecordKeys(record).map((k) => this.key(record.provider, k));
  }

  private liveKeys(provider: RoomProvider, roomId: string): [string, string] {
    const room = `${provider}:${roomId.length}:${roomId}`;
    return [`${this.prefix}room-live:${room}`, `${this.prefix}room-live-participants:${room}`];
  }

  private ownerKey(ownerId: string): string {
    return `${this.prefix}room-owner:${ownerId}`;
  }

  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw new StateUnavailableError(error);
    }
  }

  get(provider: RoomProvider, key: RoomKey): Promise<RoomRecord | null> {
    return this.guard(async () => {
      const json = await this.redis.get(this.key(provider, key));
      return json === null ? null : parseRecord(json);
    });
  }

  ownedCount(ownerId: string): Promise<number> {
    return this.guard(() => this.redis.zcount(this.ownerKey(ownerId), `(${this.now()}`, '+inf'));
  }

  claim(candidate: Omit<RoomRecord, 'version'>, maxPerOwner: number): Promise<ClaimResult> {
    return this.guard(async () => {
      const keys = [...this.keysOf(candidate), this.ownerKey(candidate.ownerId)];
      const record: RoomRecord = { ...candidate, version: 1 };
      const now = this.now();
      const lifetimeMs = Math.max(1, record.expiresAt - now);
      const [status, json] = await this.scripts.callgateRoomClaim(
        keys.length,
        ...keys,
        JSON.stringify(record),
        String(lifetimeMs),
        String(now),
        String(maxPerOwner),
        ownedRoomMember(record),
        String(record.expiresAt),
      );
      if (status === 1) return { status: 'created', record };
      if (status === 2) return { status: 'limit', record: null };
      return { status: 'exists', record: parseRecord(json) };
    });
  }

  compareAndSet(expected: RoomRecord, next: Pick<RoomRecord, 'ownerId' | 'access'>, maxPerOwner: number): Promise<UpdateResult> {
    return this.guard(async () => {
      const keys = [...this.keysOf(expected), this.ownerKey(expected.ownerId), this.ownerKey(next.ownerId)];
      const updated: RoomRecord = { ...expected, ownerId: next.ownerId, access: next.access, version: expected.version + 1 };
      const written = await this.scripts.callgateRoomCompareAndSet(
        keys.length,
        ...keys,
        String(expected.version),
        JSON.stringify(updated),
        String(this.now()),
        String(maxPerOwner),
        ownedRoomMember(expected),
      );
      if (written === 1) return { status: 'updated', record: updated };
      return { status: written === 2 ? 'limit' : 'conflict', record: null };
    });
  }

  applyLiveEvent(provider: RoomProvider, roomId: string, event: LiveEvent): Promise<LiveUpdateResult> {
    return this.guard(async () => {
      const keys = [this.key(provider, { space: 'id', id: roomId }), ...this.liveKeys(provider, roomId)];
      const result = await this.scripts.callgateRoomApplyLiveEvent(
        keys.length,
        ...keys,
        event.type,
        String(Math.trunc(event.at)),
        event.life ?? '',
        event.participantId ?? '',
      );
      if (!LIVE_UPDATE_RESULTS.includes(result)) throw new Error('unexpected answer from the live-state script');
      return result;
    });
  }

  liveState(provider: RoomProvider, roomId: string): Promise<RoomLiveState> {
    return this.guard(async () => {
      // The live keys expire with the record (the script sets their expiry from it), so no record means no hash.
      const live = await this.redis.hgetall(this.liveKeys(provider, roomId)[0]);
      const count = Number(live.count ?? 0);
      return {
        life: live.life || null,
        startedAt: epochField(live.startedAt),
        finishedAt: epochField(live.finishedAt),
        participantCount: Number.isSafeInteger(count) && count > 0 ? count : 0,
      };
    });
  }

  /** The Redis connection is shared and closed by its owner (the gateway services). */
  async close(): Promise<void> {}
}
