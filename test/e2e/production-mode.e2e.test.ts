import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateSessionDocument, ViewerDocument } from '../../client/generated/graphql.js';
import { mintHs256CallerToken } from '../support/caller-tokens.js';
import { startFakeIdp, type FakeIdp } from '../support/doubles/fake-idp.js';
import { startOpenViduDouble, type OpenViduDouble } from '../support/doubles/openvidu-double.js';
import { execute, expectData, expectErrorCode, sendRaw } from '../support/graphql-client.js';
import { runRefusedGateway, spawnGateway } from '../support/spawn-gateway.js';
import { startTestGateway, TEST_AUTH_SECRET, type TestGateway } from '../support/start-test-gateway.js';

const OV_SECRET = 'ov-prod-secret-0123456789abcdef0123456789';

describe('production mode', () => {
  let gw: TestGateway;
  let openvidu: OpenViduDouble;
  let token: string;

  beforeAll(async () => {
    openvidu = await startOpenViduDouble({ secret: OV_SECRET });
    gw = await startTestGateway({
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      LIVEKIT_API_KEY: 'prod-key',
      LIVEKIT_API_SECRET: 'lk-prod-secret-0123456789abcdef0123456789',
      LIVEKIT_URL: 'wss://livekit.prod.test',
      OPENVIDU_URL: openvidu.url,
      OPENVIDU_SECRET: OV_SECRET,
      ADMIN_PORT: '0',
    });
    token = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'alice' });
  });
  afterAll(async () => {
    await gw.close();
    await openvidu.close();
  });

  it('serves operations', async () => {
    expect(expectData(await execute(gw.graphqlUrl, ViewerDocument, undefined, { token })).viewer.id).toBe('alice');
  });

  it('refuses introspection with GRAPHQL_VALIDATION_FAILED', async () => {
    const res = await sendRaw(gw.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ __schema { types { name } } }' }),
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('hides field suggestions', async () => {
    const res = await sendRaw(gw.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ viewr { id } }' }),
    });
    expect(res.status).toBe(400);
    expect(res.text).not.toMatch(/Did you mean/);
  });

  it('serves no landing page', async () => {
    const res = await sendRaw(gw.graphqlUrl, { headers: { accept: 'text/html' } });
    expect(res.text).not.toMatch(/<html/i);
  });

  it('masks an unexpected failure as INTERNAL_SERVER_ERROR without a stack, and logs the cause with the request id', async () => {
    // OpenVidu's enum has RELAYED, which the schema cannot represent: an unexpected, unhandled value.
    openvidu.inject({
      kind: 'status',
      status: 200,
      body: { id: 'ses_A123456789', createdAt: Date.now(), mediaMode: 'RELAYED', recordingMode: 'MANUAL' },
    });
    const res = await execute(gw.graphqlUrl, CreateSessionDocument, {}, { token, headers: { 'x-request-id': 'trace-500' } });
    const error = expectErrorCode(res, 'INTERNAL_SERVER_ERROR');
    expect(error.message).toBe('Internal server error.');
    expect(res.text).not.toMatch(/stacktrace|RELAYED|at .+\.js/);
    const logged = gw.logRecords().find((r) => r.reqId === 'trace-500' && r.msg === 'unexpected error (masked for the client)');
    expect(logged).toBeDefined();
  });

  it('serves /healthz and /readyz on the main port but not /metrics', async () => {
    expect((await fetch(`${gw.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${gw.url}/readyz`)).status).toBe(200);
    const metrics = await fetch(`${gw.url}/metrics`);
    expect(metrics.status).toBe(404);
    expect(await metrics.text()).not.toMatch(/callgate_|process_/);
  });

  it('serves /healthz, /readyz and /metrics on the admin port, and nothing else', async () => {
    expect(gw.adminUrl).toBeDefined();
    expect(gw.adminUrl).not.toBe(gw.url);
    expect((await fetch(`${gw.adminUrl}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${gw.adminUrl}/readyz`)).json()).toMatchObject({ status: 'ready' });
    const metrics = await fetch(`${gw.adminUrl}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/^callgate_graphql_requests_total/m);
    const graphql = await fetch(`${gw.adminUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ viewer { id } }"}' });
    expect(graphql.status).toBe(404);
  });

  it('refuses a correctly signed refresh token (typ refresh+jwt) like any invalid token', async () => {
    const refresh = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'alice' }, { header: { typ: 'refresh+jwt' } });
    const res = await execute(gw.graphqlUrl, ViewerDocument, undefined, { token: refresh });
    expect(res.status).toBe(401);
    expect(expectErrorCode(res, 'UNAUTHENTICATED').message).toBe('The caller token is invalid or expired.');
    const access = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'alice' }, { header: { typ: 'application/at+jwt' } });
    expect(expectData(await execute(gw.graphqlUrl, ViewerDocument, undefined, { token: access })).viewer.id).toBe('alice');
  });
});

