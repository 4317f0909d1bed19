/**
 * VideoSDK v2 REST double. It follows the documented VideoSDK v2 rooms and sessions APIs for the routes
 * the gateway uses (listed below, and the wire shapes in src/providers/videosdk/videosdk.dto.ts):
 * raw-JWT `Authorization` (no `Bearer `), HS256 management tokens, idempotent `customRoomId`, the
 * plain-text 400 of validate for unknown rooms, and sessions with participants that tests join and
 * leave directly (`join`, `leave`) and the gateway removes or ends over HTTP.
 *
 * Much of VideoSDK's error behaviour is UNCONFIRMED (closed-source server); the token check lives in
 * `checkManagementToken` and the refusal in `sendTokenRejected` so they are easy to change, and
 * `tokenRejection` switches the 401 body between the JSON and plain-text variants.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { decodeJwt, jwtVerify, type JWTPayload } from 'jose';
import { DoubleServer, hasMalformedJson, safeDecode, sendJson, sendText, type DoubleServerOptions, type RecordedRequest } from './double-server.js';

export interface VideoSdkCredentials {
  /** Project API key; management tokens must carry it as the `apikey` claim. */
  apiKey: string;
  /** Project secret the HS256 tokens are signed with. */
  secret: string;
}

export interface VideoSdkDoubleOptions extends VideoSdkCredentials, DoubleServerOptions {}

export interface AutoCloseConfig {
  type: 'session-ends' | 'session-end-and-deactivate';
  /** Minutes. */
  duration: number;
}

/** Room object as `POST /v2/rooms` and `GET /v2/rooms/validate/:id` return it. */
export interface VideoSdkRoom {
  roomId: string;
  /** Present only when the room was created with one (the absent/null form is UNCONFIRMED). */
  customRoomId?: string;
  userId: string;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
  id: string;
  links: { get_room: string; get_session: string };
  webhook?: { endPoint: string; events: string[] };
  autoCloseConfig?: AutoCloseConfig;
  geoFence?: string;
}

export interface VideoSdkTimelog {
  start: string;
  end: string | null;
}

/** A participant of a session as the double keeps it; connected while the last timelog entry has no `end`. */
export interface VideoSdkSessionParticipant {
  participantId: string;
  name: string;
  timelog: VideoSdkTimelog[];
  mode: string;
  /** VideoSDK's internal id of the participant record (not the participantId). */
  _id: string;
}

/** A session: from the first join until it ends. */
export interface VideoSdkSession {
  id: string;
  roomId: string;
  customRoomId?: string;
  start: string;
  end: string | null;
  status: 'ongoing' | 'ended';
  participants: VideoSdkSessionParticipant[];
}

/** What the double answers a sessions call that names nothing it knows (UNCONFIRMED statuses; VideoSDK's SDK reads both as "not found"). */
export type VideoSdkNotFoundStatus = 402 | 404;

export type TokenCheck = { ok: true; payload: JWTPayload } | { ok: false; reason: string; payload?: JWTPayload };

/** Message VideoSDK documents for a refused token. */
export const TOKEN_REJECTED_MESSAGE = 'Token is invalid or expired';

/**
 * Decides whether `authorization` is an acceptable management token: the raw JWT (any scheme prefix
 * such as `Bearer ` is refused), HS256 over `secret`, `exp` present and in the future, `apikey` equal
 * to the project key, and not an rtc-only token (`roles: ["rtc"]` may join but not call REST).
 * Legacy tokens without `roles` are accepted, as the older samples suggest.
 */
export async function checkManagementToken(authorization: string | undefined, credentials: VideoSdkCredentials): Promise<TokenCheck> {
  if (!authorization) return { ok: false, reason: 'missing Authorization header' };
  if (/\s/.test(authorization.trim())) return { ok: false, reason: 'Authorization must be the raw JWT, without a scheme prefix' };
  let decoded: JWTPayload | undefined;
  try {
    decoded = decodeJwt(authorization);
  } catch {
    return { ok: false, reason: 'Authorization is not a JWT' };
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(authorization, new TextEncoder().encode(credentials.secret), {
      algorithms: ['HS256'],
      requiredClaims: ['exp'],
    }));
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'ERR_UNKNOWN';
    return { ok: false, reason: `JWT rejected (${code})`, payload: decoded };
  }
  if (payload.apikey !== credentials.apiKey) return { ok: false, reason: 'apikey claim does not match the project', payload };
  const roles = payload.roles;
  if (Array.isArray(roles) && roles.length > 0 && roles.every((r) => r === 'rtc')) {
    return { ok: false, reason: 'rtc-only token cannot call the REST API', payload };
  }
  return { ok: true, payload };
}

