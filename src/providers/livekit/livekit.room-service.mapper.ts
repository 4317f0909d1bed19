/**
 * LiveKit RoomService answers as the gateway reads them. A self-hosted server writes protobuf field
 * names (snake_case) and every field; LiveKit Cloud's casing is not confirmed, so both casings are read.
 * A field left out means its default: an audio track may carry no `type` (AUDIO is 0), a track no
 * `source` (UNKNOWN), an unmuted track no `muted`.
 */
import type { ModerationParticipant, ModerationTrack, ModerationTrackKind, ModerationTrackSource } from '../moderation.types.js';

/** TrackInfo as either casing writes it (only the fields the gateway reads). */
export interface LivekitTrackInfoDto {
  sid?: string;
  type?: string;
  source?: string;
  muted?: boolean;
}

/** ParticipantInfo as either casing writes it (only the fields the gateway reads). */
export interface LivekitParticipantInfoDto {
  sid?: string;
  identity?: string;
  name?: string;
  state?: string;
  tracks?: LivekitTrackInfoDto[] | null;
  joined_at?: string | number;
  joinedAt?: string | number;
  joined_at_ms?: string | number;
  joinedAtMs?: string | number;
}

const KINDS: Record<string, ModerationTrackKind> = { AUDIO: 'audio', VIDEO: 'video', DATA: 'data' };
const SOURCES: Record<string, ModerationTrackSource> = {
  CAMERA: 'camera',
  MICROPHONE: 'microphone',
  SCREEN_SHARE: 'screen_share',
  SCREEN_SHARE_AUDIO: 'screen_share_audio',
};

export function toModerationTrack(track: LivekitTrackInfoDto): ModerationTrack {
  return {
    id: track.sid ?? '',
    kind: KINDS[track.type ?? 'AUDIO'] ?? 'data',
    source: SOURCES[track.source ?? ''] ?? 'unknown',
    muted: track.muted === true,
  };
}

/** A participant, or null for one that has already left (state DISCONNECTED) or carries no identity. */
export function toModerationParticipant(info: LivekitParticipantInfoDto): ModerationParticipant | null {
  if (!info.identity || info.state === 'DISCONNECTED') return null;
  return {
    id: info.identity,
    name: info.name ? info.name : null,
    joinedAt: joinedAt(info),
    role: null,
    tracks: (info.tracks ?? []).map(toModerationTrack),
  };
}

export function toModerationParticipants(list: readonly LivekitParticipantInfoDto[] | null | undefined): ModerationParticipant[] {
  return (list ?? []).map(toModerationParticipant).filter((p): p is ModerationParticipant => p !== null);
}

/** Milliseconds when given, else seconds; int64 values arrive as strings; 0 (unset) is no time. */
function joinedAt(info: LivekitParticipantInfoDto): Date | null {
  const ms = Number(info.joined_at_ms ?? info.joinedAtMs ?? 0);
  if (Number.isFinite(ms) && ms > 0) return new Date(ms);
  const s = Number(info.joined_at ?? info.joinedAt ?? 0);
  return Number.isFinite(s) && s > 0 ? new Date(s * 1000) : null;
}
