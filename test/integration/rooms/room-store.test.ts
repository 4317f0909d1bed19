/**
 * The RoomStore contract, run against both implementations: process memory, and Redis on a real
 * redis-server spawned for this file. Then what the Redis store does when its server dies or hangs.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { StateUnavailableError } from '../../../src/errors/gateway-errors.js';
import { MemoryRoomStore } from '../../../src/rooms/memory-room-store.js';
import { RedisRoomStore } from '../../../src/rooms/redis-room-store.js';
import { OPEN_ACCESS, type RoomRecord, type RoomStore } from '../../../src/rooms/room-store.js';
import { REDIS_TIMEOUT_MS, type SharedState } from '../../../src/state/shared-state.js';
import type { TestRedisServer } from '../../support/redis-server.js';
import { startRedisState, type TestRedisState } from '../../support/redis-state.js';

let redis: TestRedisState;
let redisServer: TestRedisServer;
let state: SharedState;
let uniq = 0;

beforeAll(async () => {
  redis = await startRedisState();
  ({ server: redisServer, state } = redis);
});
afterAll(() => redis.stop());

function candidate(overrides: Partial<Omit<RoomRecord, 'version'>> = {}): Omit<RoomRecord, 'version'> {
  const now = Date.now();
  return {
    provider: 'openvidu',
    roomId: `room-${++uniq}`,
    customId: null,
    ownerId: 'alice',
    access: OPEN_ACCESS,
    createdAt: now,
    expiresAt: now + 60_000,
    ...overrides,
  };
}

describe.each([
  ['memory', () => new MemoryRoomStore()],
  ['redis', () => new RedisRoomStore(state.redis!, `test${Date.now()}:`)],
] as Array<[string, () => RoomStore]>)('%s room store', (_kind, makeStore) => {
  let store: RoomStore;
  beforeAll(() => {
    store = makeStore();
  });
  afterAll(() => store.close());

  const MAX = 1000;
  const id = (value: string) => ({ space: 'id' as const, id: value });
  const custom = (value: string) => ({ space: 'custom' as const, id: value });

  it('claims a free id once; a later claim gets the first owner', async () => {
    const first = candidate();
    const won = await store.claim(first, MAX);
    expect(won).toEqual({ status: 'created', record: { ...first, version: 1 } });
    const lost = await store.claim({ ...first, ownerId: 'bob' }, MAX);
    expect(lost).toEqual({ status: 'exists', record: { ...first, version: 1 } });
    expect(await store.get('openvidu', id(first.roomId))).toEqual({ ...first, version: 1 });
  });

  it('ends 25 racing claims of one id with exactly one owner', async () => {
    const roomId = `race-${++uniq}`;
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) => store.claim(candidate({ roomId, ownerId: `caller-${i}` }), MAX)),
    );
    const winners = results.filter((r) => r.status === 'created');
    expect(winners).toHaveLength(1);
    const owner = winners[0].record!.ownerId;
    expect(new Set(results.map((r) => r.record!.ownerId))).toEqual(new Set([owner]));
    expect((await store.get('openvidu', id(roomId)))?.ownerId).toBe(owner);
  });

  it('keeps a meeting under its provider id and its custom id, and refuses a claim that collides on either', async () => {
    const meeting = candidate({ provider: 'videosdk', roomId: `abcd-${++uniq}`, customId: `custom-${uniq}` });
    await store.claim(meeting, MAX);
    expect(await store.get('videosdk', id(meeting.roomId))).toEqual({ ...meeting, version: 1 });
    expect(await store.get('videosdk', custom(meeting.customId!))).toEqual({ ...meeting, version: 1 });
    expect(await store.get('openvidu', id(meeting.roomId))).toBeNull();

    const collision = await store.claim(
      candidate({ provider: 'videosdk', roomId: `other-${uniq}`, customId: meeting.customId, ownerId: 'bob' }),
      MAX,
    );
    expect(collision.status).toBe('exists');
    expect(collision.record!.ownerId).toBe('alice');
    expect(await store.get('videosdk', id(`other-${uniq}`))).toBeNull();
  });

  it('keeps provider ids and custom ids apart: a custom id spelling another room\'s id reaches neither record', async () => {
    const victim = candidate({ provider: 'videosdk', roomId: `vict-${++uniq}-room`, ownerId: 'victor' });
    await store.claim(victim, MAX);
    // The same text as a custom id is another key: no record, and a claim under it does not touch victor's.
    expect(await store.get('videosdk', custom(victim.roomId))).toBeNull();
    const other = candidate({ provider: 'videosdk', roomId: `mall-${uniq}-room`, customId: victim.roomId, ownerId: 'mallory' });
    expect((await store.claim(other, MAX)).status).toBe('created');
    expect((await store.get('videosdk', id(victim.roomId)))?.ownerId).toBe('victor');
    expect((await store.get('videosdk', custom(victim.roomId)))?.roomId).toBe(other.roomId);
  });

  it('compare-and-set writes only over the version it read, on every key, and keeps the lifetime', async () => {
    const meeting = candidate({ provider: 'videosdk', roomId: `efgh-${++uniq}`, customId: `cas-${uniq}` });
    const { record } = await store.claim(meeting, MAX);
    const restricted = { mode: 'RESTRICTED' as const, allowedUserIds: ['bob'], allowedRoles: [] };

    const updated = await store.compareAndSet(record!, { ownerId: 'alice', access: restricted }, MAX);
    expect(updated).toEqual({ status: 'updated', record: { ...record, access: restricted, version: 2 } });
    // A writer still holding version 1 must not overwrite version 2.
    expect(await store.compareAndSet(record!, { ownerId: 'mallory', access: OPEN_ACCESS }, MAX)).toEqual({ status: 'conflict', record: null });
    const transferred = await store.compareAndSet(updated.record!, { ownerId: 'bob', access: restricted }, MAX);
    expect(transferred.record?.version).toBe(3);
    expect(await store.get('videosdk', id(meeting.roomId))).toEqual({ ...record, ownerId: 'bob', access: restricted, version: 3 });
    expect(await store.get('videosdk', custom(meeting.customId!))).toEqual({ ...record, ownerId: 'bob', access: restricted, version: 3 });
  });

  it('lets exactly one of several concurrent compare-and-sets on one version win', async () => {
    const { record } = await store.claim(candidate(), MAX);
    const outcomes = await Promise.all(
      ['bob', 'carol', 'dave', 'erin'].map((ownerId) => store.compareAndSet(record!, { ownerId, access: OPEN_ACCESS }, MAX)),
    );
    const written = outcomes.filter((o) => o.status === 'updated');
    expect(written).toHaveLength(1);
    expect((await store.get('openvidu', id(record!.roomId)))?.ownerId).toBe(written[0]!.record!.ownerId);
  });

  it('counts live records per owner: a claim over the limit stores nothing, a transfer moves the count', async () => {
    const owner = `counted-${++uniq}`;
    const first = candidate({ ownerId: owner });
    const second = candidate({ ownerId: owner });
    expect((await store.claim(first, 2)).status).toBe('created');
    expect((await store.claim(second, 2)).status).toBe('created');
    expect(await store.ownedCount(owner)).toBe(2);
    const third = candidate({ ownerId: owner });
    expect(await store.claim(third, 2)).toEqual({ status: 'limit', record: null });
    expect(await store.get('openvidu', id(third.roomId))).toBeNull();

    // A transfer to someone already full is refused and changes nothing.
    const full = `full-${uniq}`;
    await store.claim(candidate({ ownerId: full }), 1);
    const held = (await store.get('openvidu', id(first.roomId)))!;
    expect(await store.compareAndSet(held, { ownerId: full, access: OPEN_ACCESS }, 1)).toEqual({ status: 'limit', record: null });
    expect((await store.get('openvidu', id(first.roomId)))?.ownerId).toBe(owner);

    // A transfer to someone with room frees a place for the giver.
    const taker = `taker-${uniq}`;
    expect((await store.compareAndSet(held, { ownerId: taker, access: OPEN_ACCESS }, 2)).status).toBe('updated');
    expect(await store.ownedCount(owner)).toBe(1);
    expect(await store.ownedCount(taker)).toBe(1);
    expect((await store.claim(third, 2)).status).toBe('created');
  });

  it('forgets a record once its lifetime is over, also after an update (which keeps the lifetime)', async () => {
    const shortLived = candidate({ expiresAt: Date.now() + 300, ownerId: `short-${++uniq}` });
    const { record } = await store.claim(shortLived, MAX);
    expect((await store.compareAndSet(record!, { ownerId: shortLived.ownerId, access: OPEN_ACCESS }, MAX)).status).toBe('updated');
    expect(await store.get('openvidu', id(shortLived.roomId))).not.toBeNull();
    expect(await store.ownedCount(shortLived.ownerId)).toBe(1);
    await new Promise((r) => setTimeout(r, 450));
    expect(await store.get('openvidu', id(shortLived.roomId))).toBeNull();
    // An expired record no longer counts against its owner.
    expect(await store.ownedCount(shortLived.ownerId)).toBe(0);
    expect((await store.compareAndSet({ ...shortLived, version: 2 }, { ownerId: 'bob', access: OPEN_ACCESS }, MAX)).status).toBe('conflict');
    // The id is free again.
    expect((await store.claim({ ...shortLived, ownerId: 'bob', expiresAt: Date.now() + 60_000 }, MAX)).status).toBe('created');
  });
});

describe('redis room store when Redis fails', () => {
  it('answers StateUnavailableError within the command timeout when the server hangs, and works again after', async () => {
    const store = new RedisRoomStore(state.redis!, 'hang:');
    redisServer.freeze();
    try {
      const started = Date.now();
      await expect(store.get('openvidu', { space: 'id', id: 'anything' })).rejects.toBeInstanceOf(StateUnavailableError);
      expect(Date.now() - started).toBeLessThan(REDIS_TIMEOUT_MS + 1500);
    } finally {
      redisServer.thaw();
    }
    // The connection survived the freeze: the next command is answered.
    await expect(store.get('openvidu', { space: 'id', id: 'anything' })).resolves.toBeNull();
  });

  it('refuses a malformed record rather than trusting it', async () => {
    const raw = new Redis(redisServer.url);
    try {
      await raw.set('bad:room:openvidu:id:broken', '{"not":"a record"}');
      await expect(new RedisRoomStore(state.redis!, 'bad:').get('openvidu', { space: 'id', id: 'broken' })).rejects.toBeInstanceOf(StateUnavailableError);
    } finally {
      raw.disconnect();
    }
  });

  it('answers StateUnavailableError at once when the server is gone, and never leaks a raw ioredis error', async () => {
    const store = new RedisRoomStore(state.redis!, 'dead:');
    await redisServer.kill();
    try {
      const started = Date.now();
      const failures = await Promise.allSettled([
        store.get('openvidu', { space: 'id', id: 'a' }),
        store.claim(candidate(), 10),
        store.compareAndSet({ ...candidate(), version: 1 }, { ownerId: 'x', access: OPEN_ACCESS }, 10),
      ]);
      expect(Date.now() - started).toBeLessThan(REDIS_TIMEOUT_MS + 1500);
      for (const failure of failures) {
        expect(failure.status).toBe('rejected');
        expect((failure as PromiseRejectedResult).reason).toBeInstanceOf(StateUnavailableError);
      }
    } finally {
      await redisServer.restart();
      expect(await state.waitUntilReady(5000)).toBe(true);
    }
  });
});
