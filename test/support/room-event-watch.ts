/**
 * Observing a room on an event bus without waiting on the clock: subscribe, run the deliveries, then
 * publish a marker event on the same bus; everything the subscriber reads before the marker is what
 * the deliveries produced (an empty list proves that none did).
 */
import type { RoomEventBus } from '../../src/events/room-event-bus.js';
import type { RoomEvent, RoomEventProvider } from '../../src/events/room-event.js';

let markers = 0;

export async function eventsDuring(bus: RoomEventBus, provider: RoomEventProvider, roomId: string, send: () => Promise<unknown>): Promise<RoomEvent[]> {
  const subscription = bus.subscribe(provider, roomId);
  await subscription.ready;
  await send();
  const id = `marker-${++markers}`;
  await bus.publish({ id, provider, roomId, type: 'ROOM_STARTED', occurredAt: new Date().toISOString() });
  const seen: RoomEvent[] = [];
  for await (const e of subscription) {
    if (e.id === id) break;
    seen.push(e);
  }
  return seen;
}
