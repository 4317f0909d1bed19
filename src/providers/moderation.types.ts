/** Room moderation as every provider answers it: a room's participants and their published tracks. */

export type ModerationTrackKind = 'audio' | 'video' | 'data';
export type ModerationTrackSource = 'camera' | 'microphone' | 'screen_share' | 'screen_share_audio' | 'unknown';

/** One published track of a participant. */
export interface ModerationTrack {
  /** The provider's id for what muting names (LiveKit: the track sid; OpenVidu: the stream id). */
  id: string;
  kind: ModerationTrackKind;
  source: ModerationTrackSource;
  muted: boolean;
}

/** A participant of a room, the same shape for every provider. */
export interface ModerationParticipant {
  /** The provider's stable participant id (LiveKit: the identity; OpenVidu: the connection id; VideoSDK: the participantId of the join token). */
  id: string;
  name: string | null;
  joinedAt: Date | null;
  /** The participant's role when the provider knows it (OpenVidu), else null (LiveKit, VideoSDK). */
  role: string | null;
  /** Always empty for VideoSDK, which reports no track ids. */
  tracks: ModerationTrack[];
}
