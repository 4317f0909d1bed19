import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import type { Policy } from '../policy/policy.js';
import type { OpenViduRole } from '../policy/policy.types.js';
import type { OpenViduConnectionRecord, OpenViduSessionRecord } from '../providers/openvidu/openvidu.mapper.js';
import type { RoomAccessService } from '../rooms/room-access.service.js';
import { unknownRoomError } from '../rooms/room-ids.js';
import type { RoomAccess, RoomRecord } from '../rooms/room-store.js';
import { roomScope } from './room-scope.js';
import type { ProviderScope } from './request-scope.js';

/** A session to create, or the one under this custom id to return. */
export interface CreateSessionRequest {
  customSessionId?: string | null;
  mediaMode?: string | null;
  /** `ALWAYS` records the session from the start, which needs a role with `openvidu.recording`. */
  recordingMode?: string | null;
  forcedVideoCodec?: string | null;
  allowTranscoding?: boolean | null;
  /** Who besides the owner may join; OPEN when unset. Only the owner may set it. */
  access?: RoomAccess | null;
}

/** The session as OpenVidu describes it, and the gateway's ownership of it. */
export interface OpenViduSessionResult {
  session: OpenViduSessionRecord;
  ownership: RoomRecord;
}

/** A connection (a single-use join token) to ask for in a session. */
export interface CreateConnectionRequest {
  sessionId: string;
  /** Unset: the policy's default role for the caller there. */
  role?: OpenViduRole | null;
  /** Whether the connection is recorded (INDIVIDUAL recording); needs a role with `openvidu.recording`. */
  recorded?: boolean | null;
}

/**
 * OpenVidu sessions and connections: the create rules and ownership claim of a session, and the join
 * check and role decision of a connection, before OpenVidu is called; then the audit line.
 */
export class OpenViduCredentials {
  constructor(
    private readonly policy: Policy,
    private readonly rooms: RoomAccessService,
  ) {}

  /**
   * Creates the session, or returns the one under the custom id. The first caller to create it owns it;
   * another caller's session is read as it is, never sent to OpenVidu again (options could change it).
   */
  async createSession(caller: AuthenticatedUser, request: CreateSessionRequest, scope: ProviderScope): Promise<OpenViduSessionResult> {
    const openvidu = scope.openvidu();
    const { access, customSessionId } = request;
    // A session recorded from the start is a recording grant, checked on top of the create rules.
    if (request.recordingMode === 'ALWAYS') this.policy.assertMayCreate(caller, 'openvidu', customSessionId, { recording: true });
    const options = [request.mediaMode, request.recordingMode, request.forcedVideoCodec, request.allowTranscoding];
    const setsOptions = options.some((option) => option !== undefined && option !== null);
    const existing = await this.rooms.authorizeCreate(caller, 'openvidu', customSessionId, access, setsOptions);
    if (existing && existing.ownerId !== caller.id) {
      const current = await openvidu.getSession(existing.roomId);
      if (!current) throw unknownRoomError('openvidu');
      return { session: { ...current, alreadyExisted: true }, ownership: existing };
    }
    const session = await openvidu.createSession({
      customSessionId: customSessionId ?? undefined,
      mediaMode: request.mediaMode ?? undefined,
      recordingMode: request.recordingMode ?? undefined,
      forcedVideoCodec: request.forcedVideoCodec ?? undefined,
      allowTranscoding: request.allowTranscoding ?? undefined,
    });
    const claim = await this.rooms.claim(caller, 'openvidu', { roomId: session.id, customId: null }, access, setsOptions);
    if (claim.status === 'created') {
      scope.audit({ event: 'room.created', provider: 'openvidu', room: session.id, customId: null, access: claim.record.access });
    }
    return { session, ownership: claim.record };
  }

  /** A connection as the caller, in a session the caller may join; the session owner gets the policy owner role. */
  async createConnection(caller: AuthenticatedUser, request: CreateConnectionRequest, scope: ProviderScope): Promise<OpenViduConnectionRecord> {
    const openvidu = scope.openvidu();
    const decision = await this.rooms.authorizeJoin(caller, 'openvidu', request.sessionId);
    const role = this.policy.openViduRole(caller, { role: request.role, record: request.recorded }, roomScope(decision, request.sessionId));
    const connection = await openvidu.createConnection(request.sessionId, {
      role,
      recorded: request.recorded ?? undefined,
      participant: { id: caller.id, name: caller.name ?? caller.id },
    });
    scope.audit({
      event: 'credential.issued',
      provider: 'openvidu',
      room: request.sessionId,
      owner: decision.owner,
      role,
      connectionId: connection.id,
      ttlSeconds: null,
    });
    return connection;
  }
}
