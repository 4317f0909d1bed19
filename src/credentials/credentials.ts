import type { RoomEventBus } from '../events/room-event-bus.js';
import type { Policy } from '../policy/policy.js';
import type { LivekitTokenIssuer } from '../providers/livekit/livekit.token-issuer.js';
import type { RoomAccessService } from '../rooms/room-access.service.js';
import { LivekitCredentials } from './livekit-credentials.js';
import { OpenViduCredentials } from './openvidu-credentials.js';
import { RoomEventFeed } from './room-event-feed.js';
import { RoomModeration } from './room-moderation.js';
import { RoomRecords } from './room-records.js';
import { VideoSdkCredentials } from './videosdk-credentials.js';

/**
 * The credential flows, one per provider. Each one authorizes the room, decides what the credential
 * allows and for how long from the policy (ownership included), signs it or calls the provider, and
 * writes the audit line. Built once; every method takes the caller and a request scope, so any
 * transport can call it. The only code that signs tokens or creates provider rooms.
 */
export interface Credentials {
  livekit: LivekitCredentials;
  openvidu: OpenViduCredentials;
  videosdk: VideoSdkCredentials;
  /** Room records as callers see and change them (owner, access). */
  rooms: RoomRecords;
  /** Live room events for the callers who may join the room (GraphQL subscriptions). */
  roomEvents: RoomEventFeed;
  /** Room moderation (participants, remove, mute, end) for owners and the policy's `moderate` permission. */
  moderation: RoomModeration;
}

export function createCredentials(deps: { policy: Policy; rooms: RoomAccessService; livekit: LivekitTokenIssuer | null; events: RoomEventBus }): Credentials {
  const { policy, rooms } = deps;
  return {
    livekit: new LivekitCredentials(policy, rooms, deps.livekit),
    openvidu: new OpenViduCredentials(policy, rooms),
    videosdk: new VideoSdkCredentials(policy, rooms),
    rooms: new RoomRecords(rooms),
    roomEvents: new RoomEventFeed(rooms, deps.events),
    moderation: new RoomModeration(rooms),
  };
}