describe('production mode with an identity provider key set', () => {
  let idp: FakeIdp;
  let gw: TestGateway;
  beforeAll(async () => {
    idp = await startFakeIdp({ issuer: 'https://idp.prod.test', audience: 'callgate' });
    gw = await startTestGateway({
      NODE_ENV: 'production',
      AUTH_JWT_SECRET: undefined,
      AUTH_JWKS_URL: idp.jwksUrl,
      AUTH_ISSUER: 'https://idp.prod.test',
      AUTH_AUDIENCE: 'callgate',
      LIVEKIT_API_KEY: 'prod-key',
      LIVEKIT_API_SECRET: 'lk-prod-secret-0123456789abcdef0123456789',
      LIVEKIT_URL: 'wss://livekit.prod.test',
    });
  });
  afterAll(async () => {
    await gw.close();
    await idp.close();
  });

  it('refuses a refresh token signed by the identity provider, and accepts its access tokens', async () => {
    const refresh = await idp.mint({ sub: 'bob' }, { header: { typ: 'refresh+jwt' } });
    const res = await execute(gw.graphqlUrl, ViewerDocument, undefined, { token: refresh });
    expect(res.status).toBe(401);
    expect(expectErrorCode(res, 'UNAUTHENTICATED').message).toBe('The caller token is invalid or expired.');
    for (const typ of ['at+jwt', 'JWT']) {
      const token = await idp.mint({ sub: 'bob' }, { header: { typ } });
      expect(expectData(await execute(gw.graphqlUrl, ViewerDocument, undefined, { token })).viewer.id).toBe('bob');
    }
  });
});

/** The compiled entry point, as `npm start` runs it: refusals on stderr with exit code 1, warnings and the bound address in the log. */
describe('start-up checks of the real entry point', () => {
  // Each test starts a Node process; on a loaded machine that alone can take several seconds.
  const SPAWN_TIMEOUT_MS = 30_000;
  const strong = 'entry-test-caller-secret-0123456789abcdef';
  const canary = 'provider-secret-canary-0123456789abcdef';

  it('binds 127.0.0.1 outside production when HOST is unset (embedded defaults, as npm start)', async () => {
    const gateway = await spawnGateway({ PORT: '0' });
    try {
      expect(gateway.output()).toMatch(/"port":\d+,"address":"127\.0\.0\.1"/);
      expect((await fetch(`http://127.0.0.1:${gateway.port}/healthz`)).status).toBe(200);
    } finally {
      gateway.child.kill('SIGTERM');
      await once(gateway.child, 'exit');
    }
  }, SPAWN_TIMEOUT_MS);

  it('refuses to start on the public development caller secret beside a real provider secret, and says why', async () => {
    const { code, stderr } = await runRefusedGateway({ PORT: '0', VIDEOSDK_API_KEY: 'vsdk-key', VIDEOSDK_SECRET: canary });
    expect(code).toBe(1);
    expect(stderr).toContain('AUTH_JWT_SECRET or AUTH_JWKS_URL: required when VIDEOSDK_SECRET is set');
    expect(stderr).toContain('The built-in development caller secret is public');
    expect(stderr).not.toContain(canary);
  }, SPAWN_TIMEOUT_MS);

  it('reports every production problem in one pass, a malformed PORT included', async () => {
    const { code, stderr } = await runRefusedGateway({
      NODE_ENV: 'production',
      PORT: 'abc',
      AUTH_JWT_SECRET: strong,
      LIVEKIT_API_KEY: 'prod-key',
      LIVEKIT_API_SECRET: canary,
      OPENVIDU_URL: 'http://openvidu.example.com',
      OPENVIDU_SECRET: 'MY_SECRET',
    });
    expect(code).toBe(1);
    expect(stderr.split('\n').filter((line) => line.startsWith('  - '))).toEqual([
      '  - PORT: Invalid input: expected number, received NaN',
      '  - LIVEKIT_URL: required in production (the wss:// address browsers connect to)',
      '  - OPENVIDU_URL: must use https in production',
      "  - OPENVIDU_SECRET: OpenVidu's documented default secret cannot be used in production",
    ]);
    expect(stderr).not.toContain(canary);
    expect(stderr).not.toContain(strong);
  }, SPAWN_TIMEOUT_MS);

  it('logs one named warning line per risky production setting, and the bound addresses', async () => {
    const gateway = await spawnGateway({
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      ADMIN_PORT: '0',
      LOG_LEVEL: 'info',
      TRUST_PROXY: 'true',
      AUTH_JWT_SECRET: strong,
    });
    try {
      const warnings = gateway
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { level: number; msg: string })
        .filter((record) => record.level === 40)
        .map((record) => record.msg.split(/[ :=]/)[0]);
      expect(warnings.sort()).toEqual(['AUTH_ISSUER/AUTH_AUDIENCE', 'POLICY_FILE', 'REDIS_URL', 'TRUST_PROXY', 'providers'].sort());
      expect(gateway.output()).toMatch(/"adminPort":\d+,"adminAddress":"127\.0\.0\.1"/);
      expect(gateway.output()).not.toContain(strong);
    } finally {
      gateway.child.kill('SIGTERM');
      await once(gateway.child, 'exit');
    }
  }, SPAWN_TIMEOUT_MS);
});
