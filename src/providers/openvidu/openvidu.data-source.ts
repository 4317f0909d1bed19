import { ProviderError } from '../../errors/gateway-errors.js';
import { parseJsonBody, type ProviderCallScope } from '../http/provider-http.js';
import type { OpenViduHttp } from './openvidu.http.js';
import type { CreateConnectionBody, CreateSessionBody, OpenViduConnectionDto, OpenViduSessionDto, OpenViduSessionWithConnectionsDto } from './openvidu.dto.js';
import type { ModerationParticipant } from '../moderation.types.js';
import { toOpenViduParticipants } from './openvidu.moderation.mapper.js';
import {
  toConnectionRecord,
  toSessionRecord,
  type OpenViduConnectionRecord,
  type OpenViduSessionRecord,
} from './openvidu.mapper.js';

const API = 'openvidu/api';

/** What the gateway decided for a new connection; the data source turns it into OpenVidu's body. */
export interface OpenViduConnectionSpec {
  role: string;
  /** Whether OpenVidu records this connection (INDIVIDUAL recording); unset leaves OpenVidu's default. */
  recorded?: boolean;
  /** Who joins: written into the connection's server data as `{ userId, name }`. */
  participant: { id: string; name: string };
}

/**
 * OpenVidu 2.x sessions and connections. Built per request (cheap: it only holds references); the
 * HTTP side (keep-alive pool, Basic auth, breaker, status mapping: openvidu.http.ts) is shared.
 */
export class OpenViduDataSource {
  constructor(
    private readonly http: OpenViduHttp,
    private readonly scope: ProviderCallScope,
  ) {}

  /**
   * Creates a session. With a `customSessionId` that already exists, OpenVidu answers 409 with an
   * empty body and changes nothing; the existing session is then fetched and returned.
   * OpenVidu refusing the parameters (400) is BAD_USER_INPUT (openvidu.http.ts).
   */
  async createSession(body: CreateSessionBody): Promise<OpenViduSessionRecord> {
    const response = await this.http.call(this.scope, {
      operation: 'createSession',
      method: 'POST',
      path: `${API}/sessions`,
      json: body,
      expectedStatuses: [409],
      // With a custom id a repeat is answered 409 and changes nothing, so it is safe to retry.
      idempotent: Boolean(body.customSessionId),
    });
    if (response.status === 409) {
      const existing = await this.getSession(body.customSessionId!);
      if (!existing) {
        // Closed between the two calls: rare; the client may simply retry.
        throw new ProviderError('openvidu', 'The session was closing on the openvidu provider; try again.');
      }
      return { ...existing, alreadyExisted: true };
    }
    return toSessionRecord(parseJsonBody<OpenViduSessionDto>('openvidu', response.body), false);
  }

  /** Returns the session, or null when OpenVidu does not know it (404, empty body). */
  async getSession(sessionId: string): Promise<OpenViduSessionRecord | null> {
    const response = await this.http.call(this.scope, {
      operation: 'getSession',
      method: 'GET',
      path: `${API}/sessions/${encodeURIComponent(sessionId)}`,
      expectedStatuses: [404],
      idempotent: true,
    });
    if (response.status === 404) return null;
    return toSessionRecord(parseJsonBody<OpenViduSessionDto>('openvidu', response.body), true);
  }

  /**
   * Creates a WebRTC connection (a single-use join token) in a session, for one participant. The body
   * is built here and holds only what the gateway decided: the role, the recording flag, and server
   * data naming the participant (which other participants see).
   * An unknown session is NOT_FOUND and a refused body BAD_USER_INPUT (openvidu.http.ts).
   */
  async createConnection(sessionId: string, connection: OpenViduConnectionSpec): Promise<OpenViduConnectionRecord> {
    const body: CreateConnectionBody = {
      type: 'WEBRTC',
      role: connection.role,
      record: connection.recorded,
      data: JSON.stringify({ userId: connection.participant.id, name: connection.participant.name }),
    };
    const response = await this.http.call(this.scope, {
      operation: 'createConnection',
      method: 'POST',
      path: `${API}/sessions/${encodeURIComponent(sessionId)}/connection`,
      json: body,
      // Every call creates another single-use token: never repeated.
      idempotent: false,
    });
    return toConnectionRecord(parseJsonBody<OpenViduConnectionDto>('openvidu', response.body));
  }

  /**
   * The participants of a session: its active connections (pending ones, tokens nobody used yet, are
   * left out). A session OpenVidu does not know has none (404). Safe to retry.
   */
  async listParticipants(sessionId: string): Promise<ModerationParticipant[]> {
    const response = await this.http.call(this.scope, {
      operation: 'listParticipants',
      method: 'GET',
      path: `${API}/sessions/${encodeURIComponent(sessionId)}?pendingConnections=false`,
      expectedStatuses: [404],
      idempotent: true,
    });
    if (response.status === 404) return [];
    const session = parseJsonBody<OpenViduSessionWithConnectionsDto>('openvidu', response.body);
    return toOpenViduParticipants(session.connections?.content);
  }

  /**
   * Evicts a connection (force disconnect). An unknown session is NOT_FOUND (`session`), an unknown
   * connection (also on a repeat) NOT_FOUND (`participant`) (openvidu.http.ts).
   */
  async forceDisconnect(sessionId: string, connectionId: string): Promise<void> {
    await this.http.call(this.scope, {
      operation: 'forceDisconnect',
      method: 'DELETE',
      path: `${API}/sessions/${encodeURIComponent(sessionId)}/connection/${encodeURIComponent(connectionId)}`,
    });
  }

  /**
   * Unpublishes a stream (OpenVidu 2's only server-side "mute": audio and video go together; the
   * connection stays and may publish again). An unknown session is NOT_FOUND (`session`), an unknown
   * stream NOT_FOUND (`track`), an IP camera's stream BAD_USER_INPUT (openvidu.http.ts).
   */
  async forceUnpublish(sessionId: string, streamId: string): Promise<void> {
    await this.http.call(this.scope, {
      operation: 'forceUnpublish',
      method: 'DELETE',
      path: `${API}/sessions/${encodeURIComponent(sessionId)}/stream/${encodeURIComponent(streamId)}`,
    });
  }

  /** Closes a session, evicting everyone. An unknown (or already closed) session is NOT_FOUND (`session`). */
  async closeSession(sessionId: string): Promise<void> {
    await this.http.call(this.scope, {
      operation: 'closeSession',
      method: 'DELETE',
      path: `${API}/sessions/${encodeURIComponent(sessionId)}`,
    });
  }
}
