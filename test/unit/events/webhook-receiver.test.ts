/**
 * The delivery pipeline (verify, map, claim, staleness, publish) with the in-memory ledger and bus:
 * an event that could not be published answers 503 and leaves no claim behind, so the provider's
 * retry produces the event; a store that cannot record claims answers 503 too.
 */
import { describe, expect, it } from '@jest/globals';
import pino from 'pino';
import { createMemoryLedger, type DeliveryLedger } from '../../../src/events/delivery-ledger.js';
import { createMemoryRoomEventBus, type RoomEventBus } from '../../../src/events/room-event-bus.js';
import { openviduWebhookSource } from '../../../src/providers/openvidu/openvidu.webhook.js';
import { MemoryRoomStore } from '../../../src/rooms/memory-room-store.js';
import { OPEN_ACCESS } from '../../../src/rooms/room-store.js';
import { roomRecordUpdater } from '../../../src/webhooks/room-events.js';
import { receiveDelivery } from '../../../src/webhooks/webhook-receiver.js';

const SECRET = 'receiver-secret-0123456789abcdef0123456789';
const source = openviduWebhookSource(SECRET);
const headers = { authorization: `Bearer ${SECRET}` };
const delivery = Buffer.from(JSON.stringify({ sessionId: 'r', uniqueSessionId: 'r_1', timestamp: 1772359200000, event: 'sessionCreated' }));
const logger = pino({ level: 'silent' });

describe('receiveDelivery', () => {
  it('answers 503 when the bus refuses the event, and processes the retry', async () => {
    const bus = createMemoryRoomEventBus();
    let refuse = true;
    const flaky: RoomEventBus = { ...bus, publish: (e) => (refuse ? Promise.reject(new Error('bus down')) : bus.publish(e)) };
    const deps = { bus: flaky, ledger: createMemoryLedger(), dedupTtlMs: 60_000, logger };
    const watcher = bus.subscribe('openvidu', 'r');
    expect(await receiveDelivery(source, delivery, headers, deps)).toEqual({ status: 503, result: 'unavailable' });
    refuse = false;
    const retry = await receiveDelivery(source, delivery, headers, deps);
    expect(retry).toMatchObject({ status: 200, result: 'published', event: { type: 'ROOM_STARTED', roomId: 'r' } });
    expect((await watcher.next()).value?.id).toBe(retry.status === 200 ? retry.event?.id : undefined);
    expect(await receiveDelivery(source, delivery, headers, deps)).toEqual({ status: 200, result: 'duplicate' });
  });

  it('answers 503 when claims cannot be recorded, publishing nothing', async () => {
    const bus = createMemoryRoomEventBus();
    const broken: DeliveryLedger = { ...createMemoryLedger(), claim: () => Promise.reject(new Error('store down')) };
    const watcher = bus.subscribe('openvidu', 'r');
    expect(await receiveDelivery(source, delivery, headers, { bus, ledger: broken, dedupTtlMs: 60_000, logger })).toEqual({ status: 503, result: 'unavailable' });
    await bus.publish({ id: 'marker', provider: 'openvidu', roomId: 'r', type: 'ROOM_STARTED', occurredAt: new Date(0).toISOString() });
    expect((await watcher.next()).value?.id).toBe('marker');
  });

  it('gives the same event id to the same delivery on another replica', async () => {
    const ids: (string | undefined)[] = [];
    for (let replica = 0; replica < 2; replica++) {
      const outcome = await receiveDelivery(source, delivery, headers, { bus: createMemoryRoomEventBus(), ledger: createMemoryLedger(), dedupTtlMs: 60_000, logger });
      ids.push(outcome.status === 200 ? outcome.event?.id : undefined);
    }
    expect(ids[0]).toMatch(/^openvidu:[A-Za-z0-9_-]{22}$/);
    expect(ids[1]).toBe(ids[0]);
  });

  it('updates the room record before publishing; a store failure answers 503 and the retry counts the participant once', async () => {
    const store = new MemoryRoomStore(() => 1772359200000);
    await store.claim({ provider: 'openvidu', roomId: 'r', customId: null, ownerId: 'olive', access: OPEN_ACCESS, createdAt: 1772359200000, expiresAt: 1772359200000 + 3_600_000 }, 10);
    const apply = roomRecordUpdater(store);
    let failures = 1;
    const updateRoom: typeof apply = (event, session) => (failures-- > 0 ? Promise.reject(new Error('store down')) : apply(event, session));
    const bus = createMemoryRoomEventBus();
    const watcher = bus.subscribe('openvidu', 'r');
    const deps = { bus, ledger: createMemoryLedger(), dedupTtlMs: 60_000, logger, updateRoom };
    const joined = Buffer.from(JSON.stringify({ sessionId: 'r', uniqueSessionId: 'r_1', timestamp: 1772359201000, event: 'participantJoined', connectionId: 'con_A' }));
    expect(await receiveDelivery(source, joined, headers, deps)).toEqual({ status: 503, result: 'unavailable' });
    expect(await receiveDelivery(source, joined, headers, deps)).toMatchObject({ status: 200, result: 'published', live: 'applied' });
    expect(await receiveDelivery(source, joined, headers, deps)).toEqual({ status: 200, result: 'duplicate' });
    expect((await watcher.next()).value?.type).toBe('PARTICIPANT_JOINED');
    expect(await store.liveState('openvidu', 'r')).toEqual({ life: 'r_1', startedAt: 1772359201000, finishedAt: null, participantCount: 1 });
    await store.close();
  });

  it('publishes events of rooms the gateway holds no record of without creating one', async () => {
    const store = new MemoryRoomStore();
    const outcome = await receiveDelivery(source, delivery, headers, { bus: createMemoryRoomEventBus(), ledger: createMemoryLedger(), dedupTtlMs: 60_000, logger, updateRoom: roomRecordUpdater(store) });
    expect(outcome).toMatchObject({ status: 200, result: 'published', live: 'no_record' });
    expect(await store.get('openvidu', { space: 'id', id: 'r' })).toBeNull();
    await store.close();
  });

  it('tracks live state only for recorded OpenVidu and VideoSDK rooms and only for start, finish, join and leave', async () => {
    const now = 1772359200000;
    const store = new MemoryRoomStore(() => now);
    await store.claim({ provider: 'videosdk', roomId: 'abcd-efgh-ijkl', customId: 'team-sync', ownerId: 'olive', access: OPEN_ACCESS, createdAt: now, expiresAt: now + 3_600_000 }, 10);
    const update = roomRecordUpdater(store);
    const at = new Date(now).toISOString();
    const joined = { id: 'x', roomId: 'abcd-efgh-ijkl', type: 'PARTICIPANT_JOINED' as const, participant: { id: 'p1' }, occurredAt: at };
    expect(await update({ ...joined, provider: 'livekit' })).toBe('untracked');
    expect(await update({ ...joined, provider: 'videosdk', type: 'TRACK_PUBLISHED' })).toBe('untracked');
    expect(await update({ ...joined, provider: 'videosdk', roomId: 'team-sync' })).toBe('no_record');
    expect(await update({ ...joined, provider: 'videosdk' }, 'sess-1')).toBe('applied');
    expect(await store.liveState('videosdk', 'abcd-efgh-ijkl')).toEqual({ life: 'sess-1', startedAt: now, finishedAt: null, participantCount: 1 });
    await store.close();
  });
});