/** The 401 for a refused token (status and body are UNCONFIRMED; see videosdk.createRoom.401-invalid-token.json). */
export function sendTokenRejected(res: ServerResponse, style: 'json' | 'text'): void {
  if (style === 'text') sendText(res, 401, TOKEN_REJECTED_MESSAGE);
  else sendJson(res, 401, { error: TOKEN_REJECTED_MESSAGE });
}

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const AUTO_CLOSE_TYPES = ['session-ends', 'session-end-and-deactivate'] as const;

function hex24(): string {
  return randomBytes(12).toString('hex');
}

function group(): string {
  let out = '';
  for (let i = 0; i < 4; i += 1) out += LOWER_ALNUM[randomInt(LOWER_ALNUM.length)];
  return out;
}

class BadRequest extends Error {}

/** A sessions-API refusal, answered as `{ "message": ... }` (the error body shape is UNCONFIRMED). */
class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const connected = (p: VideoSdkSessionParticipant) => p.timelog.at(-1)?.end === null;

/** `page` and `perPage` query parameters (VideoSDK's defaults 1 and 20); anything unreadable is the default. */
function paging(query: URLSearchParams): { page: number; perPage: number } {
  const read = (name: string, fallback: number) => {
    const n = Number(query.get(name));
    return Number.isInteger(n) && n > 0 ? n : fallback;
  };
  return { page: read('page', 1), perPage: read('perPage', 20) };
}

