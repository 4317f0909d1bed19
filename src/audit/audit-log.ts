import type { Logger } from 'pino';
import type { CredentialProvider, LivekitJoinGrants, OpenViduRole, VideoSdkPermission } from '../policy/policy.types.js';
import type { RoomAccess } from '../rooms/room-store.js';

/** What was issued or changed. Never a token: only what it allows, for whom, for how long. */
export type AuditEvent =
  | {
      event: 'credential.issued';
      provider: 'livekit';
      room: string;
      owner: boolean;
      grants: LivekitJoinGrants;
      ttlSeconds: number;
      /** The agents the token has LiveKit dispatch (names only), when it asks for any. */
      agents?: string[];
    }
  | { event: 'credential.issued'; provider: 'openvidu'; room: string; owner: boolean; role: OpenViduRole; connectionId: string; ttlSeconds: null }
  | {
      event: 'credential.issued';
      provider: 'videosdk';
      room: string;
      owner: boolean;
      permissions: VideoSdkPermission[];
      ttlSeconds: number;
    }
  | { event: 'room.created'; provider: 'openvidu' | 'videosdk'; room: string; customId: string | null; access: RoomAccess }
  | { event: 'room.access_updated'; provider: 'openvidu' | 'videosdk'; room: string; access: RoomAccess }
  | { event: 'room.ownership_transferred'; provider: 'openvidu' | 'videosdk'; room: string; newOwnerId: string }
  | ModerationAuditEvent;

/**
 * A moderation action (src/credentials/room-moderation.ts): `right` says why the caller was allowed
 * (`owner` of the room's record, or the policy's `moderate` permission); `room` is the provider's id.
 */
export type ModerationAuditEvent = { provider: CredentialProvider; room: string; right: 'owner' | 'moderate' } & (
  | { event: 'moderation.participants_listed'; participants: number }
  | { event: 'moderation.participant_removed'; participantId: string }
  | { event: 'moderation.track_muted'; participantId: string; trackId: string; muted: boolean; effect: 'muted' | 'unmuted' | 'unpublished' }
  | { event: 'moderation.room_ended' }
);

/** Who an audit line is about: the gateway's request id, the caller and the client's own request id. */
export interface AuditSubject {
  /** The gateway's request id (generated, never taken from the client). */
  requestId: string;
  callerId: string | null;
  /** The client's `x-request-id`, sanitized (server/request-id.ts); a separate field, never the reqId. */
  clientRequestId?: string;
}

/**
 * Writes one structured audit line (`msg: "audit"`, `reqId`, `clientRequestId`, `callerId`,
 * `audit: {...}`) through the root logger; the ids and caller are repeated inside `audit` so a log
 * pipeline can forward the object alone.
 */
export function writeAudit(logger: Logger, who: AuditSubject, event: AuditEvent): void {
  logger.info(
    {
      reqId: who.requestId,
      clientRequestId: who.clientRequestId,
      callerId: who.callerId ?? undefined,
      audit: { ...event, callerId: who.callerId, requestId: who.requestId, clientRequestId: who.clientRequestId },
    },
    'audit',
  );
}
