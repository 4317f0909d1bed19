import { parseJsonBody, type ProviderCallScope } from '../http/provider-http.js';
import type { ModerationParticipant } from '../moderation.types.js';
import type { CreateRoomBody, VideoSdkPageDto, VideoSdkRoomDto } from './videosdk.dto.js';
import { VIDEOSDK_NOT_FOUND_STATUSES } from './videosdk.http.js';
import { toMeetingRecord, type MeetingRecord, type MeetingValidationRecord } from './videosdk.mapper.js';
import type { VideoSdkHttp } from './videosdk.http.js';
import { hasNextPage, liveSessionId, toVideoSdkParticipants } from './videosdk.moderation.mapper.js';
import type { ParticipantTokenRequest, VideoSdkTokenSigner } from './videosdk.token.js';

/** Participants asked for per page of the active-participants listing (VideoSDK's default is 20; its maximum is not documented). */
const PARTICIPANTS_PER_PAGE = 100;
/** At most this many pages are read for one listing, so a huge room costs a bounded number of calls. */
const MAX_PARTICIPANT_PAGES = 10;

/**
 * VideoSDK meetings (v2 "rooms"), participant tokens and moderation of a meeting's live session.
 * Built per request; shares the HTTP side (videosdk.http.ts), where statuses become errors.
 */
export class VideoSdkDataSource {
  constructor(
    private readonly http: VideoSdkHttp,
    private readonly signer: VideoSdkTokenSigner,
    private readonly scope: ProviderCallScope,
  ) {}

  /**
   * Creates a meeting. With `customRoomId` VideoSDK returns the existing room for a repeated id.
   * VideoSDK refusing the parameters (400/422) is BAD_USER_INPUT (videosdk.http.ts).
   */
  async createMeeting(body: CreateRoomBody): Promise<MeetingRecord> {
    const response = await this.http.call(this.scope, {
      operation: 'createMeeting',
      method: 'POST',
      path: 'v2/rooms',
      json: body,
      // With a custom id VideoSDK returns the same room for a repeat; without one a repeat makes another room.
      idempotent: Boolean(body.customRoomId),
    });
    return toMeetingRecord(parseJsonBody<VideoSdkRoomDto>('videosdk', response.body));
  }

  /**
   * Checks a meeting id (or custom id). An unknown id is an answer, not an error: VideoSDK says 400
   * (plain text) or 404, and this returns `valid: false`. A disabled room is reported as not valid.
   */
  async validateMeeting(meetingId: string): Promise<MeetingValidationRecord> {
    const response = await this.http.call(this.scope, {
      operation: 'validateMeeting',
      method: 'GET',
      path: `v2/rooms/validate/${encodeURIComponent(meetingId)}`,
      expectedStatuses: [400, 404],
      idempotent: true,
    });
    if (response.status === 400 || response.status === 404) {
      return { meetingId, valid: false, disabled: false, meeting: null };
    }
    const meeting = toMeetingRecord(parseJsonBody<VideoSdkRoomDto>('videosdk', response.body));
    return { meetingId: meeting.meetingId, valid: !meeting.disabled, disabled: meeting.disabled, meeting };
  }

  /**
   * The participants connected to the meeting's live session, at most
   * PARTICIPANTS_PER_PAGE * MAX_PARTICIPANT_PAGES of them. A meeting without a live session (or one
   * VideoSDK does not know) has none. Reads only, safe to retry. Participants carry no role and no
   * tracks (videosdk.moderation.mapper.ts).
   */
  async listParticipants(roomId: string): Promise<ModerationParticipant[]> {
    const sessionId = await this.findLiveSession(roomId);
    if (!sessionId) return [];
    const participants = new Map<string, ModerationParticipant>();
    for (let page = 1; page <= MAX_PARTICIPANT_PAGES; page += 1) {
      const query = new URLSearchParams({ page: String(page), perPage: String(PARTICIPANTS_PER_PAGE) });
      const response = await this.http.call(this.scope, {
        operation: 'listParticipants',
        method: 'GET',
        path: `v2/sessions/${encodeURIComponent(sessionId)}/participants/active?${query}`,
        // The session ended (and was dropped) between the two calls: nobody is connected.
        expectedStatuses: VIDEOSDK_NOT_FOUND_STATUSES,
        idempotent: true,
      });
      if (VIDEOSDK_NOT_FOUND_STATUSES.includes(response.status)) break;
      const body = parseJsonBody<VideoSdkPageDto>('videosdk', response.body);
      for (const participant of toVideoSdkParticipants(body)) participants.set(participant.id, participant);
      if (!hasNextPage(body)) break;
    }
    return [...participants.values()];
  }

  /**
   * Disconnects a participant (by the participantId of its join token) from the meeting's live session.
   * NOT_FOUND (`participant`) when the meeting has no live session or the participant is not in it,
   * also on a repeat (videosdk.http.ts). Never retried: a POST VideoSDK may already have carried out.
   * VideoSDK's answer body is not read (its shape is not settled).
   */
  async removeParticipant(roomId: string, participantId: string): Promise<void> {
    await this.http.call(this.scope, {
      operation: 'removeParticipant',
      method: 'POST',
      path: 'v2/sessions/participants/remove',
      json: { participantId, roomId },
      idempotent: false,
    });
  }

  /**
   * Ends the meeting's live session for everyone; the meeting stays usable for a new session.
   * `ignoreClosed` makes a meeting without a live session (also a repeat) a success. NOT_FOUND
   * (`meeting`) when VideoSDK does not know the meeting (videosdk.http.ts). Any 2xx is done: the body
   * (a snapshot of the session, possibly taken before it closed) is not read. Never retried.
   */
  async endSession(roomId: string): Promise<void> {
    await this.http.call(this.scope, {
      operation: 'endSession',
      method: 'POST',
      path: 'v2/sessions/end',
      json: { roomId, ignoreClosed: true },
      idempotent: false,
    });
  }

  /** The id of the meeting's live session, or null when it has none (or VideoSDK does not know the meeting). */
  private async findLiveSession(roomId: string): Promise<string | null> {
    const query = new URLSearchParams({ roomId, status: 'ongoing', perPage: '1' });
    const response = await this.http.call(this.scope, {
      operation: 'findLiveSession',
      method: 'GET',
      path: `v2/sessions?${query}`,
      expectedStatuses: VIDEOSDK_NOT_FOUND_STATUSES,
      idempotent: true,
    });
    if (VIDEOSDK_NOT_FOUND_STATUSES.includes(response.status)) return null;
    return liveSessionId(parseJsonBody<VideoSdkPageDto>('videosdk', response.body), roomId);
  }

  issueParticipantToken(request: ParticipantTokenRequest) {
    return this.signer.participantToken(request);
  }
}
