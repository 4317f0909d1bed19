import { parseJsonBody, type ProviderCallScope } from '../http/provider-http.js';
import type { CreateRoomBody, VideoSdkRoomDto } from './videosdk.dto.js';
import { toMeetingRecord, type MeetingRecord, type MeetingValidationRecord } from './videosdk.mapper.js';
import type { VideoSdkHttp } from './videosdk.http.js';
import type { ParticipantTokenRequest, VideoSdkTokenSigner } from './videosdk.token.js';

/** VideoSDK meetings (v2 "rooms") and participant tokens. Built per request; shares the HTTP side (videosdk.http.ts). */
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

  issueParticipantToken(request: ParticipantTokenRequest) {
    return this.signer.participantToken(request);
  }
}
