import { ProviderError } from '../../errors/gateway-errors.js';
import type { ModerationParticipant } from '../moderation.types.js';
import type { VideoSdkPageDto, VideoSdkSessionDto, VideoSdkSessionParticipantDto } from './videosdk.dto.js';

/**
 * VideoSDK session answers as moderation data. Pure functions of the parsed body: which session of a
 * room is live, and its connected participants in the shape every provider shares.
 */

function unexpectedShape(): ProviderError {
  return new ProviderError('videosdk', 'The videosdk provider answered with an unexpected session shape.');
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** The session's id, room id and custom room id under either the v2 or the v1 field names. */
export function sessionIds(session: VideoSdkSessionDto): { id: string | null; roomId: string | null; customRoomId: string | null } {
  return {
    id: text(session.id) ?? text(session._id),
    roomId: text(session.roomId) ?? text(session.meetingId),
    customRoomId: text(session.customRoomId) ?? text(session.userMeetingId),
  };
}

/** Live: VideoSDK says `ongoing`, or (no status given) the session has no end yet. */
function isLive(session: VideoSdkSessionDto): boolean {
  return session.status !== undefined ? session.status === 'ongoing' : session.end === null || session.end === undefined;
}

/**
 * The id of the live session of `roomId` in a `GET /v2/sessions` answer, or null when it lists none.
 * A session is taken only when it names this room (by room id or custom id) and is live, so a server
 * that ignored the room or status filter can never hand over another room's or an ended session.
 */
export function liveSessionId(body: VideoSdkPageDto, roomId: string): string | null {
  if (!body || typeof body !== 'object' || !Array.isArray(body.data)) throw unexpectedShape();
  for (const session of body.data) {
    if (!session || typeof session !== 'object') throw unexpectedShape();
    const ids = sessionIds(session);
    if (ids.id && (ids.roomId === roomId || ids.customRoomId === roomId) && isLive(session)) return ids.id;
  }
  return null;
}

/** When the participant's current stint began: the start of its last timelog entry (null when unreadable). */
function joinedAt(participant: VideoSdkSessionParticipantDto): Date | null {
  const last = Array.isArray(participant.timelog) ? participant.timelog.at(-1) : undefined;
  const start = typeof last?.start === 'string' ? new Date(last.start) : null;
  return start && !Number.isNaN(start.getTime()) ? start : null;
}

/** Connected: the last timelog entry is still open (no timelog at all is read as connected: the endpoint lists active ones). */
function isConnected(participant: VideoSdkSessionParticipantDto): boolean {
  const last = Array.isArray(participant.timelog) ? participant.timelog.at(-1) : undefined;
  return !last || last.end === null || last.end === undefined;
}

/**
 * One participant of a VideoSDK session as a moderation participant, or null when it has no
 * participant id or has left. The id is `participantId` (the id from the join token, what removal
 * names), never the internal `_id`.
 * - `role` is null: VideoSDK's `mode` is a media mode (`CONFERENCE`, other values undocumented), not a
 *   role granted to the participant, so it is not passed off as one.
 * - `tracks` is empty: VideoSDK reports no track ids (and has no server-side mute that would name one);
 *   its `events` lists of mic/webcam toggles have an undocumented entry format and are not read.
 */
export function toVideoSdkParticipant(participant: VideoSdkSessionParticipantDto): ModerationParticipant | null {
  if (!participant || typeof participant !== 'object') return null;
  const id = text(participant.participantId);
  if (!id || !isConnected(participant)) return null;
  return { id, name: text(participant.name), joinedAt: joinedAt(participant), role: null, tracks: [] };
}

/**
 * The connected participants in one page of `GET /v2/sessions/{id}/participants/active` (`data` is an
 * array holding the session) or of `/participants` (`data` is the session itself).
 */
export function toVideoSdkParticipants(body: VideoSdkPageDto): ModerationParticipant[] {
  if (!body || typeof body !== 'object') throw unexpectedShape();
  const session = Array.isArray(body.data) ? body.data[0] : body.data;
  if (session === undefined || session === null) return [];
  if (typeof session !== 'object') throw unexpectedShape();
  const participants = session.participants ?? [];
  if (!Array.isArray(participants)) throw unexpectedShape();
  return participants.map(toVideoSdkParticipant).filter((p): p is ModerationParticipant => p !== null);
}

/** Whether the answer says more pages follow the one it holds. */
export function hasNextPage(body: VideoSdkPageDto): boolean {
  const info = body.pageInfo;
  return typeof info?.currentPage === 'number' && typeof info.lastPage === 'number' && info.currentPage < info.lastPage;
}
