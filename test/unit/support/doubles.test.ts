/**
 * Proves the test doubles in test/support honour the provider contracts described in their headers
 * (authentication, status codes, empty 409/404 bodies, body validation) and that their faults really happen on the wire, using plain fetch / node:http against real sockets.
 */
import http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, SignJWT } from 'jose';
import { encodeUnsignedJwt, mintHs256CallerToken } from '../../support/caller-tokens.js';
import { createDoubleServer, sendJson, unusedPortUrl } from '../../support/doubles/double-server.js';
import { startFakeIdp, type FakeIdp } from '../../support/doubles/fake-idp.js';
import { openViduAuthHeader, startOpenViduDouble, type OpenViduDouble } from '../../support/doubles/openvidu-double.js';
import { startVideoSdkDouble, type VideoSdkDouble } from '../../support/doubles/videosdk-double.js';

/** GET with a keep-alive node:http agent; resolves with status and body once the response has ended. */
function httpGet(url: string, agent: http.Agent, headers: http.OutgoingHttpHeaders = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { agent, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('OpenVidu double', () => {
  const secret = 'test-secret-ov';
  let ov: OpenViduDouble;
  let auth: Record<string, string>;

  beforeAll(async () => {
    ov = await startOpenViduDouble({ secret });
    auth = { authorization: openViduAuthHeader(secret), 'content-type': 'application/json' };
  });
  afterAll(() => ov.close());
  beforeEach(() => ov.reset());

  const post = (path: string, body?: unknown, headers: Record<string, string> = auth): Promise<Response> =>
    fetch(`${ov.url}${path}`, { method: 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body) });

  it('answers 401 with an empty body and a Basic challenge without valid credentials', async () => {
    const missing = await post('/openvidu/api/sessions', {}, { 'content-type': 'application/json' });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Basic realm="OpenVidu"');
    expect(await missing.text()).toBe('');

    const wrong = await post('/openvidu/api/sessions', {}, { authorization: openViduAuthHeader('nope') });
    expect(wrong.status).toBe(401);
    expect(ov.sessions.size).toBe(0);
    expect(ov.requests).toHaveLength(2);
  });

  it('creates a session (200, full Session) and answers 409 with an empty body for the same custom id', async () => {
    const first = await post('/openvidu/api/sessions', { customSessionId: 'standup-7', recordingMode: 'MANUAL' });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/json');
    expect(await first.json()).toEqual({
      id: 'standup-7',
      object: 'session',
      sessionId: 'standup-7',
      createdAt: expect.any(Number),
      recording: false,
      broadcasting: false,
      mediaMode: 'ROUTED',
      recordingMode: 'MANUAL',
      defaultRecordingProperties: {
        name: '',
        hasAudio: true,
        hasVideo: true,
        outputMode: 'COMPOSED',
        recordingLayout: 'BEST_FIT',
        resolution: '1280x720',
        frameRate: 25,
        shmSize: 536870912,
      },
      customSessionId: 'standup-7',
      forcedVideoCodec: 'MEDIA_SERVER_PREFERRED',
      allowTranscoding: false,
      connections: { numberOfElements: 0, content: [] },
    });

    const again = await post('/openvidu/api/sessions', { customSessionId: 'standup-7' });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toBeNull();
    expect(again.headers.get('content-length')).toBe('0');
    expect(await again.text()).toBe('');
    expect(ov.sessions.size).toBe(1);
    expect(ov.findRequests('POST', '/openvidu/api/sessions')).toHaveLength(2);
  });

  it('generates ses_ ids when no custom id is given, with or without a body', async () => {
    const withoutBody = await post('/openvidu/api/sessions');
    const withEmpty = await post('/openvidu/api/sessions', {});
    const ids = [(await withoutBody.json()) as { id: string }, (await withEmpty.json()) as { id: string }].map((s) => s.id);
    for (const id of ids) expect(id).toMatch(/^ses_[A-Z][A-Za-z0-9]{9}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it.each([
    [{ customSessionId: 'team 7/standup' }, 'customSessionId'],
    [{ recordingMode: 'SOMETIMES' }, 'recordingMode'],
    [{ allowTranscoding: 'yes' }, 'allowTranscoding'],
    [{ mediaMode: 'RELAYED' }, 'mediaMode'],
    [{ forcedVideoCodec: 'AV1' }, 'forcedVideoCodec'],
  ])('rejects %j with the 400 error envelope', async (body, field) => {
    const res = await post('/openvidu/api/sessions', body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      timestamp: expect.any(Number),
      status: 400,
      error: 'Bad Request',
      message: expect.stringContaining(field),
      path: '/openvidu/api/sessions',
    });
    expect(ov.sessions.size).toBe(0);
  });

  it('answers 404 with an empty body for a connection on an unknown session', async () => {
    const res = await post('/openvidu/api/sessions/ses_Zz00000000/connection', {});
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBeNull();
    expect(await res.text()).toBe('');
  });

  it('creates a pending connection with a wss:// token and stores it on the session', async () => {
    ov.addSession('room-1');
    const res = await post('/openvidu/api/sessions/room-1/connection', { type: 'WEBRTC', role: 'MODERATOR', data: '{"u":1}' });
    expect(res.status).toBe(200);
    const con = (await res.json()) as Record<string, unknown>;
    expect(con).toMatchObject({
      object: 'connection',
      status: 'pending',
      sessionId: 'room-1',
      role: 'MODERATOR',
      record: true,
      serverData: '{"u":1}',
    });
    expect(con.id).toMatch(/^con_[A-Z][A-Za-z0-9]{9}$/);
    expect(con.token).toMatch(new RegExp(`^wss://127\\.0\\.0\\.1:${ov.port}\\?sessionId=room-1&token=tok_[A-Za-z][A-Za-z0-9]{15}$`));
    expect(ov.sessions.get('room-1')!.connections.numberOfElements).toBe(1);

    const badRole = await post('/openvidu/api/sessions/room-1/connection', { role: 'ADMIN' });
    expect(badRole.status).toBe(400);
    expect(((await badRole.json()) as { message: string }).message).toBe('Parameter role ADMIN is not defined');

    // GET lists pending connections only when asked to; DELETE then GET gives 404 (session dropped).
    const countConnections = async (query: string): Promise<number> => {
      const res = await fetch(`${ov.url}/openvidu/api/sessions/room-1${query}`, { headers: auth });
      return ((await res.json()) as { connections: { numberOfElements: number } }).connections.numberOfElements;
    };
    expect([await countConnections(''), await countConnections('?pendingConnections=true')]).toEqual([0, 1]);
    expect((await fetch(`${ov.url}/openvidu/api/sessions/room-1`, { method: 'DELETE', headers: auth })).status).toBe(204);
    expect((await fetch(`${ov.url}/openvidu/api/sessions/room-1`, { headers: auth })).status).toBe(404);
  });

  it('hangs on a hang fault until the client gives up, and still records the request', async () => {
    ov.inject({ kind: 'hang' });
    const started = Date.now();
    const error = await fetch(`${ov.url}/openvidu/api/sessions`, {
      method: 'POST',
      headers: auth,
      body: '{}',
      signal: AbortSignal.timeout(200),
    }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.name).toMatch(/^(TimeoutError|AbortError)$/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(ov.requests).toHaveLength(1);
    expect(ov.requests[0]!.fault).toBe('hang');
    expect(ov.sessions.size).toBe(0);
  });

  it('resets the connection on a reset fault (fetch fails), then behaves normally', async () => {
    ov.inject({ kind: 'reset' });
    // fetch rejects with a TypeError from Node's own realm, so compare by name rather than constructor.
    await expect(post('/openvidu/api/sessions', {})).rejects.toMatchObject({ name: 'TypeError', cause: { code: 'ECONNRESET' } });
    expect((await post('/openvidu/api/sessions', {})).status).toBe(200);
    expect(ov.requests.map((r) => r.fault)).toEqual(['reset', undefined]);
  });

  it('reuses one keep-alive connection for sequential requests', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      ov.addSession('ka');
      for (let i = 0; i < 5; i += 1) {
        const res = await httpGet(`${ov.url}/openvidu/api/sessions/ka`, agent, { authorization: openViduAuthHeader(secret) });
        expect(res.status).toBe(200);
        await new Promise((resolve) => setImmediate(resolve)); // let the agent put the socket back in its pool
      }
      expect(ov.requests).toHaveLength(5);
      expect(ov.connectionCount).toBe(1);
    } finally {
      agent.destroy();
    }
  });
});

describe('fault kinds (DoubleServer base)', () => {
  let double: Awaited<ReturnType<typeof createDoubleServer>>;

  beforeAll(async () => {
    double = await createDoubleServer((_req, res) => sendJson(res, 200, { ok: true }));
  });
  afterAll(() => double.close());
  beforeEach(() => double.reset());

  it('applies queued faults FIFO, one per request, then the standing fault, then normal answers', async () => {
    double.inject({ kind: 'status', status: 503, text: 'busy', headers: { 'retry-after': '3600' } }, 2);
    double.inject({ kind: 'status', status: 500 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await fetch(double.url)).status);
    expect(statuses).toEqual([503, 503, 500]);

    double.injectAlways({ kind: 'status', status: 502, body: { error: 'bad gateway' } });
    const always = await fetch(double.url);
    expect([always.status, await always.json()]).toEqual([502, { error: 'bad gateway' }]);
    double.clearFaults();
    expect(await (await fetch(double.url)).json()).toEqual({ ok: true });
  });

  it('sends garbage with a JSON content type', async () => {
    double.inject({ kind: 'garbage' });
    const res = await fetch(double.url);
    expect(res.headers.get('content-type')).toBe('application/json');
    await expect(res.json()).rejects.toMatchObject({ name: 'SyntaxError' });
  });

  it('delays a normal answer', async () => {
    double.inject({ kind: 'delay', ms: 150 });
    const started = Date.now();
    expect(await (await fetch(double.url)).json()).toEqual({ ok: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('sends a huge body of exactly the requested size, which is still valid JSON', async () => {
    double.inject({ kind: 'huge', bytes: 300_000 });
    const res = await fetch(double.url);
    expect(res.headers.get('content-length')).toBe('300000');
    const text = await res.text();
    expect(text).toHaveLength(300_000);
    expect(() => JSON.parse(text) as unknown).not.toThrow();
  });

  it('trickles: headers arrive at once, the body never completes', async () => {
    double.inject({ kind: 'trickle', intervalMs: 20 });
    const controller = new AbortController();
    const res = await fetch(double.url, { signal: controller.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('{');
    controller.abort();
    await expect(reader.read()).rejects.toThrow();
  });

  it('gives a URL where nothing listens (ECONNREFUSED)', async () => {
    const url = await unusedPortUrl();
    const error = await fetch(url).then(
      () => undefined,
      (e: unknown) => e as Error & { cause?: { code?: string } },
    );
    expect(error?.cause?.code).toBe('ECONNREFUSED');
  });
});

describe('VideoSDK double', () => {
  const apiKey = 'test-api-key';
  const secret = 'test-videosdk-secret';
  let vs: VideoSdkDouble;

  const token = (payload: Record<string, unknown>, exp: string = '10m'): Promise<string> =>
    new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(new TextEncoder().encode(secret));
  const management = (): Promise<string> => token({ apikey: apiKey, permissions: ['allow_join'], version: 2, roles: ['crawler'] });

  beforeAll(async () => {
    vs = await startVideoSdkDouble({ apiKey, secret });
  });
  afterAll(() => vs.close());
  beforeEach(() => vs.reset());

  const createRoom = async (authorization: string, body: unknown = {}): Promise<Response> =>
    fetch(`${vs.url}/v2/rooms`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('refuses a Bearer-prefixed token with 401 {error}', async () => {
    const res = await createRoom(`Bearer ${await management()}`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'Token is invalid or expired' });
    expect(vs.rooms.size).toBe(0);
  });

  it('refuses an rtc-only token, an expired token and a wrong apikey, recording the decoded claims', async () => {
    const rtcOnly = await token({ apikey: apiKey, permissions: ['allow_join'], version: 2, roles: ['rtc'] });
    const expired = await token({ apikey: apiKey, permissions: ['allow_join'] }, '-1m');
    const otherKey = await token({ apikey: 'other', permissions: ['allow_join'] });
    for (const t of [rtcOnly, expired, otherKey]) expect((await createRoom(t)).status).toBe(401);
    expect(vs.requests[0]!.jwtPayload).toMatchObject({ roles: ['rtc'] });
    expect(vs.requests.map((r) => r.authFailure)).toEqual([
      'rtc-only token cannot call the REST API',
      'JWT rejected (ERR_JWT_EXPIRED)',
      'apikey claim does not match the project',
    ]);
  });

  it('offers a plain-text 401 variant', async () => {
    vs.tokenRejection = 'text';
    const res = await createRoom('garbage');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toBe('Token is invalid or expired');
  });

  it('is idempotent on customRoomId and records the management token claims', async () => {
    const jwt = await management();
    const body = { customRoomId: 'acme-standup-7', autoCloseConfig: { type: 'session-ends', duration: 120 } };
    const first = (await (await createRoom(jwt, body)).json()) as Record<string, unknown>;
    const second = (await (await createRoom(jwt, { customRoomId: 'acme-standup-7' })).json()) as Record<string, unknown>;
    expect(second).toEqual(first);
    expect(first).toMatchObject({
      customRoomId: 'acme-standup-7',
      disabled: false,
      autoCloseConfig: { type: 'session-ends', duration: 120 },
    });
    expect(first.roomId).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
    expect(first.id).toMatch(/^[0-9a-f]{24}$/);
    expect(first.userId).toMatch(/^[0-9a-f]{24}$/);
    expect(vs.rooms.size).toBe(1);
    expect(vs.requests[0]!.jwtPayload).toMatchObject({ apikey: apiKey, roles: ['crawler'], version: 2 });

    const other = (await (await createRoom(jwt)).json()) as Record<string, unknown>;
    expect(other.roomId).not.toBe(first.roomId);
    expect(other).not.toHaveProperty('customRoomId');
  });

  it('rejects a malformed autoCloseConfig with 400 {error}', async () => {
    const res = await createRoom(await management(), { autoCloseConfig: { type: 'session-ends', duration: 0 } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: expect.any(String) });
  });

  it('validates by roomId or customRoomId, and answers 400 text for an unknown room', async () => {
    const jwt = await management();
    const room = vs.addRoom({ customRoomId: 'acme-7' });
    for (const id of [room.roomId, 'acme-7']) {
      const ok = await fetch(`${vs.url}/v2/rooms/validate/${id}`, { headers: { authorization: jwt } });
      expect([ok.status, ((await ok.json()) as { roomId: string }).roomId]).toEqual([200, room.roomId]);
    }
    const unknown = await fetch(`${vs.url}/v2/rooms/validate/zzzz-0000-qqqq`, { headers: { authorization: jwt } });
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await unknown.text()).toBe('Invalid roomId');
  });
});

describe('fake IdP and caller tokens', () => {
  let idp: FakeIdp;

  beforeAll(async () => {
    idp = await startFakeIdp({ audience: 'callgate-test' });
  });
  afterAll(() => idp.close());
  beforeEach(() => idp.reset());

  it('serves a public-only JWKS that verifies minted tokens, and counts the fetches', async () => {
    const jwks = createRemoteJWKSet(new URL(idp.jwksUrl));
    const token = await idp.mint({ sub: 'user-1', roles: ['member'] });
    const { payload, protectedHeader } = await jwtVerify(token, jwks, {
      issuer: idp.url,
      audience: 'callgate-test',
      requiredClaims: ['exp'],
    });
    expect(payload).toMatchObject({ sub: 'user-1', roles: ['member'] });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: idp.currentKid });
    expect(idp.findRequests('GET', '/.well-known/jwks.json')).toHaveLength(1);
    const [published] = (idp.jwks as { keys: Record<string, unknown>[] }).keys;
    expect(published).toMatchObject({ kty: 'RSA', kid: idp.currentKid, alg: 'RS256', use: 'sig' });
    expect(published).not.toHaveProperty('d');
  });

  it('rotates keys and mints header/claim mutations', async () => {
    const oldKid = idp.currentKid;
    await idp.rotateKey();
    expect(idp.currentKid).not.toBe(oldKid);
    expect((idp.jwks as { keys: unknown[] }).keys).toHaveLength(2);

    const noKid = await idp.mint({ sub: 'u' }, { kid: null, omitExp: true, issuer: null });
    expect(decodeProtectedHeader(noKid)).not.toHaveProperty('kid');
    const claims = JSON.parse(Buffer.from(noKid.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).not.toHaveProperty('exp');
    expect(claims).not.toHaveProperty('iss');
    expect(claims.aud).toBe('callgate-test');
  });

  it('mints HS256 caller tokens with a 10 minute default lifetime', async () => {
    const secret = 'caller-secret-for-tests-0123456789';
    const token = await mintHs256CallerToken(secret, { sub: 'u-1', name: 'Ann', roles: ['host'] });
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'] });
    expect(payload.exp! - payload.iat!).toBe(600);
    const expired = await mintHs256CallerToken(secret, { sub: 'u' }, { expiresIn: -60 });
    await expect(jwtVerify(expired, new TextEncoder().encode(secret))).rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED' });
    expect(encodeUnsignedJwt({ alg: 'none' }, { sub: 'x' }).split('.')).toHaveLength(3);
  });
});
