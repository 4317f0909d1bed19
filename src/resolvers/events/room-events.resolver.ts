import { Arg, Authorized, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { Context } from '../../context/context.js';
import { UnauthenticatedError } from '../../errors/gateway-errors.js';
import type { RoomEvent as RoomEventRecord } from '../../events/room-event.js';
import { assertRoomNameArgument } from '../../schema/validators.js';
import { ProviderEnum } from '../provider.enum.js';
import { RoomEvent, toRoomEvent } from './room-event.type.js';

interface RoomEventsArgs {
  provider: ProviderEnum;
  roomId: string;
}

/** Opens the caller's stream of one room's events; the feed (src/credentials/) decides who may watch. */
function subscribeRoomEvents({ args, context }: SubscribeResolverData<unknown, RoomEventsArgs, Context>): Promise<AsyncIterableIterator<RoomEventRecord>> {
  const { provider, roomId } = args;
  if (!context.user) throw new UnauthenticatedError();
  assertRoomNameArgument(roomId, 'roomId');
  return context.credentials.roomEvents.open(context.user, provider, roomId, context.scope);
}

@Resolver()
export class RoomEventsResolver {
  @Authorized()
  @Subscription(() => RoomEvent, {
    subscribe: subscribeRoomEvents,
    description:
      'Live events of one room (joins, leaves, tracks, recordings, start and end), over WebSocket (graphql-ws) on /graphql, for callers who may join the room. The stream ends with STATE_UNAVAILABLE when events could have been missed.',
  })
  roomEvents(
    @Arg('provider', () => ProviderEnum) _provider: ProviderEnum,
    @Arg('roomId', { description: 'The LiveKit room name, OpenVidu session id, or VideoSDK meetingId (or a customMeetingId the gateway created).' }) _roomId: string,
    @Root() event: RoomEventRecord,
  ): RoomEvent {
    return toRoomEvent(event);
  }
}
