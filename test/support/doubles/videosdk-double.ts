/**
 * VideoSDK v2 REST double. It follows the documented VideoSDK v2 rooms API for the routes the gateway
 * uses (listed below, and the wire shapes in src/providers/videosdk/videosdk.dto.ts):
 * raw-JWT `Authorization` (no `Bearer `), HS256 management tokens, idempotent `customRoomId`, and
 * the plain-text 400 of validate for unknown rooms.
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

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The double. Every `/v2/**` route requires a management token (see `checkManagementToken`); refusal
 * => 401 `{"error":"Token is invalid or expired"}` (or the text variant).
 * - `POST /v2/rooms`                200 Room (same room again for a known `customRoomId`) | 400 `{error}`
 * - `GET  /v2/rooms/validate/:id`   200 Room (`:id` = roomId or customRoomId) | 400 text `Invalid roomId`
 * Anything else => 404 text `Not Found`.
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

  constructor(options: VideoSdkDoubleOptions) {
    super(options);
    this.apiKey = options.apiKey;
    this.secret = options.secret;
  }

  override reset(): void {
    super.reset();
    this.rooms.clear();
    this.tokenRejection = 'json';
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
    sendText(res, 404, 'Not Found');
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
