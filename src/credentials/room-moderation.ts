import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { NotFoundError, NotSupportedError } from '../errors/gateway-errors.js';
import type { CredentialProvider } from '../policy/policy.types.js';
import type { ModerationParticipant, ModerationTrack } from '../providers/moderation.types.js';
import type { ModerationDecision, RoomAccessService } from '../rooms/room-access.service.js';
import type { VideoSdkDataSource } from '../providers/videosdk/videosdk.data-source.js';
import type { ProviderScope } from './request-scope.js';
import { meetingLookup } from './videosdk-credentials.js';

/** The room a moderation action is about, as the caller names it (a VideoSDK custom id is resolved). */
export interface ModerationTarget {
  provider: CredentialProvider;
  roomId: string;
}

export interface ParticipantTarget extends ModerationTarget {
  /** LiveKit: the identity; OpenVidu: the connection id; VideoSDK: the participant id. */
  participantId: string;
}

export interface MuteTrackRequest extends ParticipantTarget {
  /** LiveKit: the track sid; OpenVidu: the stream id (audio and video share it). */
  trackId: string;
  muted: boolean;
}

/** What a mute did: LiveKit mutes or unmutes the track; OpenVidu 2 unpublishes the whole stream. */
export type TrackModerationEffect = 'muted' | 'unmuted' | 'unpublished';

export interface RoomParticipants {
  /** The provider's id of the room (a VideoSDK custom id resolved to the meetingId). */
  roomId: string;
  participants: ModerationParticipant[];
}

export interface RemovedParticipant {
  roomId: string;
  participantId: string;
}

export interface MutedTrack {
  roomId: string;
  participantId: string;
  trackId: string;
  muted: boolean;
  effect: TrackModerationEffect;
  /** The track as the provider reports it afterwards; null when it no longer exists (unpublished). */
  track: ModerationTrack | null;
}

export interface EndedRoom {
  roomId: string;
  endedAt: Date;
}

/** One provider's moderation calls, bound to the request's provider clients. */
interface ModerationCalls {
  list(roomId: string): Promise<ModerationParticipant[]>;
  remove(roomId: string, participantId: string): Promise<void>;
  mute(roomId: string, participantId: string, trackId: string, muted: boolean): Promise<{ effect: TrackModerationEffect; track: ModerationTrack | null }>;
  end(roomId: string): Promise<void>;
}

function participantNotFound(): NotFoundError {
  return new NotFoundError('The room has no such participant.', 'participant');
}

function trackNotFound(): NotFoundError {
  return new NotFoundError('The participant has no such published track.', 'track');
}

/**
 * LiveKit's RoomService: every call carries a token signed for that call alone (`roomAdmin` + `room`
 * for the participant calls, `roomCreate` for DeleteRoom).
 */
function livekitCalls(scope: ProviderScope): ModerationCalls {
  const livekit = scope.livekitRoomService();
  return {
    list: (room) => livekit.listParticipants(room),
    remove: (room, identity) => livekit.removeParticipant(room, identity),
    async mute(room, identity, trackId, muted) {
      const track = await livekit.muteTrack(room, identity, trackId, muted);
      return { effect: muted ? 'muted' : 'unmuted', track };
    },
    end: (room) => livekit.deleteRoom(room),
  };
}

/**
 * OpenVidu 2: remove is a force-disconnect, end closes the session, and "mute" unpublishes the
 * participant's stream (audio and video together; the connection stays and may publish again). OpenVidu
 * has no call to make a client publish, so unmuting is NOT_SUPPORTED. The stream route does not check
 * whose stream it is, so the participant and its stream are looked up first.
 */
function openviduCalls(scope: ProviderScope): ModerationCalls {
  const openvidu = scope.openvidu();
  return {
    list: (sessionId) => openvidu.listParticipants(sessionId),
    remove: (sessionId, connectionId) => openvidu.forceDisconnect(sessionId, connectionId),
    async mute(sessionId, connectionId, streamId, muted) {
      if (!muted) throw openViduUnmuteNotSupported();
      const participant = (await openvidu.listParticipants(sessionId)).find((p) => p.id === connectionId);
      if (!participant) throw participantNotFound();
      if (!participant.tracks.some((t) => t.id === streamId)) throw trackNotFound();
      await openvidu.forceUnpublish(sessionId, streamId);
      return { effect: 'unpublished', track: null };
    },
    end: (sessionId) => openvidu.closeSession(sessionId),
  };
}

/** VideoSDK: its REST API cannot mute a participant (a client with `allow_mod` can). */
function videoSdkMuteNotSupported(): NotSupportedError {
  return new NotSupportedError(
    'videosdk',
    'muteParticipantTrack',
    'VideoSDK has no server call to mute a participant; a participant with the allow_mod permission can do it from the client SDK.',
  );
}

