/**
 * Room live state against a real redis-server spawned for this file: the shared table of event
 * sequences through both stores (so the Lua script and the TypeScript rules agree), racing updates
 * from two connections (each participant counted once), no keys for a room without a record, and
 * live keys that expire with the record.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { MemoryRoomStore } from '../../../src/rooms/memory-room-store.js';
import { RedisRoomStore } from '../../../src/rooms/redis-room-store.js';
import { NOT_STARTED } from '../../../src/rooms/room-live-state.js';
import type { RoomStore } from '../../../src/rooms/room-store.js';
import { type SharedState } from '../../../src/state/shared-state.js';
import { applySteps, claimLiveRoom, LIVE_CASES, T } from '../../support/live-state-cases.js';
import type { TestRedisServer } from '../../support/redis-server.js';
import { startRedisState, type TestRedisState } from '../../support/redis-state.js';

let redis: TestRedisState;
let redisServer: TestRedisServer;
let state: SharedState;
let uniq = 0;
const PREFIX = `live${Date.now()}:`;

beforeAll(async () => {
  redis = await startRedisState();
  ({ server: redisServer, state } = redis);
});
afterAll(() => redis.stop());

const claim = (store: RoomStore, roomId: string, ttlMs = 60_000) => claimLiveRoom(store, roomId, Date.now(), ttlMs, 1000);

describe.each([
  ['memory', () => new MemoryRoomStore()],
  ['redis', () => new RedisRoomStore(state.redis!, PREFIX)],
] as Array<[string, () => RoomStore]>)('%s store live state', (_kind, makeStore) => {
  let store: RoomStore;
  beforeAll(() => {
    store = makeStore();
  });
  afterAll(() => store.close());

  it.each(LIVE_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const roomId = await claim(store, `live-${++uniq}`);
    const results = await applySteps(store, roomId, c.steps);
    expect(results).toEqual(c.steps.map((s) => s.result));
    expect(await store.liveState('openvidu', roomId)).toEqual(c.final);
  });

  it('answers no_record for a room without a record, and shows NOT_STARTED', async () => {
    expect(await store.applyLiveEvent('openvidu', `nobody-${++uniq}`, { type: 'PARTICIPANT_JOINED', at: T, participantId: 'a' })).toBe('no_record');
    expect(await store.liveState('openvidu', `nobody-${uniq}`)).toEqual(NOT_STARTED);
  });
});

describe('redis live state', () => {
  let store: RedisRoomStore;
  let second: Redis;
  let secondStore: RedisRoomStore;
  beforeAll(() => {
    store = new RedisRoomStore(state.redis!, PREFIX);
    second = new Redis(redisServer.url, { lazyConnect: false });
    secondStore = new RedisRoomStore(second, PREFIX);
  });
  afterAll(async () => {
    second.disconnect();
  });

  it('counts each of 40 participants once while their joins race, repeated, over two connections', async () => {
    const roomId = await claim(store, `race-${++uniq}`);
    const joins = Array.from({ length: 40 }, (_, i) => ({ type: 'PARTICIPANT_JOINED' as const, at: T + i, life: 'L1', participantId: `p${i}` }));
    const results = await Promise.all([...joins.map((e) => store.applyLiveEvent('openvidu', roomId, e)), ...joins.map((e) => secondStore.applyLiveEvent('openvidu', roomId, e))]);
    expect(results.every((r) => r === 'applied')).toBe(true);
    expect((await store.liveState('openvidu', roomId)).participantCount).toBe(40);
    const leaves = joins.slice(0, 15).map((e) => ({ ...e, type: 'PARTICIPANT_LEFT' as const, at: e.at + 1000 }));
    await Promise.all([...leaves.map((e) => store.applyLiveEvent('openvidu', roomId, e)), ...leaves.map((e) => secondStore.applyLiveEvent('openvidu', roomId, e))]);
    expect(await secondStore.liveState('openvidu', roomId)).toEqual({ life: 'L1', startedAt: T, finishedAt: null, participantCount: 25 });
  });

  it('writes no key for a room without a record', async () => {
    const roomId = `ghost-${++uniq}`;
    await store.applyLiveEvent('openvidu', roomId, { type: 'ROOM_STARTED', at: T, life: 'L1' });
    expect(await state.redis!.keys(`${PREFIX}room-live*${roomId}`)).toEqual([]);
  });

  it('lets the live keys expire no later than the record', async () => {
    const roomId = await claim(store, `ttl-${++uniq}`, 30_000);
    await store.applyLiveEvent('openvidu', roomId, { type: 'PARTICIPANT_JOINED', at: T, life: 'L1', participantId: 'a' });
    const redis = state.redis!;
    const [recordTtl, liveTtl, participantsTtl] = await Promise.all([
      redis.pttl(`${PREFIX}room:openvidu:id:${roomId}`),
      redis.pttl(`${PREFIX}room-live:openvidu:${roomId.length}:${roomId}`),
      redis.pttl(`${PREFIX}room-live-participants:openvidu:${roomId.length}:${roomId}`),
    ]);
    expect(recordTtl).toBeGreaterThan(0);
    expect(liveTtl).toBeGreaterThan(0);
    // The script copies the record's remaining PTTL onto the live keys; Redis counts expiries in whole
    // milliseconds and its clock may tick between the PTTL and the PEXPIRE, so they may outlive the
    // record by at most 1 ms.
    expect(liveTtl).toBeLessThanOrEqual(recordTtl + 1);
    expect(participantsTtl).toBeGreaterThan(0);
    expect(participantsTtl).toBeLessThanOrEqual(recordTtl + 1);
  });
});
