/**
 * OpenVidu 2.x REST double. It follows the documented OpenVidu 2 REST contract for the routes the
 * gateway uses (listed below, and the wire shapes in src/providers/openvidu/openvidu.dto.ts):
 * HTTP Basic auth on every `/openvidu/api/**` route, strict body validation (400 error envelope),
 * empty-bodied 409/404 answers, generated `ses_`/`con_`/`tok_` ids and single-use `wss://` tokens.
 *
 * State lives in `sessions` so tests can assert on it or tamper with it (e.g. `dropSession(id)` to
 * simulate OpenVidu garbage-collecting an idle session between createSession and createConnection).
 */
import { randomInt } from 'node:crypto';
import { STATUS_CODES, type ServerResponse } from 'node:http';
import { DoubleServer, hasMalformedJson, safeDecode, sendEmpty, sendJson, type DoubleServerOptions, type RecordedRequest } from './double-server.js';

/** Connection object as OpenVidu 2.32 returns it (status `pending` until a client uses the token). */
/** A stream a connection publishes, as OpenVidu lists it. */
export interface OpenViduPublisher {
  createdAt: number;
  streamId: string;
  mediaOptions: Record<string, unknown>;
}

export interface OpenViduConnection {
  id: string;
  object: 'connection';
  status: 'pending' | 'active';
  connectionId: string;
  sessionId: string;
  createdAt: number;
  type: 'WEBRTC' | 'IPCAM';
  record: boolean;
  role: OpenViduRole;
  kurentoOptions: Record<string, unknown> | null;
  customIceServers: Record<string, unknown>[];
  rtspUri: string | null;
  adaptativeBitrate: boolean | null;
  onlyPlayWithSubscribers: boolean | null;
  networkCache: number | null;
  serverData: string;
  token: string;
  activeAt: number | null;
  location: string | null;
  ip: string | null;
  platform: string | null;
  clientData: string | null;
  publishers: OpenViduPublisher[] | null;
  subscribers: unknown[] | null;
}

export type OpenViduRole = 'SUBSCRIBER' | 'PUBLISHER' | 'MODERATOR';

/** Session object as stored; `connections` holds every connection, pending ones included. */
export interface OpenViduSession {
  id: string;
  object: 'session';
  sessionId: string;
  createdAt: number;
  recording: boolean;
  broadcasting: boolean;
  mediaMode: 'ROUTED';
  recordingMode: 'MANUAL' | 'ALWAYS';
  defaultRecordingProperties: Record<string, unknown>;
  customSessionId: string;
  forcedVideoCodec: string;
  allowTranscoding: boolean;
  mediaNode?: { id: string };
  connections: { numberOfElements: number; content: OpenViduConnection[] };
}

export interface OpenViduDoubleOptions extends DoubleServerOptions {
  /** OPENVIDU_SECRET the double expects in `Basic base64("OPENVIDUAPP:" + secret)`. */
  secret: string;
}

const API = '/openvidu/api';
const CUSTOM_ID = /^[a-zA-Z0-9_-]+$/;
const MEDIA_MODES = ['ROUTED'] as const;
const RECORDING_MODES = ['MANUAL', 'ALWAYS'] as const;
const VIDEO_CODECS = ['MEDIA_SERVER_PREFERRED', 'NONE', 'VP8', 'VP9', 'H264'] as const;
const CONNECTION_TYPES = ['WEBRTC', 'IPCAM'] as const;
const ROLES = ['SUBSCRIBER', 'PUBLISHER', 'MODERATOR'] as const;
const OUTPUT_MODES = ['COMPOSED', 'COMPOSED_QUICK_START', 'INDIVIDUAL'] as const;
const LAYOUTS = ['BEST_FIT', 'PICTURE_IN_PICTURE', 'VERTICAL_PRESENTATION', 'HORIZONTAL_PRESENTATION', 'CUSTOM'] as const;

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LETTERS = UPPER + UPPER.toLowerCase();
const ALNUM = LETTERS + '0123456789';

function pick(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** `Authorization` header value OpenVidu expects for `secret`. */
export function openViduAuthHeader(secret: string): string {
  return `Basic ${Buffer.from(`OPENVIDUAPP:${secret}`).toString('base64')}`;
}

/** A body problem; turned into OpenVidu's 400 error envelope. */
class BadRequest extends Error {}

type Params = Record<string, unknown>;

/** Reads an optional field: absent or null => undefined (OpenVidu checks `params.get(x) != null`). */
function optional<T>(params: Params, name: string, type: 'string' | 'boolean' | 'number' | 'object' | 'array'): T | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  const ok =
    type === 'array'
      ? Array.isArray(value)
      : type === 'object'
        ? typeof value === 'object' && !Array.isArray(value)
        : typeof value === type;
  if (!ok) throw new BadRequest(`Type error in some parameter: '${name}' must be of type ${type}`);
  return value as T;
}