/**
 * VideoSDK: the meeting's live session (found by the meetingId); remove and end are session calls, and
 * ending a meeting with no live session is already done (a success). Mute has no server call: refused
 * without calling VideoSDK.
 */
function videosdkCalls(videosdk: VideoSdkDataSource): ModerationCalls {
  return {
    list: (meetingId) => videosdk.listParticipants(meetingId),
    remove: (meetingId, participantId) => videosdk.removeParticipant(meetingId, participantId),
    mute: () => Promise.reject(videoSdkMuteNotSupported()),
    end: (meetingId) => videosdk.endSession(meetingId),
  };
}

function openViduUnmuteNotSupported(): NotSupportedError {
  return new NotSupportedError(
    'openvidu',
    'muteParticipantTrack',
    'OpenVidu cannot unmute from the server: muting unpublished the stream, and only the participant can publish it again.',
  );
}

/**
 * Room moderation for the room's owner and for roles with the policy's `moderate` permission there:
 * who is in the room, remove a participant, mute a track, end the room. Every method authorizes first
 * (anyone else gets exactly the NOT_FOUND an unknown room gets, and no provider is called), then calls
 * the provider through the request's clients (the shared deadline, retry and breaker rules), then
 * writes the audit line. Transport-neutral, like the credential flows.
 */
export class RoomModeration {
  constructor(private readonly rooms: RoomAccessService) {}

  /** Who is in the room now, from the provider; a room with no live session has nobody ([]). */
  async participants(caller: AuthenticatedUser, target: ModerationTarget, scope: ProviderScope): Promise<RoomParticipants> {
    const { decision, calls } = await this.authorize(caller, target, scope);
    const participants = await calls.list(decision.roomId);
    scope.audit({ event: 'moderation.participants_listed', ...this.subject(target, decision), participants: participants.length });
    return { roomId: decision.roomId, participants };
  }

  /** Disconnects a participant. NOT_FOUND (`participant`) when the room has no such participant. */
  async removeParticipant(caller: AuthenticatedUser, target: ParticipantTarget, scope: ProviderScope): Promise<RemovedParticipant> {
    const { decision, calls } = await this.authorize(caller, target, scope);
    await calls.remove(decision.roomId, target.participantId);
    scope.audit({ event: 'moderation.participant_removed', ...this.subject(target, decision), participantId: target.participantId });
    return { roomId: decision.roomId, participantId: target.participantId };
  }

  /** Mutes (LiveKit: or unmutes) one published track; OpenVidu unpublishes the stream; VideoSDK: NOT_SUPPORTED. */
  async muteTrack(caller: AuthenticatedUser, request: MuteTrackRequest, scope: ProviderScope): Promise<MutedTrack> {
    const { decision, calls } = await this.authorize(caller, request, scope);
    // A provider that cannot do what is asked refuses here, before it is called (NOT_SUPPORTED).
    const { effect, track } = await calls.mute(decision.roomId, request.participantId, request.trackId, request.muted);
    scope.audit({
      event: 'moderation.track_muted',
      ...this.subject(request, decision),
      participantId: request.participantId,
      trackId: request.trackId,
      muted: request.muted,
      effect,
    });
    return { roomId: decision.roomId, participantId: request.participantId, trackId: request.trackId, muted: request.muted, effect, track };
  }

  /** Ends the live session for everyone. NOT_FOUND when the provider has no such live room. */
  async endRoom(caller: AuthenticatedUser, target: ModerationTarget, scope: ProviderScope): Promise<EndedRoom> {
    const { decision, calls } = await this.authorize(caller, target, scope);
    await calls.end(decision.roomId);
    scope.audit({ event: 'moderation.room_ended', ...this.subject(target, decision) });
    return { roomId: decision.roomId, endedAt: new Date() };
  }

  /** The authorization decision (rooms module), and the provider's calls for this request. */
  private async authorize(caller: AuthenticatedUser, target: ModerationTarget, scope: ProviderScope): Promise<{ decision: ModerationDecision; calls: ModerationCalls }> {
    if (target.provider === 'videosdk') {
      const videosdk = scope.videosdk();
      const decision = await this.rooms.authorizeModeration(caller, 'videosdk', target.roomId, meetingLookup(videosdk));
      return { decision, calls: videosdkCalls(videosdk) };
    }
    // Configuration first: a gateway without the provider says so to everyone, as the token flows do.
    const calls = target.provider === 'livekit' ? livekitCalls(scope) : openviduCalls(scope);
    return { decision: await this.rooms.authorizeModeration(caller, target.provider, target.roomId), calls };
  }

  private subject(target: ModerationTarget, decision: ModerationDecision) {
    return { provider: target.provider, room: decision.roomId, right: decision.right };
  }
}
