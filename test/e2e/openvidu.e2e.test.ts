import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateConnectionDocument, CreateSessionDocument } from '../../client/generated/graphql.js';
import { mintHs256CallerToken } from '../support/caller-tokens.js';
import { startOpenViduDouble, type OpenViduDouble } from '../support/doubles/openvidu-double.js';
import { unusedPortUrl } from '../support/doubles/double-server.js';
import { execute, expectData, expectErrorCode, seenResponses } from '../support/graphql-client.js';
import { startTestGateway, TEST_AUTH_SECRET, type TestGateway } from '../support/start-test-gateway.js';

const SECRET = `ov-secret-${Math.random().toString(36).slice(2)}-canary`;
const TIMEOUT_MS = 400;

describe('OpenVidu: createSession and createConnection', () => {
  let openvidu: OpenViduDouble;
  let gw: TestGateway;
  let alice: string;
  let mona: string;

  beforeAll(async () => {
    openvidu = await startOpenViduDouble({ secret: SECRET });
    // The faults below would open the circuit; the breaker has its own tests (provider-resilience).
    gw = await startTestGateway({
      OPENVIDU_URL: openvidu.url,
      OPENVIDU_SECRET: SECRET,
      OPENVIDU_TIMEOUT_MS: String(TIMEOUT_MS),
      PROVIDER_BREAKER_THRESHOLD: '1000',
    });
    alice = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'alice', name: 'Alice' });
    mona = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'mona', name: 'Mona', roles: ['moderator'] });
  });
  afterEach(() => openvidu.reset());
  afterAll(async () => {
    await gw.close();
    await openvidu.close();
  });

  it('creates a session with the requested properties, authenticating with Basic OPENVIDUAPP', async () => {
    const res = await execute(
      gw.graphqlUrl,
      CreateSessionDocument,
      { input: { customSessionId: 'standup-7', recordingMode: 'ALWAYS', forcedVideoCodec: 'VP8', allowTranscoding: true } },
      // Recording from the start is a moderator grant in the built-in policy.
      { token: mona },
    );
    const session = expectData(res).createSession;
    expect(session).toMatchObject({ id: 'standup-7', recordingMode: 'ALWAYS', forcedVideoCodec: 'VP8', allowTranscoding: true, alreadyExisted: false });
    const [call] = openvidu.findRequests('POST', '/openvidu/api/sessions');
    expect(call.headers.authorization).toBe(`Basic ${Buffer.from(`OPENVIDUAPP:${SECRET}`).toString('base64')}`);
    expect(call.body).toEqual({ customSessionId: 'standup-7', recordingMode: 'ALWAYS', forcedVideoCodec: 'VP8', allowTranscoding: true });
  });

  it('creates a session with a generated id when no input is given', async () => {
    const session = expectData(await execute(gw.graphqlUrl, CreateSessionDocument, {}, { token: alice })).createSession;
    expect(session.id).toMatch(/^ses_[A-Z][A-Za-z0-9]{9}$/);
    expect(openvidu.findRequests('POST', '/openvidu/api/sessions')[0].body).toEqual({});
  });

  it('returns the existing session when the custom id exists (409 with an empty body)', async () => {
    openvidu.addSession('daily');
    const session = expectData(
      await execute(gw.graphqlUrl, CreateSessionDocument, { input: { customSessionId: 'daily' } }, { token: alice }),
    ).createSession;
    expect(session).toMatchObject({ id: 'daily', alreadyExisted: true });
    expect(openvidu.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /openvidu/api/sessions',
      'GET /openvidu/api/sessions/daily',
    ]);
  });

  it('creates a connection whose data names the caller, with only gateway-chosen fields', async () => {
    openvidu.addSession('room-a');
    const conn = expectData(
      await execute(gw.graphqlUrl, CreateConnectionDocument, { input: { sessionId: 'room-a', record: false } }, { token: alice }),
    ).createConnection;
    expect(conn).toMatchObject({ sessionId: 'room-a', role: 'PUBLISHER', record: false });
    expect(conn.token).toMatch(/^wss:\/\/.+sessionId=room-a&token=tok_/);
    expect(JSON.parse(conn.data)).toEqual({ userId: 'alice', name: 'Alice' });
    const [call] = openvidu.findRequests('POST', '/openvidu/api/sessions/room-a/connection');
    expect(call.body).toEqual({ type: 'WEBRTC', role: 'PUBLISHER', record: false, data: '{"userId":"alice","name":"Alice"}' });
  });

  it('refuses MODERATOR to a participant without calling OpenVidu, and grants it to a moderator', async () => {
    openvidu.addSession('room-b');
    const refused = await execute(gw.graphqlUrl, CreateConnectionDocument, { input: { sessionId: 'room-b', role: 'MODERATOR' } }, { token: alice });
    expectErrorCode(refused, 'FORBIDDEN');
    expect(openvidu.requests).toHaveLength(0);
    const conn = expectData(
      await execute(gw.graphqlUrl, CreateConnectionDocument, { input: { sessionId: 'room-b' } }, { token: mona }),
    ).createConnection;
    expect(conn.role).toBe('MODERATOR');
  });

  it('maps an unknown session (404, empty body) to NOT_FOUND', async () => {
    const res = await execute(gw.graphqlUrl, CreateConnectionDocument, { input: { sessionId: 'nope' } }, { token: alice });
    expect(expectErrorCode(res, 'NOT_FOUND').extensions?.resource).toBe('session');
  });

  it('rejects a customSessionId outside [a-zA-Z0-9_-] before any provider call', async () => {
    for (const customSessionId of ['has space', '../sessions', 'a?x=1', 'dot.ted', 'x'.repeat(65)]) {
      const res = await execute(gw.graphqlUrl, CreateSessionDocument, { input: { customSessionId } }, { token: alice });
      expectErrorCode(res, 'BAD_USER_INPUT');
    }
    expect(openvidu.requests).toHaveLength(0);
  });

  it('maps OpenVidu 400 to BAD_USER_INPUT', async () => {
    openvidu.inject({ kind: 'status', status: 400, body: { status: 400, error: 'Bad Request', message: 'Parameter x is wrong', path: '/openvidu/api/sessions' } });
    const res = await execute(gw.graphqlUrl, CreateSessionDocument, {}, { token: alice });
    expectErrorCode(res, 'BAD_USER_INPUT');
    expect(res.text).not.toContain('Parameter x is wrong');
  });

  describe('provider faults', () => {
    it('maps a 401 (wrong secret) to PROVIDER_ERROR and logs it loudly without the secret', async () => {
      openvidu.inject({ kind: 'status', status: 401, headers: { 'www-authenticate': 'Basic realm="OpenVidu"' } });
      const res = await execute(gw.graphqlUrl, CreateSessionDocument, {}, { token: alice });
      expect(expectErrorCode(res, 'PROVIDER_ERROR').extensions?.provider).toBe('openvidu');
      const alert = gw.logRecords().find((r) => r.alert === 'provider_credentials_rejected');
      expect(alert).toMatchObject({ level: 50, provider: 'openvidu', operation: 'createSession', status: 401 });
    });

    it('maps a hung provider to PROVIDER_TIMEOUT within the configured deadline', async () => {
      openvidu.inject({ kind: 'hang' });
      const started = Date.now();
      const res = await execute(gw.graphqlUrl, CreateSessionDocument, {}, { token: alice });
      expect(expectErrorCode(res, 'PROVIDER_TIMEOUT').extensions?.provider).toBe('openvidu');
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1500);
    });

    it('maps a trickling body (slow-loris) to PROVIDER_TIMEOUT', async () => {
      openvidu.inject({ kind: 'trickle', intervalMs: 50 });
      const res = await execute(gw.graphqlUrl, CreateSessionDocument, {}, { token: alice });
      expectErrorCode(res, 'PROVIDER_TIMEOUT');
    });

    it('maps a connection reset to PROVIDER_ERROR and does not retry the POST', async () => {
      openvidu.addSession('room-c');
      openvidu.inject({ kind: 'reset' });
      const res = await execute(gw.graphqlUrl, CreateConnectionDocument, { input: { sessionId: 'room-c' } }, { token: alice });
      expectErrorCode(res, 'PROVIDER_ERROR');
      expect(openvidu.findRequests('POST', '/openvidu/api/sessions/room-c/connection')).toHaveLength(1);
    });

    it('maps a 5xx to PROVIDER_ERROR without retrying the create', async () => {
      openvidu.addSession('room-d');
      openvidu.inject({ kind: 'status', status: 500, body: { message: 'Error creating Connection for session room-d' } });
      const res = await execute(gw.graphqlUrl, CreateConnectionDocument, { input: { sessionId: 'room-d' } }, { token: alice });
      expectErrorCode(res, 'PROVIDER_ERROR');
      expect(res.text).not.toContain('Error creating');
      expect(openvidu.requests).toHaveLength(1);
    });

    it('maps an unparsable 200 body to PROVIDER_ERROR', async () => {
      openvidu.inject({ kind: 'garbage' });
      const res = await execute(gw.graphqlUrl, CreateSessionDocument, {}, { token: alice });
      expectErrorCode(res, 'PROVIDER_ERROR');
    });

    it('maps a well-formed 200 without a token to PROVIDER_ERROR (never an empty credential)', async () => {
      openvidu.addSession('room-e');
      openvidu.inject({ kind: 'status', status: 200, body: { id: 'con_X', sessionId: 'room-e', token: '' } });
      const res = await execute(gw.graphqlUrl, CreateConnectionDocument, { input: { sessionId: 'room-e' } }, { token: alice });
      expectErrorCode(res, 'PROVIDER_ERROR');
    });

    it('maps a refused connection to PROVIDER_ERROR', async () => {
      const dead = await startTestGateway({ OPENVIDU_URL: await unusedPortUrl(), OPENVIDU_SECRET: SECRET });
      try {
        const res = await execute(dead.graphqlUrl, CreateSessionDocument, {}, { token: alice });
        expectErrorCode(res, 'PROVIDER_ERROR');
      } finally {
        await dead.close();
      }
    });
  });

  it('reuses keep-alive connections to OpenVidu', async () => {
    openvidu.addSession('room-f');
    // A caller of its own: alice has spent much of the built-in 30-a-minute credential budget above.
    const kai = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'kai' });
    const before = openvidu.connectionCount;
    for (let i = 0; i < 10; i++) {
      expectData(await execute(gw.graphqlUrl, CreateConnectionDocument, { input: { sessionId: 'room-f' } }, { token: kai }));
    }
    expect(openvidu.connectionCount - before).toBeLessThanOrEqual(1);
  });

  it('never shows the OpenVidu secret or its Basic header in responses or logs', () => {
    const basic = Buffer.from(`OPENVIDUAPP:${SECRET}`).toString('base64');
    const everything = [...seenResponses, ...gw.logs].join('\n');
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(basic);
    expect(everything).not.toContain(openvidu.url);
    expect(everything).not.toMatch(/"stack(trace)?"/);
  });
});
