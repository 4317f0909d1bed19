import type { ModerationParticipant, ModerationTrack, ModerationTrackSource } from '../moderation.types.js';
import type { OpenViduPublisherDto, OpenViduSessionConnectionDto } from './openvidu.dto.js';

/**
 * OpenVidu 2 connections as moderation participants. A connection publishes at most one stream that
 * carries audio and video together; it becomes one track per kind, both with the stream id, because
 * OpenVidu can only unpublish the stream as a whole (there is no server-side mute of one kind).
 * The name comes from the server data the gateway wrote at createConnection (`{ userId, name }`).
 */
export function toOpenViduParticipant(connection: OpenViduSessionConnectionDto): ModerationParticipant | null {
  if (!connection.id || connection.status === 'pending') return null;
  return {
    id: connection.id,
    name: nameFromServerData(connection.serverData),
    joinedAt: typeof connection.activeAt === 'number' && connection.activeAt > 0 ? new Date(connection.activeAt) : null,
    role: connection.role ?? null,
    tracks: (connection.publishers ?? []).flatMap(toOpenViduTracks),
  };
}

export function toOpenViduParticipants(connections: readonly OpenViduSessionConnectionDto[] | null | undefined): ModerationParticipant[] {
  return (connections ?? []).map(toOpenViduParticipant).filter((p): p is ModerationParticipant => p !== null);
}

const VIDEO_SOURCES: Record<string, ModerationTrackSource> = { CAMERA: 'camera', SCREEN: 'screen_share' };

export function toOpenViduTracks(publisher: OpenViduPublisherDto): ModerationTrack[] {
  const media = publisher.mediaOptions ?? {};
  const tracks: ModerationTrack[] = [];
  const screen = media.typeOfVideo === 'SCREEN';
  if (media.hasAudio) tracks.push({ id: publisher.streamId, kind: 'audio', source: screen ? 'screen_share_audio' : 'microphone', muted: media.audioActive === false });
  if (media.hasVideo) {
    tracks.push({ id: publisher.streamId, kind: 'video', source: VIDEO_SOURCES[media.typeOfVideo ?? ''] ?? 'unknown', muted: media.videoActive === false });
  }
  return tracks;
}

/** The `name` of the gateway's server data, or null for data it did not write (free text, other JSON). */
function nameFromServerData(serverData: string | undefined): string | null {
  if (!serverData) return null;
  try {
    const data = JSON.parse(serverData) as unknown;
    const name = (data as { name?: unknown } | null)?.name;
    return typeof name === 'string' && name !== '' ? name : null;
  } catch {
    return null;
  }
}