function optionalEnum<T extends string>(params: Params, name: string, allowed: readonly T[]): T | undefined {
  const value = optional<string>(params, name, 'string');
  if (value !== undefined && !allowed.includes(value as T)) {
    throw new BadRequest(`Some parameter is not valid. Parameter '${name}' value ${value} is not defined`);
  }
  return value as T | undefined;
}

/** The request body as a parameter map; an absent/empty body means "all defaults". */
function bodyParams(req: RecordedRequest): Params {
  if (hasMalformedJson(req)) throw new BadRequest('JSON parse error: the request body is not valid JSON');
  const body = req.body ?? {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new BadRequest('Type error in some parameter: the body must be a JSON object');
  return body as Params;
}

/** `defaultRecordingProperties` with defaults filled in; layout fields only for COMPOSED* with video. */
function recordingProperties(input: Params | undefined): Record<string, unknown> {
  const p = input ?? {};
  const outputMode = optionalEnum(p, 'outputMode', OUTPUT_MODES) ?? 'COMPOSED';
  const hasVideo = optional<boolean>(p, 'hasVideo', 'boolean') ?? true;
  const props: Record<string, unknown> = {
    name: optional<string>(p, 'name', 'string') ?? '',
    hasAudio: optional<boolean>(p, 'hasAudio', 'boolean') ?? true,
    hasVideo,
    outputMode,
  };
  const layout = optionalEnum(p, 'recordingLayout', LAYOUTS) ?? 'BEST_FIT';
  const resolution = optional<string>(p, 'resolution', 'string') ?? '1280x720';
  const frameRate = optional<number>(p, 'frameRate', 'number') ?? 25;
  const shmSize = optional<number>(p, 'shmSize', 'number') ?? 536870912;
  const customLayout = optional<string>(p, 'customLayout', 'string') ?? '';
  const ignoreFailedStreams = optional<boolean>(p, 'ignoreFailedStreams', 'boolean') ?? false;
  if (outputMode !== 'INDIVIDUAL' && hasVideo) {
    Object.assign(props, { recordingLayout: layout, resolution, frameRate, shmSize });
    if (layout === 'CUSTOM') props.customLayout = customLayout;
  }
  if (outputMode === 'INDIVIDUAL') props.ignoreFailedStreams = ignoreFailedStreams;
  return props;
}

/**
 * The double. Routes (all behind Basic auth; wrong/missing auth => 401, empty body,
 * `WWW-Authenticate: Basic realm="OpenVidu"`):
 * - `POST   /openvidu/api/sessions`                       200 Session | 400 envelope | 409 empty
 * - `GET    /openvidu/api/sessions`                       200 `{numberOfElements, content}`
 * - `GET    /openvidu/api/sessions/:id`                   200 Session | 404 empty (`?pendingConnections=true` lists pending connections)
 * - `DELETE /openvidu/api/sessions/:id`                   204 | 404 empty
 * - `POST   /openvidu/api/sessions/:id/connection`        200 Connection | 400 envelope | 404 empty
 * - `GET    /openvidu/api/sessions/:id/connection`        200 list | 404 empty
 * - `GET    /openvidu/api/sessions/:id/connection/:conId` 200 | 400 (unknown session!) | 404 empty
 * - `DELETE /openvidu/api/sessions/:id/connection/:conId` 204 | 400 (unknown session!) | 404 empty
 * Anything else => 404 empty.
 */
export class OpenViduDouble extends DoubleServer {
  /** Live sessions by id. Mutate freely in tests. */
  readonly sessions = new Map<string, OpenViduSession>();
  readonly secret: string;
  /** The exact `Authorization` value the double accepts. */
  readonly authHeader: string;

  constructor(options: OpenViduDoubleOptions) {
    super(options);
    this.secret = options.secret;
    this.authHeader = openViduAuthHeader(options.secret);
  }

  override reset(): void {
    super.reset();
    this.sessions.clear();
  }

  /** Creates a session directly (no HTTP, not recorded), as if someone else had created it. */
  addSession(customSessionId?: string): OpenViduSession {
    const session = this.newSession({ customSessionId: customSessionId ?? '' });
    this.sessions.set(session.id, session);
    return session;
  }

  /**
   * Puts an active connection into a session, as if a client had joined with a token: `publisher`
   * makes it publish one stream (id `str_<CAM|SCR|MIC>_<4 chars>_<connection id>`).
   */
  joinConnection(
    sessionId: string,
    join: {
      role?: OpenViduRole;
      serverData?: string;
      type?: 'WEBRTC' | 'IPCAM';
      publisher?: { hasAudio?: boolean; audioActive?: boolean; hasVideo?: boolean; videoActive?: boolean; typeOfVideo?: 'CAMERA' | 'SCREEN' | 'CUSTOM' | 'IPCAM' };
    },
  ): OpenViduConnection {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`no session ${sessionId} in the double`);
    const id = `con_${pick(UPPER, 1)}${pick(ALNUM, 9)}`;
    const now = Date.now();
    const type = join.type ?? 'WEBRTC';
    const publishers: OpenViduPublisher[] = [];
    if (join.publisher) {
      const { hasAudio = true, audioActive = true, hasVideo = true, videoActive = true, typeOfVideo = 'CAMERA' } = join.publisher;
      const kind = hasVideo ? typeOfVideo.slice(0, 3) : 'MIC';
      const mediaOptions: Record<string, unknown> = { hasAudio, hasVideo, filter: {} };
      if (hasAudio) mediaOptions.audioActive = audioActive;
      if (hasVideo) Object.assign(mediaOptions, { videoActive, typeOfVideo, frameRate: 30, videoDimensions: '{"width":640,"height":480}' });
      publishers.push({ createdAt: now, streamId: `str_${kind}_${pick(ALNUM, 4)}_${id}`, mediaOptions });
    }
    const connection: OpenViduConnection = {
      id,
      object: 'connection',
      status: 'active',
      connectionId: id,
      sessionId,
      createdAt: now,
      type,
      record: true,
      role: join.role ?? 'PUBLISHER',
      kurentoOptions: null,
      customIceServers: [],
      rtspUri: null,
      adaptativeBitrate: null,
      onlyPlayWithSubscribers: null,
      networkCache: null,
      serverData: join.serverData ?? '',
      token: `wss://127.0.0.1:${this.port}?sessionId=${sessionId}&token=tok_${pick(LETTERS, 1)}${pick(ALNUM, 15)}`,
      activeAt: now,
      location: 'unknown',
      ip: '127.0.0.1',
      platform: 'test double',
      clientData: '',
      publishers,
      subscribers: [],
    };
    session.connections.content.push(connection);
    session.connections.numberOfElements = session.connections.content.length;
    return connection;
  }

  /** Removes a session as OpenVidu's garbage collector would; returns whether it existed. */
  dropSession(id: string): boolean {
    return this.sessions.delete(id);
  }

  protected override handle(req: RecordedRequest, res: ServerResponse): void {
    if (req.path !== API && !req.path.startsWith(`${API}/`)) return sendEmpty(res, 404);
    if (req.headers.authorization !== this.authHeader) {
      req.authFailure = req.headers.authorization ? 'wrong Basic credentials' : 'missing Authorization header';
      return sendEmpty(res, 401, { 'www-authenticate': 'Basic realm="OpenVidu"' });
    }
    try {
      this.route(req, res);
    } catch (error) {
      if (!(error instanceof BadRequest)) throw error;
      this.sendError(res, 400, error.message, req.path);
    }
  }

  private route(req: RecordedRequest, res: ServerResponse): void {
    const rest = req.path.slice(API.length);
    const query = new URL(req.url, 'http://double.invalid').searchParams;
    let m: RegExpMatchArray | null;

    if (/^\/sessions\/?$/.test(rest)) {
      if (req.method === 'POST') return this.createSession(req, res);
      if (req.method === 'GET') {
        const pending = query.get('pendingConnections') === 'true';
        const content = [...this.sessions.values()].map((s) => this.toWire(s, pending));
        return sendJson(res, 200, { numberOfElements: content.length, content });
      }
    } else if ((m = /^\/sessions\/([^/]+)$/.exec(rest))) {
      const id = safeDecode(m[1]!);
      const session = this.sessions.get(id);
      if (req.method === 'GET') {
        return session ? sendJson(res, 200, this.toWire(session, query.get('pendingConnections') === 'true')) : sendEmpty(res, 404);
      }
      if (req.method === 'DELETE') return sendEmpty(res, this.sessions.delete(id) ? 204 : 404);
    } else if ((m = /^\/sessions\/([^/]+)\/connection$/.exec(rest))) {
      const session = this.sessions.get(safeDecode(m[1]!));
      if (req.method === 'POST') return session ? this.createConnection(req, res, session) : sendEmpty(res, 404);
      if (req.method === 'GET') {
        if (!session) return sendEmpty(res, 404);
        // Listing connections includes pending ones by default.
        const content = this.visibleConnections(session, query.get('pendingConnections') !== 'false');
        return sendJson(res, 200, { numberOfElements: content.length, content });
      }
    } else if ((m = /^\/sessions\/([^/]+)\/connection\/([^/]+)$/.exec(rest))) {
      const sessionId = safeDecode(m[1]!);
      const session = this.sessions.get(sessionId);
      const connectionId = safeDecode(m[2]!);
      if (req.method === 'GET' || req.method === 'DELETE') {
        // Contract pitfall 4: an unknown *session* is a 400 here, not a 404.
        if (!session) return this.sendError(res, 400, `Session ${sessionId} not found`, req.path);
        const index = session.connections.content.findIndex((c) => c.id === connectionId);
        if (index < 0) return sendEmpty(res, 404);
        if (req.method === 'GET') return sendJson(res, 200, session.connections.content[index]);
        session.connections.content.splice(index, 1);
        session.connections.numberOfElements = session.connections.content.length;
        return sendEmpty(res, 204);
      }
    } else if ((m = /^\/sessions\/([^/]+)\/stream\/([^/]+)$/.exec(rest)) && req.method === 'DELETE') {
      // Order as OpenVidu checks: no session 400; nobody ever joined or no such stream 404; IP camera 405.
      const sessionId = safeDecode(m[1]!);
      const session = this.sessions.get(sessionId);
      if (!session) return this.sendError(res, 400, `Session ${sessionId} not found`, req.path);
      const streamId = safeDecode(m[2]!);
      for (const connection of session.connections.content) {
        const publishers = connection.publishers ?? [];
        const index = publishers.findIndex((p) => p.streamId === streamId);
        if (index < 0) continue;
        if (connection.type === 'IPCAM') return sendEmpty(res, 405);
        publishers.splice(index, 1);
        return sendEmpty(res, 204);
      }
      return sendEmpty(res, 404);
    }
    sendEmpty(res, 404);
  }

  private createSession(req: RecordedRequest, res: ServerResponse): void {
    const params = bodyParams(req);
    const customSessionId = optional<string>(params, 'customSessionId', 'string') ?? '';
    if (customSessionId !== '' && !CUSTOM_ID.test(customSessionId)) {
      throw new BadRequest(
        "Some parameter is not valid. Parameter 'customSessionId' is wrong. Must be an alphanumeric string [a-zA-Z0-9_-]",
      );
    }
    const mediaNode = optional<Params>(params, 'mediaNode', 'object');
    if (mediaNode && typeof mediaNode.id !== 'string') throw new BadRequest("Type error in some parameter: 'mediaNode.id' must be a string");
    const session = this.newSession({
      customSessionId,
      mediaMode: optionalEnum(params, 'mediaMode', MEDIA_MODES),
      recordingMode: optionalEnum(params, 'recordingMode', RECORDING_MODES),
      forcedVideoCodec: optionalEnum(params, 'forcedVideoCodec', VIDEO_CODECS),
      allowTranscoding: optional<boolean>(params, 'allowTranscoding', 'boolean'),
      defaultRecordingProperties: recordingProperties(optional<Params>(params, 'defaultRecordingProperties', 'object')),
      ...(mediaNode ? { mediaNode: { id: mediaNode.id as string } } : {}),
    });
    // Validation comes first (400 wins over 409), as in SessionRestController.
    if (this.sessions.has(session.id)) return sendEmpty(res, 409);
    this.sessions.set(session.id, session);
    sendJson(res, 200, this.toWire(session, false));
  }

  private createConnection(req: RecordedRequest, res: ServerResponse, session: OpenViduSession): void {
    const params = bodyParams(req);
    const type = optionalEnum(params, 'type', CONNECTION_TYPES) ?? 'WEBRTC';
    const data = optional<string>(params, 'data', 'string') ?? '';
    const record = optional<boolean>(params, 'record', 'boolean') ?? true;
    const roleValue = optional<string>(params, 'role', 'string');
    if (roleValue !== undefined && !ROLES.includes(roleValue as OpenViduRole)) {
      throw new BadRequest(`Parameter role ${roleValue} is not defined`);
    }
    const role = (roleValue as OpenViduRole | undefined) ?? 'PUBLISHER';
    const kurentoOptions = optional<Params>(params, 'kurentoOptions', 'object') ?? null;
    const customIceServers = optional<unknown[]>(params, 'customIceServers', 'array') ?? [];
    for (const server of customIceServers) {
      if (typeof server !== 'object' || server === null || typeof (server as Params).url !== 'string') {
        throw new BadRequest("Type error in some parameter: 'customIceServers' items need a string 'url'");
      }
    }
    const rtspUri = optional<string>(params, 'rtspUri', 'string');
    if (type === 'IPCAM' && !rtspUri) throw new BadRequest("Some parameter is not valid. 'rtspUri' is mandatory for IPCAM connections");

    const id = `con_${pick(UPPER, 1)}${pick(ALNUM, 9)}`;
    const host = req.headers.host ?? `127.0.0.1:${this.port}`;
    const connection: OpenViduConnection = {
      id,
      object: 'connection',
      status: 'pending',
      connectionId: id,
      sessionId: session.id,
      createdAt: Date.now(),
      type,
      record,
      role,
      kurentoOptions,
      customIceServers: customIceServers as Params[],
      rtspUri: type === 'IPCAM' ? rtspUri! : null,
      adaptativeBitrate: type === 'IPCAM' ? (optional<boolean>(params, 'adaptativeBitrate', 'boolean') ?? true) : null,
      onlyPlayWithSubscribers: type === 'IPCAM' ? (optional<boolean>(params, 'onlyPlayWithSubscribers', 'boolean') ?? true) : null,
      networkCache: type === 'IPCAM' ? (optional<number>(params, 'networkCache', 'number') ?? 2000) : null,
      serverData: data,
      token: `wss://${host}?sessionId=${session.id}&token=tok_${pick(LETTERS, 1)}${pick(ALNUM, 15)}`,
      activeAt: null,
      location: null,
      ip: null,
      platform: null,
      clientData: null,
      publishers: null,
      subscribers: null,
    };
    session.connections.content.push(connection);
    session.connections.numberOfElements = session.connections.content.length;
    sendJson(res, 200, connection);
  }

  private newSession(init: {
    customSessionId: string;
    mediaMode?: 'ROUTED';
    recordingMode?: 'MANUAL' | 'ALWAYS';
    forcedVideoCodec?: string;
    allowTranscoding?: boolean;
    defaultRecordingProperties?: Record<string, unknown>;
    mediaNode?: { id: string };
  }): OpenViduSession {
    let id = init.customSessionId;
    while (id === '' || (init.customSessionId === '' && this.sessions.has(id))) id = `ses_${pick(UPPER, 1)}${pick(ALNUM, 9)}`;
    return {
      id,
      object: 'session',
      sessionId: id,
      createdAt: Date.now(),
      recording: false,
      broadcasting: false,
      mediaMode: init.mediaMode ?? 'ROUTED',
      recordingMode: init.recordingMode ?? 'MANUAL',
      defaultRecordingProperties: init.defaultRecordingProperties ?? recordingProperties(undefined),
      customSessionId: init.customSessionId,
      forcedVideoCodec: init.forcedVideoCodec ?? 'MEDIA_SERVER_PREFERRED',
      allowTranscoding: init.allowTranscoding ?? false,
      ...(init.mediaNode ? { mediaNode: init.mediaNode } : {}),
      connections: { numberOfElements: 0, content: [] },
    };
  }

  private visibleConnections(session: OpenViduSession, includePending: boolean): OpenViduConnection[] {
    return session.connections.content.filter((c) => includePending || c.status !== 'pending');
  }

  /** Session JSON as sent on the wire: pending connections only when asked for (`pendingConnections=true`). */
  private toWire(session: OpenViduSession, includePending: boolean): OpenViduSession {
    const content = this.visibleConnections(session, includePending);
    return { ...session, connections: { numberOfElements: content.length, content } };
  }

  private sendError(res: ServerResponse, status: number, message: string, path: string): void {
    sendJson(res, status, { timestamp: Date.now(), status, error: STATUS_CODES[status] ?? 'Error', message, path });
  }
}

/** Starts an OpenVidu 2.x double on 127.0.0.1 (ephemeral port). Call `close()` in `afterAll`. */
export async function startOpenViduDouble(options: OpenViduDoubleOptions): Promise<OpenViduDouble> {
  return new OpenViduDouble(options).listen();
}
