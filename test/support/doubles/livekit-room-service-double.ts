/**
 * LiveKit RoomService double (Twirp over JSON) for the moderation calls, following the self-hosted
 * server's behaviour:
 * - `POST /twirp/livekit.RoomService/<Method>` with `Content-Type: application/json` (anything else is
 *   404 `bad_route`), an unknown method 404 `bad_route`, a body that is not JSON 400 `malformed`;
 * - `Authorization: Bearer <HS256 token>` checked with livekit-server-sdk's TokenVerifier (issuer =
 *   API key, signature, lifetime); a refused token is a plain-text 401 from the auth layer, before Twirp;
 * - grants per method: the participant methods need `roomAdmin` and `room` equal to the body's room,
 *   DeleteRoom needs `roomCreate`; a missing grant is HTTP 401 with Twirp `unauthenticated`
 *   "permissions denied" (LiveKit does not use 403 for this);
 * - answers in protobuf names (snake_case) with every field, as the self-hosted server writes them;
 *   `casing: 'camel'` switches to camelCase (LiveKit Cloud's casing is not confirmed);
 * - ListParticipants of an unknown room: 200 with an empty list; RemoveParticipant / GetParticipant of an
 *   unknown identity and DeleteRoom of an unknown room: 404 `not_found`; MutePublishedTrack with an
 *   unknown track sid: 200 `track: null`; unmute: 412 `failed_precondition` unless `remoteUnmute`;
 *   mute for an unknown participant: 503 `unavailable` (the real server times out after several seconds).
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { TokenVerifier, type ClaimGrants } from 'livekit-server-sdk';
import { DoubleServer, hasMalformedJson, sendJson, sendText, type DoubleServerOptions, type RecordedRequest } from './double-server.js';

export interface LivekitRoomServiceDoubleOptions extends DoubleServerOptions {
  apiKey: string;
  apiSecret: string;
  /** The server setting `room.enable_remote_unmute` (default false). */
  remoteUnmute?: boolean;
  casing?: 'snake' | 'camel';
}

export interface DoubleTrack {
  sid: string;
  type: 'AUDIO' | 'VIDEO' | 'DATA';
  source: 'UNKNOWN' | 'CAMERA' | 'MICROPHONE' | 'SCREEN_SHARE' | 'SCREEN_SHARE_AUDIO';
  name: string;
  muted: boolean;
}

export interface DoubleParticipant {
  sid: string;
  identity: string;
  name: string;
  state: 'JOINING' | 'JOINED' | 'ACTIVE' | 'DISCONNECTED';
  /** Unix seconds. */
  joinedAt: number;
  tracks: DoubleTrack[];
}

/** A verified call as the double saw it: the method and the claims of its token. */
export interface RoomServiceCall {
  method: string;
  claims: ClaimGrants;
  /** The bearer token the call carried (verified into `claims`). */
  token: string;
}

const PREFIX = '/twirp/livekit.RoomService/';
const PARTICIPANT_METHODS = new Set(['ListParticipants', 'GetParticipant', 'RemoveParticipant', 'MutePublishedTrack']);
const METHODS = new Set([...PARTICIPANT_METHODS, 'DeleteRoom']);

function twirp(res: ServerResponse, status: number, code: string, msg: string): void {
  sendJson(res, status, { code, msg });
}

function sid(prefix: string): string {
  return `${prefix}${randomBytes(9).toString('base64url').slice(0, 12)}`;
}

export class LivekitRoomServiceDouble extends DoubleServer {
  /** Verified calls (token accepted), in arrival order. */
  readonly calls: RoomServiceCall[] = [];
  /** Rooms by name, each with its participants by identity. */
  readonly rooms = new Map<string, Map<string, DoubleParticipant>>();
  /** What a test may switch; reset() puts back what the constructor was given. */
  remoteUnmute: boolean;
  casing: 'snake' | 'camel';
  private readonly verifier: TokenVerifier;

  constructor(private readonly options: LivekitRoomServiceDoubleOptions) {
    super(options);
    this.verifier = new TokenVerifier(options.apiKey, options.apiSecret);
    this.remoteUnmute = options.remoteUnmute ?? false;
    this.casing = options.casing ?? 'snake';
  }

  /** Creates the room when needed and puts a participant in it (ACTIVE, joined now, given tracks). */
  addParticipant(room: string, participant: { identity: string; name?: string; tracks?: Array<Partial<DoubleTrack>> }): DoubleParticipant {
    const members = this.rooms.get(room) ?? new Map<string, DoubleParticipant>();
    this.rooms.set(room, members);
    const added: DoubleParticipant = {
      sid: sid('PA_'),
      identity: participant.identity,
      name: participant.name ?? '',
      state: 'ACTIVE',
      joinedAt: Math.floor(Date.now() / 1000),
      tracks: (participant.tracks ?? []).map((t) => ({ sid: t.sid ?? sid('TR_'), type: t.type ?? 'AUDIO', source: t.source ?? 'MICROPHONE', name: t.name ?? '', muted: t.muted ?? false })),
    };
    members.set(added.identity, added);
    return added;
  }

