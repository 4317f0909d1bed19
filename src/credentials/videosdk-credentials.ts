import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { BadUserInputError } from '../errors/gateway-errors.js';
import type { Policy } from '../policy/policy.js';
import type { VideoSdkPermission } from '../policy/policy.types.js';
import type { VideoSdkDataSource } from '../providers/videosdk/videosdk.data-source.js';
import type { MeetingRecord, MeetingValidationRecord } from '../providers/videosdk/videosdk.mapper.js';
import type { RoomAccessService, RoomLookup } from '../rooms/room-access.service.js';
import { unknownRoomError } from '../rooms/room-ids.js';
import type { RoomAccess, RoomRecord } from '../rooms/room-store.js';
import { roomScope } from './room-scope.js';
import type { ProviderScope } from './request-scope.js';

/** A meeting to create, or the one under this custom id to return. */
export interface CreateMeetingRequest {
  customMeetingId?: string | null;
  autoClose?: { type: 'session-ends' | 'session-end-and-deactivate'; durationMinutes: number } | null;
  /** Who besides the owner may join; OPEN when unset. Only the owner may set it. */
  access?: RoomAccess | null;
}

/** The meeting as VideoSDK describes it, and the gateway's ownership of it. */
export interface CreateMeetingResult {
  meeting: MeetingRecord;
  ownership: RoomRecord;
}

export interface VideoSdkTokenRequest {
  /** The meetingId or a custom meeting id; the token is bound to the meetingId it names. */
  meetingId: string;
  /** Unset or empty: the policy's default permissions for the caller there. */
  permissions?: VideoSdkPermission[] | null;
  /** Capped at the policy maximum; the policy default when unset. */
  ttlSeconds?: number | null;
}

export interface IssuedVideoSdkToken {
  token: string;
  /** Always the caller id. */
  participantId: string;
  /** The meetingId the token is bound to (a custom id asked for resolved to it). */
  meetingId: string;
  permissions: VideoSdkPermission[];
  expiresAt: Date;
}

/** The provider lookup the join check uses for a meeting the gateway has no record of (`beforeAsking` runs first, e.g. a check that may throw). */
export function meetingLookup(videosdk: VideoSdkDataSource, beforeAsking?: (id: string) => void): RoomLookup {
  return async (id) => {
    beforeAsking?.(id);
    const { meeting } = await videosdk.validateMeeting(id);
    return meeting && { roomId: meeting.meetingId, customId: meeting.customMeetingId, disabled: meeting.disabled };
  };
}

/**
 * VideoSDK meetings and participant tokens: who may learn of a meeting, the create rules and
 * ownership claim of a meeting, and the join check (custom ids resolved to the meetingId) and
 * permission decision of a token, before VideoSDK is called or a token signed; then the audit line.
 */
export class VideoSdkCredentials {
  constructor(
    private readonly policy: Policy,
    private readonly rooms: RoomAccessService,
  ) {}

  /**
   * What VideoSDK knows of a meeting id. A meeting the caller may not join is answered exactly as an
   * unknown one, and VideoSDK is not asked when the id alone already rules it out.
   */
  async validateMeeting(caller: AuthenticatedUser, meetingId: string, scope: ProviderScope): Promise<MeetingValidationRecord> {
    const unknown: MeetingValidationRecord = { meetingId, valid: false, disabled: false, meeting: null };
    if (!(await this.rooms.mayLearnOf(caller, 'videosdk', meetingId))) return unknown;
    const result = await scope.videosdk().validateMeeting(meetingId);
    // The answer names the provider id: its record (if any) decides too.
    if (result.meeting && !(await this.rooms.mayLearnOf(caller, 'videosdk', meetingId, result.meeting.meetingId))) return unknown;
    return result;
  }

  /**
   * Creates the meeting, or returns the one under the custom id. The first caller to create it owns
   * it; another caller's meeting is read as it is, never sent to VideoSDK again (a create could apply
   * new options).
   */
  async createMeeting(caller: AuthenticatedUser, request: CreateMeetingRequest, scope: ProviderScope): Promise<CreateMeetingResult> {
    const videosdk = scope.videosdk();
    const { access } = request;
    const customId = request.customMeetingId ?? null;
    const setsOptions = Boolean(request.autoClose);
    const existing = await this.rooms.authorizeCreate(caller, 'videosdk', customId, access, setsOptions);
    if (existing && existing.ownerId !== caller.id) {
      const { meeting } = await videosdk.validateMeeting(existing.roomId);
      if (!meeting) throw unknownRoomError('videosdk');
      return { meeting, ownership: existing };
    }
    const meeting = await videosdk.createMeeting({
      customRoomId: customId ?? undefined,
      autoCloseConfig: request.autoClose ? { type: request.autoClose.type, duration: request.autoClose.durationMinutes } : undefined,
    });
    if (customId !== null && meeting.customMeetingId !== customId) {
      // VideoSDK answered with a room known by this id otherwise (e.g. as its meetingId): never claim that one.
      throw new BadUserInputError('This custom id names another VideoSDK meeting; choose another id.', 'customMeetingId');
    }
    // A token may be asked for by either id, so the record is kept under both.
    const claim = await this.rooms.claim(caller, 'videosdk', { roomId: meeting.meetingId, customId }, access, setsOptions);
    if (claim.status === 'created') {
      scope.audit({ event: 'room.created', provider: 'videosdk', room: meeting.meetingId, customId, access: claim.record.access });
    }
    return { meeting, ownership: claim.record };
  }

  /** A participant token as the caller, bound to the meetingId the id asked for names; the owner gets the owner role. */
  async issueToken(caller: AuthenticatedUser, request: VideoSdkTokenRequest, scope: ProviderScope): Promise<IssuedVideoSdkToken> {
    const videosdk = scope.videosdk();
    // A custom id is resolved to the meetingId clients join with: the token's roomId must name that room.
    // For a meeting the gateway has no record of (hence no owner), permissions are refused before VideoSDK is asked.
    const lookup = meetingLookup(videosdk, (id) => this.policy.videoSdkPermissions(caller, request.permissions, { owner: false, rooms: id }));
    const decision = await this.rooms.authorizeJoin(caller, 'videosdk', request.meetingId, lookup);
    const { owner, roomId } = decision;
    const permissions = this.policy.videoSdkPermissions(caller, request.permissions, roomScope(decision, request.meetingId));
    const ttlSeconds = this.policy.ttlSeconds('videosdk', request.ttlSeconds);
    const { token, expiresAt } = await videosdk.issueParticipantToken({ meetingId: roomId, participantId: caller.id, permissions, ttlSeconds });
    scope.audit({ event: 'credential.issued', provider: 'videosdk', room: roomId, owner, permissions, ttlSeconds });
    return { token, participantId: caller.id, meetingId: roomId, permissions, expiresAt };
  }
}
