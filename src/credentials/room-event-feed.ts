import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { StateUnavailableError } from '../errors/gateway-errors.js';
import type { RoomEventBus } from '../events/room-event-bus.js';
import { RoomEventStreamError, type RoomEventSubscription } from '../events/room-event-subscription.js';
import type { RoomEvent, RoomEventProvider } from '../events/room-event.js';
import type { RoomAccessService } from '../rooms/room-access.service.js';
import { unknownRoomError } from '../rooms/room-ids.js';
import type { ProviderScope } from './request-scope.js';
import { meetingLookup } from './videosdk-credentials.js';

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
 * flows decide it: the room's record when the gateway holds one (owner, join patterns, access), the
 * policy's join patterns for the name otherwise. A room must exist as a credential call would find it:
 * LiveKit rooms are made by joining, so the name is enough; an OpenVidu session or VideoSDK meeting the
 * gateway holds no record of is asked of the provider (OpenVidu GET session, VideoSDK validate), which
 * also follows a VideoSDK custom id to the meetingId the events carry. A room the caller may not join,
 * and one that does not exist, get the same answer (NOT_FOUND, or the join refusal of the name).
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
  async open(caller: AuthenticatedUser, provider: RoomEventProvider, roomId: string, scope: ProviderScope, options: { maxQueued?: number } = {}): Promise<AsyncIterableIterator<RoomEvent>> {
    const watched = await this.authorize(caller, provider, roomId, scope);
    const subscription = this.bus.subscribe(provider, watched, options);
    try {
      await subscription.ready;
    } catch (error) {
      await subscription.return();
      throw toStreamError(error);
    }
    return new CallerRoomEvents(subscription);
  }

  /** The provider's id of the room whose events the caller may watch, or the unknown-room refusal. */
  private async authorize(caller: AuthenticatedUser, provider: RoomEventProvider, roomId: string, scope: ProviderScope): Promise<string> {
    if (provider === 'livekit') return (await this.rooms.authorizeJoin(caller, provider, roomId)).roomId;
    if (provider === 'videosdk') {
      // The lookup runs only for a meeting the gateway holds no record of, after the name's join check.
      return (await this.rooms.authorizeJoin(caller, provider, roomId, meetingLookup(scope.videosdk()))).roomId;
    }
    const decision = await this.rooms.authorizeJoin(caller, provider, roomId);
    if (!decision.record && !(await scope.openvidu().getSession(decision.roomId))) throw unknownRoomError(provider);
    return decision.roomId;
  }
}