function pageOf<T>(items: T[], { page, perPage }: { page: number; perPage: number }) {
  return {
    pageInfo: { currentPage: page, perPage, lastPage: Math.max(1, Math.ceil(items.length / perPage)), total: items.length },
    items: items.slice((page - 1) * perPage, page * perPage),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The double. Every `/v2/**` route requires a management token (see `checkManagementToken`); refusal
 * => 401 `{"error":"Token is invalid or expired"}` (or the text variant).
 * - `POST /v2/rooms`                200 Room (same room again for a known `customRoomId`) | 400 `{error}`
 * - `GET  /v2/rooms/validate/:id`   200 Room (`:id` = roomId or customRoomId) | 400 text `Invalid roomId`
 * - `GET  /v2/sessions?roomId=|customRoomId=&status=&page=&perPage=`  200 `{pageInfo, data: Session[]}`, newest
 *   first (`status` filters; other parameters are ignored; an unknown room lists nothing) | 400 without a room
 * - `GET  /v2/sessions/:id/participants/active?page=&perPage=`  200 `{pageInfo, data: [Session]}` whose
 *   participants are the connected ones, paged | notFoundStatus
 * - `GET  /v2/sessions/:id/participants`  200 `{pageInfo, data: Session}` (everyone, also those who left) | notFoundStatus
 * - `POST /v2/sessions/participants/remove` `{participantId, roomId | sessionId}`  200 Session | 400 |
 *   notFoundStatus (no live session, or the participant is not connected: also a repeat)
 * - `POST /v2/sessions/end` `{roomId, sessionId?, ignoreClosed?}`  200 Session | 400 | notFoundStatus (unknown
 *   room; a room without a live session too unless `ignoreClosed`, which answers 200 `{message}`)
 * Sessions-API refusals are `{ "message": ... }` JSON. `sessionFieldNames = 'v1'` answers sessions with the
 * legacy names (`_id`, `meetingId`, `userMeetingId`). Anything else => 404 text `Not Found`.
 */
export class VideoSdkDouble extends DoubleServer {
  /** Rooms by `roomId`. Mutate freely (e.g. set `disabled`). */
  readonly rooms = new Map<string, VideoSdkRoom>();
  readonly apiKey: string;
  readonly secret: string;
  /** VideoSDK account id echoed as `userId` in every room. */
  readonly userId = hex24();
  /** Body style of the 401 for a refused token. */
  tokenRejection: 'json' | 'text' = 'json';
  /** Sessions, oldest first. Mutate freely; `join`, `leave` and `startSession` are the usual way. */
  readonly sessions: VideoSdkSession[] = [];
  /** The status of "no such room / session / participant" on the sessions API (UNCONFIRMED which VideoSDK uses). */
  notFoundStatus: VideoSdkNotFoundStatus = 404;
  /** Field names of sessions in answers: v2 (`id`, `roomId`, `customRoomId`) or the legacy v1 ones. */
  sessionFieldNames: 'v2' | 'v1' = 'v2';

  constructor(options: VideoSdkDoubleOptions) {
    super(options);
    this.apiKey = options.apiKey;
    this.secret = options.secret;
  }

  override reset(): void {
    super.reset();
    this.rooms.clear();
    this.tokenRejection = 'json';
    this.sessions.length = 0;
    this.notFoundStatus = 404;
    this.sessionFieldNames = 'v2';
  }

  /** The live session of a room (by roomId or customRoomId), if it has one. */
  liveSession(idOrCustomId: string): VideoSdkSession | undefined {
    const room = this.findRoom(idOrCustomId);
    return room && this.sessions.find((s) => s.roomId === room.roomId && s.status === 'ongoing');
  }

  /** Starts a session in a known room (no HTTP); returns the live one when there already is one. */
  startSession(roomId: string, start = new Date()): VideoSdkSession {
    const room = this.findRoom(roomId);
    if (!room) throw new Error(`videosdk double: no room ${roomId}`);
    const live = this.liveSession(room.roomId);
    if (live) return live;
    const session: VideoSdkSession = {
      id: hex24(),
      roomId: room.roomId,
      ...(room.customRoomId !== undefined ? { customRoomId: room.customRoomId } : {}),
      start: start.toISOString(),
      end: null,
      status: 'ongoing',
      participants: [],
    };
    this.sessions.push(session);
    return session;
  }

  /** A participant connects (starting the room's session when none is live); a rejoin opens a new timelog entry. */
  join(roomId: string, participant: { participantId: string; name?: string; mode?: string; at?: Date }): VideoSdkSessionParticipant {
    const session = this.startSession(roomId, participant.at);
    const start = (participant.at ?? new Date()).toISOString();
    let record = session.participants.find((p) => p.participantId === participant.participantId);
    if (record) {
      if (!connected(record)) record.timelog.push({ start, end: null });
    } else {
      record = {
        participantId: participant.participantId,
        name: participant.name ?? participant.participantId,
        timelog: [{ start, end: null }],
        mode: participant.mode ?? 'CONFERENCE',
        _id: hex24(),
      };
      session.participants.push(record);
    }
    return record;
  }

  /** A participant leaves the room's live session (its open timelog entry is closed); false when it was not connected. */
  leave(roomId: string, participantId: string, at = new Date()): boolean {
    const record = this.liveSession(roomId)?.participants.find((p) => p.participantId === participantId && connected(p));
    if (!record) return false;
    record.timelog.at(-1)!.end = at.toISOString();
    return true;
  }

  /** Looks a room up by roomId or customRoomId. */
  findRoom(idOrCustomId: string): VideoSdkRoom | undefined {
    return this.rooms.get(idOrCustomId) ?? [...this.rooms.values()].find((r) => r.customRoomId === idOrCustomId);
  }

  /** Creates a room directly (no HTTP, not recorded). Fields given in `init` override the generated ones. */
  addRoom(init: Partial<VideoSdkRoom> = {}): VideoSdkRoom {
    const room = { ...this.newRoom(init.customRoomId), ...init };
    this.rooms.set(room.roomId, room);
    return room;
  }

  protected override async handle(req: RecordedRequest, res: ServerResponse): Promise<void> {
    if (!req.path.startsWith('/v2/')) return sendText(res, 404, 'Not Found');
    const header = req.headers.authorization;
    const check = await checkManagementToken(header, this);
    if (check.payload) req.jwtPayload = check.payload as Record<string, unknown>;
    if (!check.ok) {
      req.authFailure = check.reason;
      return sendTokenRejected(res, this.tokenRejection);
    }
    try {
      this.route(req, res);
    } catch (error) {
      if (error instanceof ApiError) return sendJson(res, error.status, { message: error.message });
      if (!(error instanceof BadRequest)) throw error;
      sendJson(res, 400, { error: error.message });
    }
  }

  private route(req: RecordedRequest, res: ServerResponse): void {
    if (req.method === 'POST' && /^\/v2\/rooms\/?$/.test(req.path)) return this.createRoom(req, res);
    const m = /^\/v2\/rooms\/validate\/([^/]+)$/.exec(req.path);
    if (req.method === 'GET' && m) {
      const room = this.findRoom(safeDecode(m[1]!));
      return room ? sendJson(res, 200, room) : sendText(res, 400, 'Invalid roomId');
    }
    if (req.path.startsWith('/v2/sessions')) return this.routeSessions(req, res);
    sendText(res, 404, 'Not Found');
  }

  private routeSessions(req: RecordedRequest, res: ServerResponse): void {
    const query = new URL(req.url, 'http://double').searchParams;
    if (req.method === 'GET' && /^\/v2\/sessions\/?$/.test(req.path)) return this.listSessions(query, res);
    const m = /^\/v2\/sessions\/([^/]+)\/participants(\/active)?$/.exec(req.path);
    if (req.method === 'GET' && m) {
      const session = this.sessions.find((s) => s.id === safeDecode(m[1]!));
      if (!session) throw new ApiError(this.notFoundStatus, 'Session not found');
      if (!m[2]) {
        // Everyone who took part, also those who left; one session, so one page.
        return sendJson(res, 200, { pageInfo: { currentPage: 1, perPage: 20, lastPage: 1, total: 1 }, data: this.toWire(session, session.participants) });
      }
      const { pageInfo, items } = pageOf(session.participants.filter(connected), paging(query));
      return sendJson(res, 200, { pageInfo, data: [this.toWire(session, items, true)] });
    }
    if (req.method === 'POST' && req.path === '/v2/sessions/participants/remove') return this.removeParticipant(req, res);
    if (req.method === 'POST' && req.path === '/v2/sessions/end') return this.endSession(req, res);
    sendText(res, 404, 'Not Found');
  }

  private listSessions(query: URLSearchParams, res: ServerResponse): void {
    const id = query.get('roomId') ?? query.get('customRoomId');
    if (!id) throw new ApiError(400, 'roomId or customRoomId is required');
    const room = this.findRoom(id);
    const status = query.get('status');
    const matching = room ? this.sessions.filter((s) => s.roomId === room.roomId && (!status || s.status === status)).reverse() : [];
    const { pageInfo, items } = pageOf(matching, paging(query));
    sendJson(res, 200, { pageInfo, data: items.map((s) => this.toWire(s, s.participants)) });
  }

  private removeParticipant(req: RecordedRequest, res: ServerResponse): void {
    const body = this.sessionsBody(req);
    if (typeof body.participantId !== 'string' || body.participantId === '') throw new ApiError(400, 'participantId is required');
    let session: VideoSdkSession | undefined;
    if (typeof body.sessionId === 'string') session = this.sessions.find((s) => s.id === body.sessionId && s.status === 'ongoing');
    else if (typeof body.roomId === 'string') session = this.liveSession(body.roomId);
    else throw new ApiError(400, 'roomId or sessionId is required');
    if (!session) throw new ApiError(this.notFoundStatus, 'No active session found');
    const record = session.participants.find((p) => p.participantId === body.participantId && connected(p));
    if (!record) throw new ApiError(this.notFoundStatus, 'Participant not found in the session');
    record.timelog.at(-1)!.end = new Date().toISOString();
    sendJson(res, 200, this.toWire(session, session.participants));
  }

  private endSession(req: RecordedRequest, res: ServerResponse): void {
    const body = this.sessionsBody(req);
    if (typeof body.roomId !== 'string' || body.roomId === '') throw new ApiError(400, 'roomId is required');
    const room = this.findRoom(body.roomId);
    if (!room) throw new ApiError(this.notFoundStatus, 'Room not found');
    const session =
      typeof body.sessionId === 'string'
        ? this.sessions.find((s) => s.id === body.sessionId && s.roomId === room.roomId && s.status === 'ongoing')
        : this.liveSession(room.roomId);
    if (!session) {
      // What VideoSDK answers here is not documented beyond "an error unless ignoreClosed" (UNCONFIRMED).
      if (body.ignoreClosed === true) return sendJson(res, 200, { message: 'No active session to end' });
      throw new ApiError(this.notFoundStatus, 'No active session found');
    }
    // The answer is the session as it was before closing, as VideoSDK's reference example shows.
    const before = this.toWire(session, session.participants);
    const end = new Date().toISOString();
    session.status = 'ended';
    session.end = end;
    for (const p of session.participants.filter(connected)) p.timelog.at(-1)!.end = end;
    sendJson(res, 200, before);
  }

  private sessionsBody(req: RecordedRequest): Record<string, unknown> {
    if (hasMalformedJson(req) || !isObject(req.body)) throw new ApiError(400, 'Request body must be a JSON object');
    return req.body;
  }

  /** A session as an answer carries it (copied), with the given participants; `internalId` uses `_id` as the active endpoint does. */
  private toWire(session: VideoSdkSession, participants: VideoSdkSessionParticipant[], internalId = false): Record<string, unknown> {
    const events = { mic: [], webcam: [], screenShare: [], screenShareAudio: [] };
    const copy = structuredClone({
      start: session.start,
      end: session.end,
      status: session.status,
      participants: participants.map((p) => ({ ...p, events })),
    });
    const custom = session.customRoomId;
    const ids =
      this.sessionFieldNames === 'v1'
        ? { _id: session.id, meetingId: session.roomId, ...(custom !== undefined ? { userMeetingId: custom } : {}) }
        : { [internalId ? '_id' : 'id']: session.id, roomId: session.roomId, ...(custom !== undefined ? { customRoomId: custom } : {}) };
    return {
      ...ids,
      ...copy,
      links: { get_room: `${this.url}/v2/rooms/${session.roomId}`, get_session: `${this.url}/v2/sessions/${session.id}` },
    };
  }

  private createRoom(req: RecordedRequest, res: ServerResponse): void {
    if (hasMalformedJson(req)) throw new BadRequest('Request body is not valid JSON');
    const body = req.body ?? {};
    if (!isObject(body)) throw new BadRequest('Request body must be a JSON object');

    const customRoomId = body.customRoomId;
    if (customRoomId !== undefined && customRoomId !== null && (typeof customRoomId !== 'string' || customRoomId === '')) {
      throw new BadRequest('customRoomId must be a non-empty string');
    }
    const autoCloseConfig = body.autoCloseConfig;
    if (autoCloseConfig !== undefined) {
      if (
        !isObject(autoCloseConfig) ||
        !AUTO_CLOSE_TYPES.includes(autoCloseConfig.type as AutoCloseConfig['type']) ||
        !Number.isInteger(autoCloseConfig.duration) ||
        (autoCloseConfig.duration as number) <= 0
      ) {
        throw new BadRequest(
          'autoCloseConfig must be { type: "session-ends" | "session-end-and-deactivate", duration: positive integer (minutes) }',
        );
      }
    }
    const webhook = body.webhook;
    if (webhook !== undefined) {
      if (
        !isObject(webhook) ||
        typeof webhook.endPoint !== 'string' ||
        !Array.isArray(webhook.events) ||
        !webhook.events.every((e) => typeof e === 'string')
      ) {
        throw new BadRequest('webhook must be { endPoint: string, events: string[] }');
      }
    }
    if (body.geoFence !== undefined && typeof body.geoFence !== 'string') throw new BadRequest('geoFence must be a string');

    // Idempotent on customRoomId: the first creation's settings stick.
    if (typeof customRoomId === 'string') {
      const existing = this.findRoom(customRoomId);
      if (existing) return sendJson(res, 200, existing);
    }
    const room = this.newRoom(typeof customRoomId === 'string' ? customRoomId : undefined);
    if (webhook) room.webhook = { endPoint: webhook.endPoint as string, events: webhook.events as string[] };
    if (autoCloseConfig) room.autoCloseConfig = { type: autoCloseConfig.type, duration: autoCloseConfig.duration } as AutoCloseConfig;
    if (typeof body.geoFence === 'string') room.geoFence = body.geoFence;
    this.rooms.set(room.roomId, room);
    sendJson(res, 200, room);
  }

  private newRoom(customRoomId: string | undefined): VideoSdkRoom {
    let roomId: string;
    do roomId = `${group()}-${group()}-${group()}`;
    while (this.rooms.has(roomId));
    const now = new Date().toISOString();
    return {
      roomId,
      ...(customRoomId !== undefined ? { customRoomId } : {}),
      userId: this.userId,
      disabled: false,
      createdAt: now,
      updatedAt: now,
      id: hex24(),
      links: {
        get_room: `${this.url}/v2/rooms/${roomId}`,
        get_session: `${this.url}/v2/sessions/?roomId=${roomId}`,
      },
    };
  }
}

/** Starts a VideoSDK v2 double on 127.0.0.1 (ephemeral port). Call `close()` in `afterAll`. */
export async function startVideoSdkDouble(options: VideoSdkDoubleOptions): Promise<VideoSdkDouble> {
  return new VideoSdkDouble(options).listen();
}
