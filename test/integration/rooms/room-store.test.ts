/**
 * The RoomStore contract, run against both implementations: process memory, and Redis on a real
 * redis-server spawned for this file. Then what the Redis store does when its server dies or hangs.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import pino from 'pino';
import { StateUnavailableError } from '../../../src/errors/gateway-errors.js';
import { MemoryRoomStore } from '../../../src/rooms/memory-room-store.js';
import { RedisRoomStore } from '../../../src/rooms/redis-room-store.js';
import { OPEN_ACCESS, type RoomRecord, type RoomStore } from '../../../src/rooms/room-store.js';
import { createRedisState, REDIS_TIMEOUT_MS, type SharedState } from '../../../src/state/shared-state.js';
import { startRedisServer, type TestRedisServer } from '../../support/redis-server.js';

let redisServer: TestRedisServer;
let state: SharedState;
let uniq = 0;

beforeAll(async () => {
  redisServer = await startRedisServer();
  state = createRedisState(redisServer.url, pino({ level: 'silent' }));
  expect(await state.waitUntilReady()).toBe(true);
});
afterAll(async () => {
  await state.close();
  await redisServer.stop();
});

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

  it('claims a free id once; a later claim gets the first owner', async () => {
    const first = candidate();
    const won = await store.claim(first);
    expect(won).toEqual({ created: true, record: { ...first, version: 1 } });
    const lost = await store.claim({ ...first, ownerId: 'bob' });
    expect(lost).toEqual({ created: false, record: { ...first, version: 1 } });
    expect(await store.get('openvidu', first.roomId)).toEqual({ ...first, version: 1 });
  });

  it('ends 25 racing claims of one id with exactly one owner', async () => {
    const roomId = `race-${++uniq}`;
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) => store.claim(candidate({ roomId, ownerId: `caller-${i}` }))),
    );
    const winners = results.filter((r) => r.created);
    expect(winners).toHaveLength(1);
    const owner = winners[0].record.ownerId;
    expect(new Set(results.map((r) => r.record.ownerId))).toEqual(new Set([owner]));
    expect((await store.get('openvidu', roomId))?.ownerId).toBe(owner);
  });

  it('keeps a meeting under both its ids, and refuses a claim that collides on either', async () => {
    const meeting = candidate({ provider: 'videosdk', roomId: `abcd-${++uniq}`, customId: `custom-${uniq}` });
    await store.claim(meeting);
    expect(await store.get('videosdk', meeting.roomId)).toEqual({ ...meeting, version: 1 });
    expect(await store.get('videosdk', meeting.customId!)).toEqual({ ...meeting, version: 1 });
    expect(await store.get('openvidu', meeting.roomId)).toBeNull();

    const collision = await store.claim(candidate({ provider: 'videosdk', roomId: `other-${uniq}`, customId: meeting.customId, ownerId: 'bob' }));
    expect(collision.created).toBe(false);
    expect(collision.record.ownerId).toBe('alice');
    expect(await store.get('videosdk', `other-${uniq}`)).toBeNull();
  });

  it('compare-and-set writes only over the version it read, on every id, and keeps the lifetime', async () => {
    const meeting = candidate({ provider: 'videosdk', roomId: `efgh-${++uniq}`, customId: `cas-${uniq}` });
    const { record } = await store.claim(meeting);
    const restricted = { mode: 'RESTRICTED' as const, allowedUserIds: ['bob'], allowedRoles: [] };

    const updated = await store.compareAndSet(record, { ownerId: 'alice', access: restricted });
    expect(updated).toEqual({ ...record, access: restricted, version: 2 });
    // A writer still holding version 1 must not overwrite version 2.
    expect(await store.compareAndSet(record, { ownerId: 'mallory', access: OPEN_ACCESS })).toBeNull();
    const transferred = await store.compareAndSet(updated!, { ownerId: 'bob', access: restricted });
    expect(transferred?.version).toBe(3);
    for (const id of [meeting.roomId, meeting.customId!]) {
      expect(await store.get('videosdk', id)).toEqual({ ...record, ownerId: 'bob', access: restricted, version: 3 });
    }
  });

  it('lets exactly one of several concurrent compare-and-sets on one version win', async () => {
    const { record } = await store.claim(candidate());
    const outcomes = await Promise.all(
      ['bob', 'carol', 'dave', 'erin'].map((ownerId) => store.compareAndSet(record, { ownerId, access: OPEN_ACCESS })),
    );
    const written = outcomes.filter((o) => o !== null);
    expect(written).toHaveLength(1);
    expect((await store.get('openvidu', record.roomId))?.ownerId).toBe(written[0]!.ownerId);
  });

  it('forgets a record once its lifetime is over, also after an update (which keeps the lifetime)', async () => {
    const shortLived = candidate({ expiresAt: Date.now() + 300 });
    const { record } = await store.claim(shortLived);
    expect(await store.compareAndSet(record, { ownerId: 'alice', access: OPEN_ACCESS })).not.toBeNull();
    expect(await store.get('openvidu', shortLived.roomId)).not.toBeNull();
    await new Promise((r) => setTimeout(r, 450));
    expect(await store.get('openvidu', shortLived.roomId)).toBeNull();
    expect(await store.compareAndSet({ ...shortLived, version: 2 }, { ownerId: 'bob', access: OPEN_ACCESS })).toBeNull();
    // The id is free again.
    expect((await store.claim({ ...shortLived, ownerId: 'bob', expiresAt: Date.now() + 60_000 })).created).toBe(true);
  });
});

describe('redis room store when Redis fails', () => {
  it('answers StateUnavailableError within the command timeout when the server hangs, and works again after', async () => {
    const store = new RedisRoomStore(state.redis!, 'hang:');
    redisServer.freeze();
    try {
      const started = Date.now();
      await expect(store.get('openvidu', 'anything')).rejects.toBeInstanceOf(StateUnavailableError);
      expect(Date.now() - started).toBeLessThan(REDIS_TIMEOUT_MS + 1500);
    } finally {
      redisServer.thaw();
    }
    // The connection survived the freeze: the next command is answered.
    await expect(store.get('openvidu', 'anything')).resolves.toBeNull();
  });

  it('refuses a malformed record rather than trusting it', async () => {
    const raw = new Redis(redisServer.url);
    try {
      await raw.set('bad:room:openvidu:broken', '{"not":"a record"}');
      await expect(new RedisRoomStore(state.redis!, 'bad:').get('openvidu', 'broken')).rejects.toBeInstanceOf(StateUnavailableError);
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
        store.get('openvidu', 'a'),
        store.claim(candidate()),
        store.compareAndSet({ ...candidate(), version: 1 }, { ownerId: 'x', access: OPEN_ACCESS }),
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
