import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { StateUnavailableError } from '../errors/gateway-errors.js';
import type { RoomEventBus } from '../events/room-event-bus.js';
import { RoomEventStreamError, type RoomEventSubscription } from '../events/room-event-subscription.js';
import type { RoomEvent, RoomEventProvider } from '../events/room-event.js';
import type { RoomAccessService } from '../rooms/room-access.service.js';

/** Messages of the errors a live room event stream ends with; both are STATE_UNAVAILABLE (retryable). */
export const STREAM_END_MESSAGES = {
  STATE_UNAVAILABLE: 'The room event bus is unavailable, so events may have been missed; subscribe again shortly.',
  OVERFLOW: 'This subscription fell too far behind the room events and some were dropped; subscribe again.',
} as const;

/**
 * The room event stream as a GraphQL subscription reads it: the bus's stream, whose early end
 * (RoomEventStreamError) is turned into the gateway's STATE_UNAVAILABLE error, so the client sees a
 * stable code instead of a masked internal error.
 */
class CallerRoomEvents implements AsyncIterableIterator<RoomEvent> {
  constructor(private readonly source: RoomEventSubscription) {}

  async next(): Promise<IteratorResult<RoomEvent>> {
    try {
      return await this.source.next();
    } catch (error) {
      throw toStreamError(error);
    }
  }

  return(): Promise<IteratorResult<RoomEvent>> {
    return this.source.return();
  }

  throw(error?: unknown): Promise<IteratorResult<RoomEvent>> {
    void this.source.return();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<RoomEvent> {
    return this;
  }
}

function toStreamError(error: unknown): unknown {
  if (error instanceof RoomEventStreamError) return new StateUnavailableError(error, STREAM_END_MESSAGES[error.reason]);
  return error;
}

/**
 * Who may watch a room's live events: exactly the callers who may join it, decided as the credential
 * flows decide it (the room's record when the gateway holds one: owner, join patterns and access;
 * LiveKit rooms and unrecorded rooms: the policy's join patterns for the name). Anyone else gets what an
 * unknown room gets. VideoSDK: a recorded custom meeting id is followed to the meetingId its events
 * carry; the provider is never asked (watching calls no provider).
 */
export class RoomEventFeed {
  constructor(
    private readonly rooms: RoomAccessService,
    private readonly bus: RoomEventBus,
  ) {}

  /**
   * Authorizes the caller and opens the stream; resolves once the bus delivers to it (Redis SUBSCRIBE
   * acknowledged). Rejects with the join refusal, or STATE_UNAVAILABLE when the bus or the record store
   * cannot be reached.
   */
  async open(caller: AuthenticatedUser, provider: RoomEventProvider, roomId: string, options: { maxQueued?: number } = {}): Promise<AsyncIterableIterator<RoomEvent>> {
    const decision = await this.rooms.authorizeJoin(caller, provider, roomId);
    const subscription = this.bus.subscribe(provider, decision.roomId, options);
    try {
      await subscription.ready;
    } catch (error) {
      await subscription.return();
      throw toStreamError(error);
    }
    return new CallerRoomEvents(subscription);
  }
}
