/**
 * The Redis room event bus and delivery ledger on a real redis-server: two bus instances (two
 * replicas) on one server, an event published on one reaching subscribers on the other; claims shared
 * across clients; and what publishers and subscribers see when Redis dies and comes back.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pino from 'pino';
import { createRedisLedger } from '../../../src/events/delivery-ledger.js';
import { createRedisRoomEventBus, type RoomEventBus } from '../../../src/events/room-event-bus.js';
import type { RoomEvent } from '../../../src/events/room-event.js';
import { createRedisState, type SharedState } from '../../../src/state/shared-state.js';
import { startRedisServer, type TestRedisServer } from '../../support/redis-server.js';

const silent = pino({ level: 'silent' });
const event = (id: string, roomId: string): RoomEvent => ({ id, provider: 'livekit', roomId, type: 'ROOM_STARTED', occurredAt: '2026-03-01T10:00:00.000Z' });

describe('Redis room event bus', () => {
  let redisServer: TestRedisServer;
  let stateA: SharedState;
  let stateB: SharedState;
  let busA: RoomEventBus;
  let busB: RoomEventBus;

  beforeAll(async () => {
    redisServer = await startRedisServer();
    stateA = createRedisState(redisServer.url, silent);
    stateB = createRedisState(redisServer.url, silent);
    expect(await stateA.waitUntilReady()).toBe(true);
    expect(await stateB.waitUntilReady()).toBe(true);
    busA = createRedisRoomEventBus(stateA.redis!, silent);
    busB = createRedisRoomEventBus(stateB.redis!, silent);
  });

  afterAll(async () => {
    await busA.close();
    await busB.close();
    await stateA.close();
    await stateB.close();
    await redisServer.stop();
  });

  it('delivers an event published on one replica to the room subscribers of both, and only theirs', async () => {
    const onB = busB.subscribe('livekit', 'shared');
    const onA = busA.subscribe('livekit', 'shared');
    const otherRoom = busB.subscribe('livekit', 'shared-2');
    await Promise.all([onB.ready, onA.ready, otherRoom.ready]);
    await busA.publish(event('e1', 'shared'));
    await busA.publish(event('e2', 'shared-2'));
    expect((await onB.next()).value).toEqual(event('e1', 'shared'));
    expect((await onA.next()).value).toEqual(event('e1', 'shared'));
    expect((await otherRoom.next()).value?.id).toBe('e2');
    await Promise.all([onA.return(), onB.return(), otherRoom.return()]);
  });

  it('keeps room channels apart even when ids contain the separator', async () => {
    const a = busB.subscribe('livekit', 'x:1');
    await a.ready;
    await busA.publish(event('colon', 'x'));
    await busA.publish(event('e3', 'x:1'));
    expect((await a.next()).value?.id).toBe('e3');
    await a.return();
  });

  it('shares delivery claims between replicas, with the TTL given', async () => {
    const ledgerA = createRedisLedger(stateA.redis!);
    const ledgerB = createRedisLedger(stateB.redis!);
    expect(await ledgerA.claim('shared-claim', 60_000)).toBe(true);
    expect(await ledgerB.claim('shared-claim', 60_000)).toBe(false);
    const ttl = await stateA.redis!.pttl('callgate:webhook-seen:shared-claim');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    await ledgerB.release('shared-claim');
    expect(await ledgerA.claim('shared-claim', 60_000)).toBe(true);
    await ledgerA.markFinished('livekit', 'done', { at: 5, session: 'RM_1' }, 60_000);
    expect(await ledgerB.finishedAt('livekit', 'done')).toEqual({ at: 5, session: 'RM_1' });
  });

  it('fails publishing and tells subscribers when Redis dies, then works again once it is back', async () => {
    const watcher = busB.subscribe('livekit', 'outage');
    await watcher.ready;
    const pending = watcher.next();
    await redisServer.kill();
    await expect(pending).rejects.toMatchObject({ name: 'RoomEventStreamError', reason: 'STATE_UNAVAILABLE' });
    expect(watcher.closed).toBe(true);
    await expect(busA.publish(event('lost', 'outage'))).rejects.toThrow();
    const during = busB.subscribe('livekit', 'outage');
    await expect(during.ready).rejects.toMatchObject({ reason: 'STATE_UNAVAILABLE' });
    await expect(during.next()).rejects.toMatchObject({ reason: 'STATE_UNAVAILABLE' });
    await expect(createRedisLedger(stateA.redis!).claim('during-outage', 60_000)).rejects.toThrow();

    await redisServer.restart();
    expect(await stateA.waitUntilReady(10_000)).toBe(true);
    expect(await stateB.waitUntilReady(10_000)).toBe(true);
    // The subscriber connection reconnects on its own schedule: try until a subscription is acknowledged.
    let after = busB.subscribe('livekit', 'outage');
    for (let attempt = 0; attempt < 20; attempt++) {
      if (await after.ready.then(() => true, () => false)) break;
      after = busB.subscribe('livekit', 'outage');
    }
    await after.ready;
    await busA.publish(event('back', 'outage'));
    expect((await after.next()).value?.id).toBe('back');
    await after.return();
  });
});
