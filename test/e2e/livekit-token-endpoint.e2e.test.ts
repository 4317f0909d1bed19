/**
 * POST /livekit/token, LiveKit's standard token endpoint: the real livekit-client `TokenSource.endpoint`
 * over a socket, HTTP semantics through Fastify inject(), tokens checked with LiveKit's TokenVerifier.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TokenSource } from 'livekit-client';
import { TokenVerifier } from 'livekit-server-sdk';
import { DEFAULT_POLICY } from '../../src/policy/default-policy.js';
import type { PolicyDefinition } from '../../src/policy/policy.types.js';
import { mintHs256CallerToken } from '../support/caller-tokens.js';
import { startTestGateway, TEST_AUTH_SECRET, type TestGateway } from '../support/start-test-gateway.js';

const LIVEKIT = { key: 'lk-endpoint-key', secret: 'lk-endpoint-secret-0123456789abcdef0123456789', url: 'wss://livekit.endpoint.test' };
const ORIGIN = 'https://app.example.test';

/**
 * The built-in policy, plus an `agents` role that may dispatch `support-bot`, a default role
 * `named-only` (the participant's rules, but the gateway may not name a room for it), and small
 * budgets (3 per caller, 5 per IP).
 */
const POLICY: PolicyDefinition = {
  ...DEFAULT_POLICY,
  defaultRole: 'named-only',
  roleOrder: ['named-only', 'participant', 'agents', 'moderator'],
  roles: {
    ...DEFAULT_POLICY.roles,
    'named-only': { ...DEFAULT_POLICY.roles.participant, rooms: { ...DEFAULT_POLICY.roles.participant.rooms, createWithGeneratedId: false } },
    agents: { ...DEFAULT_POLICY.roles.participant, livekit: { ...DEFAULT_POLICY.roles.participant.livekit, agents: ['support-bot'] } },
  },
  rateLimits: { perCaller: { points: 3, durationSeconds: 60 }, perIp: { points: 5, durationSeconds: 60 } },
};

