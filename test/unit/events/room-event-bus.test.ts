/** The in-process bus and the subscriber iterator it hands out (bounded queue, end and error). */
import { describe, expect, it } from '@jest/globals';
import { createMemoryRoomEventBus } from '../../../src/events/room-event-bus.js';
import { RoomEventStreamError, RoomEventSubscription } from '../../../src/events/room-event-subscription.js';
import type { RoomEvent } from '../../../src/events/room-event.js';

const event = (id: string, roomId = 'r1', provider: RoomEvent['provider'] = 'livekit'): RoomEvent => ({
  id,
  provider,
  roomId,
  type: 'PARTICIPANT_JOINED',
  participant: { id: 'ada' },
  occurredAt: '2026-03-01T10:00:00.000Z',
});

describe('memory room event bus', () => {
  it('delivers an event to every subscriber of its room only', async () => {
    const bus = createMemoryRoomEventBus();
    const a = bus.subscribe('livekit', 'r1');
    const b = bus.subscribe('livekit', 'r1');
    const other = bus.subscribe('livekit', 'r2');
    const otherProvider = bus.subscribe('openvidu', 'r1');
    await bus.publish(event('e1'));
    expect((await a.next()).value).toEqual(event('e1'));
    expect((await b.next()).value).toEqual(event('e1'));
    await bus.publish(event('e2', 'r2'));
    expect((await other.next()).value?.id).toBe('e2');
    await bus.close();
    expect(await otherProvider.next()).toEqual({ value: undefined, done: true });
  });

  it('resolves a waiting reader when an event arrives', async () => {
    const bus = createMemoryRoomEventBus();
    const s = bus.subscribe('livekit', 'r1');
    const pending = s.next();
    await bus.publish(event('e1'));
    expect((await pending).value?.id).toBe('e1');
  });

  it('stops delivering to a subscriber that returned (a for-await break)', async () => {
    const bus = createMemoryRoomEventBus();
    const s = bus.subscribe('livekit', 'r1');
    await bus.publish(event('e1'));
    for await (const e of s) {
      expect(e.id).toBe('e1');
      break;
    }
    await bus.publish(event('e2'));
    expect(s.closed).toBe(true);
    expect(await s.next()).toEqual({ value: undefined, done: true });
  });

  it('is iterable in publication order', async () => {
    const bus = createMemoryRoomEventBus();
    const s = bus.subscribe('livekit', 'r1');
    for (const id of ['e1', 'e2', 'e3']) await bus.publish(event(id));
    const seen: string[] = [];
    for await (const e of s) {
      seen.push(e.id);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual(['e1', 'e2', 'e3']);
  });
});

describe('RoomEventSubscription', () => {
  it('fails with OVERFLOW when the reader falls more than maxQueued behind, and detaches', async () => {
    const detached: RoomEventSubscription[] = [];
    const s = new RoomEventSubscription(2, (x) => detached.push(x));
    s.push(event('e1'));
    s.push(event('e2'));
    s.push(event('e3'));
    expect(detached).toEqual([s]);
    await expect(s.next()).rejects.toMatchObject({ name: 'RoomEventStreamError', reason: 'OVERFLOW' });
    expect(await s.next()).toEqual({ value: undefined, done: true });
  });

  it('rejects a pending read when failed, then reports done', async () => {
    const s = new RoomEventSubscription(10, () => undefined);
    const pending = s.next();
    s.fail(new RoomEventStreamError('STATE_UNAVAILABLE', 'bus gone'));
    await expect(pending).rejects.toMatchObject({ reason: 'STATE_UNAVAILABLE' });
    expect(await s.next()).toEqual({ value: undefined, done: true });
  });

  it('lets queued events be read after a normal end', async () => {
    const s = new RoomEventSubscription(10, () => undefined);
    s.push(event('e1'));
    s.end();
    s.push(event('e2'));
    expect((await s.next()).value?.id).toBe('e1');
    expect(await s.next()).toEqual({ value: undefined, done: true });
  });
});