  /** Creates an empty room. */
  addRoom(room: string): void {
    if (!this.rooms.has(room)) this.rooms.set(room, new Map());
  }

  override reset(): void {
    super.reset();
    this.calls.length = 0;
    this.rooms.clear();
    this.remoteUnmute = this.options.remoteUnmute ?? false;
    this.casing = this.options.casing ?? 'snake';
  }

  protected override async handle(req: RecordedRequest, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST' || !req.path.startsWith(PREFIX)) return twirp(res, 404, 'bad_route', `no handler for path "${req.path}"`);
    const method = req.path.slice(PREFIX.length);
    const contentType = req.headers['content-type'] ?? '';
    if (!/^application\/json(\s*;|$)/i.test(contentType)) return twirp(res, 404, 'bad_route', `unexpected Content-Type: "${contentType}"`);

    const verified = await this.verify(req);
    if (!verified) return sendText(res, 401, 'invalid authorization token');
    const { claims, token } = verified;
    if (!METHODS.has(method)) return twirp(res, 404, 'bad_route', `no handler for path "${req.path}"`);
    if (hasMalformedJson(req)) return twirp(res, 400, 'malformed', 'the json request could not be decoded');
    const body = (req.body ?? {}) as Record<string, unknown>;
    const room = typeof body.room === 'string' ? body.room : '';
    this.calls.push({ method, claims, token });

    const video = claims.video ?? {};
    const allowed = method === 'DeleteRoom' ? video.roomCreate === true : video.roomAdmin === true && video.room === room;
    if (!allowed) return twirp(res, 401, 'unauthenticated', 'permissions denied');

    const members = this.rooms.get(room);
    const identity = typeof body.identity === 'string' ? body.identity : '';
    const participant = members?.get(identity);
    switch (method) {
      case 'ListParticipants':
        return sendJson(res, 200, { participants: [...(members?.values() ?? [])].map((p) => this.participantJson(p)) });
      case 'GetParticipant':
        if (!participant) return twirp(res, 404, 'not_found', 'participant does not exist');
        return sendJson(res, 200, this.participantJson(participant));
      case 'RemoveParticipant':
        if (!participant) return twirp(res, 404, 'not_found', 'participant does not exist');
        members!.delete(identity);
        return sendJson(res, 200, {});
      case 'MutePublishedTrack': {
        const muted = body.muted === true;
        if (!muted && !this.remoteUnmute) return twirp(res, 412, 'failed_precondition', 'remote unmute not enabled');
        if (!participant) return twirp(res, 503, 'unavailable', 'participant is not reachable');
        const track = participant.tracks.find((t) => t.sid === body.trackSid);
        if (track) track.muted = muted;
        return sendJson(res, 200, { track: track ? this.trackJson(track) : null });
      }
      default: // DeleteRoom
        if (!members) return twirp(res, 404, 'not_found', 'requested room does not exist');
        this.rooms.delete(room);
        return sendJson(res, 200, {});
    }
  }

  /** The token's claims when it is an acceptable bearer token, else undefined (the reason is recorded). */
  private async verify(req: RecordedRequest): Promise<{ claims: ClaimGrants; token: string } | undefined> {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer (\S+)$/.exec(header);
    if (!match) {
      req.authFailure = 'missing or malformed Bearer authorization';
      return undefined;
    }
    try {
      const claims = await this.verifier.verify(match[1]!);
      req.jwtPayload = claims as Record<string, unknown>;
      return { claims, token: match[1]! };
    } catch (error) {
      req.authFailure = `token rejected: ${error instanceof Error ? error.message : String(error)}`;
      return undefined;
    }
  }

  private key(snake: string): string {
    return this.casing === 'snake' ? snake : snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  }

  private object(fields: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(fields).map(([k, v]) => [this.key(k), v]));
  }

  private trackJson(t: DoubleTrack): Record<string, unknown> {
    return this.object({ sid: t.sid, type: t.type, name: t.name, muted: t.muted, width: 0, height: 0, simulcast: false, source: t.source, mime_type: '', mid: '' });
  }

  private participantJson(p: DoubleParticipant): Record<string, unknown> {
    return this.object({
      sid: p.sid,
      identity: p.identity,
      state: p.state,
      tracks: p.tracks.map((t) => this.trackJson(t)),
      metadata: '',
      joined_at: String(p.joinedAt),
      joined_at_ms: String(p.joinedAt * 1000),
      name: p.name,
      version: 1,
      permission: this.object({ can_subscribe: true, can_publish: true, can_publish_data: true, hidden: false }),
      region: '',
      is_publisher: p.tracks.length > 0,
      kind: 'STANDARD',
      attributes: {},
      disconnect_reason: 'UNKNOWN_REASON',
    });
  }
}

export async function startLivekitRoomServiceDouble(options: LivekitRoomServiceDoubleOptions): Promise<LivekitRoomServiceDouble> {
  return new LivekitRoomServiceDouble(options).listen();
}