describe('POST /livekit/token', () => {
  let dir: string;
  let gw: TestGateway;
  let ipCount = 0;
  const verifier = new TokenVerifier(LIVEKIT.key, LIVEKIT.secret);
  const caller = (sub: string, roles: string[] = []) => mintHs256CallerToken(TEST_AUTH_SECRET, { sub, name: `${sub} name`, roles });
  /** Each test gets its own client address, so address budgets never meet across tests. */
  const nextIp = () => `10.9.0.${++ipCount}`;

  const post = (body: unknown, options: { token?: string; ip?: string; contentType?: string; headers?: Record<string, string> } = {}) =>
    gw.gateway.app.inject({
      method: 'POST',
      url: '/livekit/token',
      remoteAddress: options.ip ?? nextIp(),
      headers: {
        ...(options.contentType === '' ? {} : { 'content-type': options.contentType ?? 'application/json' }),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const graphqlToken = (token: string, ip: string) =>
    gw.gateway.app.inject({
      method: 'POST',
      url: '/graphql',
      remoteAddress: ip,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      payload: JSON.stringify({ query: 'mutation { issueLivekitToken(input: { roomName: "shared-budget" }) { token } }' }),
    });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'callgate-lkep-'));
    const policyFile = join(dir, 'policy.json');
    await writeFile(policyFile, JSON.stringify(POLICY));
    gw = await startTestGateway({
      LIVEKIT_API_KEY: LIVEKIT.key,
      LIVEKIT_API_SECRET: LIVEKIT.secret,
      LIVEKIT_URL: LIVEKIT.url,
      POLICY_FILE: policyFile,
      CORS_ORIGINS: ORIGIN,
      METRICS_ON_MAIN_PORT: 'true',
    });
  });
  afterAll(async () => {
    await gw.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe("with livekit-client's TokenSource.endpoint", () => {
    it('fetches a token for the caller that LiveKit verifies, with the fields the SDK reads', async () => {
      const source = TokenSource.endpoint(`${gw.url}/livekit/token`, { headers: { Authorization: `Bearer ${await caller('alice')}` } });
      const details = await source.fetch({
        roomName: 'standup-9',
        participantIdentity: 'alice',
        participantName: 'Alice A',
        participantMetadata: '{"seat":4}',
        participantAttributes: { team: 'blue' },
      });
      // This client's TokenSourceResponse reads server_url and participant_token (room and name are in the token).
      expect(details).toMatchObject({ serverUrl: LIVEKIT.url, participantToken: expect.any(String) });
      const claims = await verifier.verify(details.participantToken);
      expect(claims).toMatchObject({ sub: 'alice', name: 'Alice A', metadata: '{"seat":4}', attributes: { team: 'blue' } });
      expect(claims.video).toMatchObject({ roomJoin: true, room: 'standup-9', canPublish: true });
      expect(claims.roomConfig).toBeUndefined();
    });

    it('dispatches an agent the policy names for the role, in the token roomConfig', async () => {
      const source = TokenSource.endpoint(`${gw.url}/livekit/token`, { headers: { Authorization: `Bearer ${await caller('ada', ['agents'])}` } });
      const details = await source.fetch({ roomName: 'help-desk', agentName: 'support-bot', agentMetadata: '{"lang":"en"}' });
      const claims = await verifier.verify(details.participantToken);
      expect(claims.sub).toBe('ada');
      expect((claims.roomConfig as { agents: unknown[] }).agents).toEqual([expect.objectContaining({ agentName: 'support-bot', metadata: '{"lang":"en"}' })]);
    });

    it('is refused an agent the policy does not name for the role (403), and the SDK reports it', async () => {
      const source = TokenSource.endpoint(`${gw.url}/livekit/token`, { headers: { Authorization: `Bearer ${await caller('pat')}` } });
      await expect(source.fetch({ roomName: 'help-desk', agentName: 'support-bot' })).rejects.toThrow(/received 403 .*"FORBIDDEN"/);
      const other = TokenSource.endpoint(`${gw.url}/livekit/token`, { headers: { Authorization: `Bearer ${await caller('ada2', ['agents'])}` } });
      await expect(other.fetch({ roomName: 'help-desk', agentName: 'billing-bot' })).rejects.toThrow(/received 403/);
    });
  });

  it('answers 201 with server_url, participant_token, room_name and participant_name as JSON, never cached', async () => {
    const res = await post({ room_name: 'r-201' }, { token: await caller('bea') });
    expect(res.statusCode).toBe(201);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['participant_name', 'participant_token', 'room_name', 'server_url']);
    expect(body).toMatchObject({ server_url: LIVEKIT.url, room_name: 'r-201', participant_name: 'bea name' });
    expect((await verifier.verify(body.participant_token)).sub).toBe('bea');
  });

  it('generates the room when no room_name is given and the policy allows createWithGeneratedId', async () => {
    const res = await post({}, { token: await caller('cid', ['participant']) });
    expect(res.statusCode).toBe(201);
    const { room_name: room, participant_token: token } = res.json();
    expect(room).toMatch(/^lk_[A-Za-z0-9_-]{16}$/);
    expect((await verifier.verify(token)).video?.room).toBe(room);
  });

  it('answers 400 when no room_name is given and no role of the caller may have the gateway name a room', async () => {
    const res = await post({}, { token: await caller('nia') });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'BAD_USER_INPUT', message: expect.stringMatching(/room name is required/) } });
  });

  it('accepts participant_identity equal to the caller id and refuses any other with 403', async () => {
    const token = await caller('dan');
    expect((await post({ room_name: 'r', participant_identity: 'dan' }, { token })).statusCode).toBe(201);
    const res = await post({ room_name: 'r', participant_identity: 'admin' }, { token });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({ error: { code: 'FORBIDDEN', message: expect.stringMatching(/own identity/) } });
  });

  it.each([
    ['text/plain', 415],
    ['application/x-www-form-urlencoded', 415],
    ['', 415],
  ])('refuses the content type %j with %i', async (contentType, status) => {
    const res = await post({ room_name: 'r' }, { token: await caller('eve'), contentType });
    expect(res.statusCode).toBe(status);
    expect(res.json()).toEqual({ error: { code: 'BAD_REQUEST', message: 'The request must be JSON (Content-Type: application/json).' } });
  });

  it.each([
    ['an unknown top-level field', { room_name: 'r', identity: 'x' }, /Unknown field\(s\): "identity"/],
    ['a body that is not an object', [1, 2], /JSON object/],
    ['a reserved lk. attribute key', { participant_attributes: { 'lk.agent.state': 'x' } }, /reserved by LiveKit/],
    ['a room name outside the charset', { room_name: 'a b' }, /room_name must be 1-64 characters/],
    ['a display name with a bidi override', { participant_name: 'Bob\u202E' }, /participant_name must be/],
    ['an unknown room_config field', { room_config: { max_people: 2 } }, /not a LiveKit RoomConfiguration/],
    ['an agent without a name', { room_config: { agents: [{ metadata: 'x' }] } }, /agent_name must name an agent/],
  ])('answers 400 BAD_USER_INPUT for %s', async (_name, body, message) => {
    const res = await post(body, { token: await caller('fay') });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'BAD_USER_INPUT', message: expect.stringMatching(message) } });
  });

  it('answers 400 BAD_REQUEST in its own shape for a body that is not JSON', async () => {
    const res = await post('{"room_name":', { token: await caller('gus') });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' } });
  });

  it('answers 413 BAD_REQUEST in its own shape for a body over the limit', async () => {
    const res = await post({ participant_metadata: 'x'.repeat(gw.config.server.bodyLimitBytes) }, { token: await caller('hob') });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ error: { code: 'BAD_REQUEST', message: `The request body is larger than ${gw.config.server.bodyLimitBytes} bytes.` } });
  });

  it('refuses room_config fields other than the agents with 403, never dropping them', async () => {
    const res = await post({ room_name: 'r', room_config: { max_participants: 2, agents: [] } }, { token: await caller('hal', ['agents']) });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toEqual({ code: 'FORBIDDEN', message: expect.stringContaining('max_participants') });
    const deployment = await post({ room_config: { agents: [{ agent_name: 'support-bot', deployment: 'canary' }] } }, { token: await caller('hal2', ['agents']) });
    expect(deployment.statusCode).toBe(403);
  });

  it('answers 401 without a token and with an invalid one, then 429 with Retry-After once the address spent its auth-failure budget', async () => {
    const ip = nextIp();
    const forged = await mintHs256CallerToken('not-the-gateway-secret-0123456789abcdef', { sub: 'mallory' });
    const none = await post({ room_name: 'r' }, { ip });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('UNAUTHENTICATED');
    // The auth-failure budget is the policy's per-IP rule (5 here): four more failures, then 429.
    for (let i = 0; i < 4; i++) expect((await post({ room_name: 'r' }, { ip, token: forged })).statusCode).toBe(401);
    const refused = await post({ room_name: 'r' }, { ip, token: forged });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // The same address budget as GraphQL's: the GraphQL endpoint refuses this address too.
    const graphql = await gw.gateway.app.inject({
      method: 'POST',
      url: '/graphql',
      remoteAddress: ip,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${forged}` },
      payload: JSON.stringify({ query: '{ viewer { id } }' }),
    });
    expect(graphql.statusCode).toBe(429);
  });

  it('spends the same caller budget as issueLivekitToken, one point per token (429 with Retry-After past it)', async () => {
    const token = await caller('ivy');
    const ip = nextIp();
    expect((await graphqlToken(token, ip)).statusCode).toBe(200);
    expect((await post({ room_name: 'r1' }, { token, ip })).statusCode).toBe(201);
    expect((await graphqlToken(token, ip)).statusCode).toBe(200);
    // Three points spent (the policy's per-caller budget): both transports refuse now.
    const refused = await post({ room_name: 'r2' }, { token, ip });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error).toEqual({ code: 'RATE_LIMITED', message: expect.any(String) });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await graphqlToken(token, ip)).statusCode).toBe(429);
  });

  it('answers a CORS preflight from an allowed origin with authorization and content-type allowed, and no other origin', async () => {
    const preflight = (origin: string) =>
      gw.gateway.app.inject({
        method: 'OPTIONS',
        url: '/livekit/token',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
    const allowed = await preflight(ORIGIN);
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(String(allowed.headers['access-control-allow-headers']).split(/,\s*/)).toEqual(expect.arrayContaining(['authorization', 'content-type']));
    expect(String(allowed.headers['access-control-allow-methods'])).toContain('POST');
    const other = await preflight('https://evil.example.test');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const answer = await post({ room_name: 'r' }, { token: await caller('jon'), headers: { origin: ORIGIN } });
    expect(answer.headers['access-control-allow-origin']).toBe(ORIGIN);
  });

  it('writes the audit line and a request line labelled livekit_token_endpoint, and never logs the token', async () => {
    const res = await post({ room_name: 'audited', room_config: { agents: [{ agent_name: 'support-bot' }] } }, { token: await caller('kim', ['agents']), headers: { 'x-request-id': 'client-7' } });
    expect(res.statusCode).toBe(201);
    const reqId = res.headers['x-request-id'];
    const lines = gw.logRecords().filter((line) => line.reqId === reqId);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          msg: 'audit',
          callerId: 'kim',
          clientRequestId: 'client-7',
          audit: expect.objectContaining({ event: 'credential.issued', provider: 'livekit', room: 'audited', agents: ['support-bot'] }),
        }),
        expect.objectContaining({ msg: 'livekit token request', operation: 'livekit_token_endpoint', outcome: 'OK', status: 201, callerId: 'kim' }),
      ]),
    );
    const refused = await post({ room_name: 'r', participant_identity: 'someone' }, { token: await caller('kim2') });
    const line = gw.logRecords().find((l) => l.reqId === refused.headers['x-request-id'] && l.msg === 'livekit token request');
    expect(line).toMatchObject({ operation: 'livekit_token_endpoint', outcome: 'FORBIDDEN', status: 403 });
    expect(gw.logs.join('\n')).not.toContain(res.json().participant_token);
    const metrics = await gw.gateway.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toMatch(/operation="livekit_token_endpoint",outcome="OK"/);
  });
});
