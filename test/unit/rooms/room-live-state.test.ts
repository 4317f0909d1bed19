/**
 * The live-state rules of a room record, with no sockets: the shared table of event sequences through
 * the memory store (an injected clock), what webhooks may and may not do to records (never create
 * one, never outlive one), and the mapping from a RoomEvent.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { MemoryRoomStore } from '../../../src/rooms/memory-room-store.js';
import { classifyLiveEvent, liveEventOf, liveStatus, NOT_STARTED } from '../../../src/rooms/room-live-state.js';
import { OPEN_ACCESS } from '../../../src/rooms/room-store.js';
import { applySteps, claimLiveRoom, LIVE_CASES, T } from '../../support/live-state-cases.js';

const HOUR = 3_600_000;

describe('room live state (memory store)', () => {
  let now = T;
  let store: MemoryRoomStore;
  let uniq = 0;
  beforeEach(() => {
    now = T;
    store = new MemoryRoomStore(() => now);
  });
  afterEach(() => store.close());

  const claim = (roomId: string, ttlMs = HOUR) => claimLiveRoom(store, roomId, now, ttlMs, 10);

  it.each(LIVE_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const roomId = await claim(`live-${++uniq}`);
    const results = await applySteps(store, roomId, c.steps);
    expect(results).toEqual(c.steps.map((s) => s.result));
    expect(await store.liveState('openvidu', roomId)).toEqual(c.final);
  });

  it('creates nothing for a room the gateway holds no record of, so a later record starts NOT_STARTED', async () => {
    expect(await store.applyLiveEvent('openvidu', 'unknown', { type: 'ROOM_STARTED', at: T, life: 'L1' })).toBe('no_record');
    expect(await store.applyLiveEvent('openvidu', 'unknown', { type: 'PARTICIPANT_JOINED', at: T, participantId: 'a' })).toBe('no_record');
    expect(await store.get('openvidu', { space: 'id', id: 'unknown' })).toBeNull();
    expect(await store.liveState('openvidu', 'unknown')).toEqual(NOT_STARTED);
    await claim('unknown');
    expect(await store.liveState('openvidu', 'unknown')).toEqual(NOT_STARTED);
  });

  it('keys live state by provider: an OpenVidu event never touches a VideoSDK record of the same id', async () => {
    await store.claim({ provider: 'videosdk', roomId: 'same-id', customId: null, ownerId: 'olive', access: OPEN_ACCESS, createdAt: now, expiresAt: now + HOUR }, 10);
    expect(await store.applyLiveEvent('openvidu', 'same-id', { type: 'ROOM_STARTED', at: T })).toBe('no_record');
    expect(await store.liveState('videosdk', 'same-id')).toEqual(NOT_STARTED);
  });

  it('forgets the live state with the record: a new record under the same id starts fresh', async () => {
    const roomId = await claim('short-lived', 1000);
    await store.applyLiveEvent('openvidu', roomId, { type: 'PARTICIPANT_JOINED', at: T, participantId: 'a', life: 'L1' });
    expect((await store.liveState('openvidu', roomId)).participantCount).toBe(1);
    now += 1000;
    expect(await store.liveState('openvidu', roomId)).toEqual(NOT_STARTED);
    expect(await store.applyLiveEvent('openvidu', roomId, { type: 'PARTICIPANT_JOINED', at: now, participantId: 'b', life: 'L1' })).toBe('no_record');
    await claim(roomId);
    expect(await store.liveState('openvidu', roomId)).toEqual(NOT_STARTED);
  });
});

describe('live-state helpers', () => {
  it('reads the status from the state', () => {
    expect(liveStatus(NOT_STARTED)).toBe('NOT_STARTED');
    expect(liveStatus({ ...NOT_STARTED, startedAt: T })).toBe('LIVE');
    expect(liveStatus({ ...NOT_STARTED, startedAt: T, finishedAt: T + 1 })).toBe('FINISHED');
    expect(liveStatus({ ...NOT_STARTED, finishedAt: T })).toBe('FINISHED');
  });

  it('classifies a finished life: same life stale, other life at or after the finish new', () => {
    const done = { life: 'L1', startedAt: T, finishedAt: T + 100, participantCount: 0 };
    expect(classifyLiveEvent(done, { type: 'PARTICIPANT_JOINED', at: T + 500, life: 'L1', participantId: 'a' })).toBe('stale');
    expect(classifyLiveEvent(done, { type: 'PARTICIPANT_JOINED', at: T + 100, life: 'L2', participantId: 'a' })).toBe('new_life');
    expect(classifyLiveEvent(done, { type: 'PARTICIPANT_JOINED', at: T + 500, participantId: 'a' })).toBe('stale');
    expect(classifyLiveEvent(done, { type: 'ROOM_STARTED', at: T + 101 })).toBe('new_life');
    expect(classifyLiveEvent(done, { type: 'ROOM_FINISHED', at: T + 50, life: 'L1' })).toBe('current');
  });

  it('maps the four live event types of a RoomEvent and leaves the others out', () => {
    const base = { id: 'openvidu:x', provider: 'openvidu' as const, roomId: 'r', occurredAt: new Date(T).toISOString() };
    expect(liveEventOf({ ...base, type: 'PARTICIPANT_JOINED', participant: { id: 'con_1', name: 'Ann' } }, 'r_1')).toEqual({
      type: 'PARTICIPANT_JOINED',
      at: T,
      life: 'r_1',
      participantId: 'con_1',
    });
    expect(liveEventOf({ ...base, type: 'ROOM_FINISHED' })).toEqual({ type: 'ROOM_FINISHED', at: T });
    expect(liveEventOf({ ...base, type: 'TRACK_PUBLISHED', participant: { id: 'con_1' } })).toBeNull();
    expect(liveEventOf({ ...base, type: 'RECORDING_STARTED' })).toBeNull();
  });
});
