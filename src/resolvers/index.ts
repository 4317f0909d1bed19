import { RoomEventsResolver } from './events/room-events.resolver.js';
import { LivekitTokenResolver } from './livekit/livekit-token.resolver.js';
import { ModerationResolver } from './moderation/moderation.resolver.js';
import { SessionResolver } from './openvidu/session.resolver.js';
import { RoomResolver } from './rooms/room.resolver.js';
import { MeetingResolver, MeetingRoomResolver } from './videosdk/meeting.resolver.js';
import { ViewerResolver } from './viewer/viewer.resolver.js';

/** The one list of resolver classes, shared by the server, the tests and the schema emitter. */
export const resolvers = [
  ViewerResolver,
  SessionResolver,
  LivekitTokenResolver,
  MeetingResolver,
  MeetingRoomResolver,
  RoomResolver,
  RoomEventsResolver,
  ModerationResolver,
] as const;
