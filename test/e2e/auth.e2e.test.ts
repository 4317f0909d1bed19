import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ViewerDocument } from '../../client/generated/graphql.js';
import { encodeUnsignedJwt, mintHs256CallerToken } from '../support/caller-tokens.js';
import { startFakeIdp, type FakeIdp } from '../support/doubles/fake-idp.js';
import { execute, expectData, expectErrorCode } from '../support/graphql-client.js';
import { startTestGateway, TEST_AUTH_SECRET, type TestGateway } from '../support/start-test-gateway.js';

const INVALID = 'The caller token is invalid or expired.';
/** The key-set fetch deadline of the gateway in the hanging-key-set case. */
const JWKS_TIMEOUT_MS = 500;

describe('caller authentication with a shared HS256 secret', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ AUTH_ISSUER: 'https://auth.test', AUTH_AUDIENCE: 'callgate', AUTH_ROLES_CLAIM: 'realm_access.roles' });
  });
  afterAll(() => gw.close());

  const mint = (claims: Record<string, unknown>, opts: Parameters<typeof mintHs256CallerToken>[2] = {}) =>
    mintHs256CallerToken(TEST_AUTH_SECRET, claims, { issuer: 'https://auth.test', audience: 'callgate', ...opts });

  it('identifies the caller from sub, name and a dotted roles claim', async () => {
    const token = await mint({ sub: 'kc-123', name: 'Kim', realm_access: { roles: ['moderator', 'offline_access'] } });
    const { viewer } = expectData(await execute(gw.graphqlUrl, ViewerDocument, undefined, { token }));
    expect(viewer).toMatchObject({ id: 'kc-123', name: 'Kim', roles: ['moderator', 'offline_access'] });
  });

  it('answers with the gateway\'s own request id, whatever x-request-id the client sent', async () => {
    const token = await mint({ sub: 'a' });
    const given = await execute(gw.graphqlUrl, ViewerDocument, undefined, { token, headers: { 'x-request-id': 'req-42' } });
    expect(given.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const again = await execute(gw.graphqlUrl, ViewerDocument, undefined, { token, headers: { 'x-request-id': 'req-42' } });
    expect(again.headers.get('x-request-id')).not.toBe(given.headers.get('x-request-id'));
    const none = await execute(gw.graphqlUrl, ViewerDocument, undefined, { token });
    expect(none.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  const cases: Array<[string, () => Promise<string> | string]> = [
    ['no exp claim', () => mint({ sub: 'a' }, { omitExp: true })],
    ['an expired token', () => mint({ sub: 'a' }, { expiresIn: -120 })],
    ['a token not valid yet', () => mint({ sub: 'a' }, { notBefore: 600 })],
    ['a wrong issuer', () => mint({ sub: 'a' }, { issuer: 'https://evil.test' })],
    ['a wrong audience', () => mint({ sub: 'a' }, { audience: 'other-app' })],
    ['no sub', () => mint({})],
    ['an empty sub', () => mint({ sub: '' })],
    ['a numeric sub', () => mint({ sub: 42 as unknown as string })],
    ['an algorithm outside the allow-list (HS512)', () => mint({ sub: 'a' }, { alg: 'HS512' })],
    ['alg none', () => encodeUnsignedJwt({ alg: 'none', typ: 'JWT' }, { sub: 'a', exp: 9999999999, iss: 'https://auth.test', aud: 'callgate' })],
    ['a signature by another secret', () => mintHs256CallerToken('another-secret-0123456789abcdef0123456789', { sub: 'a' }, { issuer: 'https://auth.test', audience: 'callgate' })],
    ['a tampered payload', async () => {
      const [h, , s] = (await mint({ sub: 'alice' })).split('.');
      const forged = Buffer.from(JSON.stringify({ sub: 'admin', exp: 9999999999, iss: 'https://auth.test', aud: 'callgate' })).toString('base64url');
      return `${h}.${forged}.${s}`;
    }],
    ['exp as a string', () => mint({ sub: 'a', exp: '9999999999' })],
    ['garbage', () => 'abc'],
    ['a JWT with two segments', () => 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0'],
  ];

  it.each(cases)('answers 401 UNAUTHENTICATED with one fixed message for %s', async (_label, make) => {
    const res = await execute(gw.graphqlUrl, ViewerDocument, undefined, { token: await make() });
    expect(res.status).toBe(401);
    expect(expectErrorCode(res, 'UNAUTHENTICATED').message).toBe(INVALID);
  });

  it.each([['Basic dXNlcjpwYXNz'], ['Bearer'], ['Bearer a b'], ['token-without-scheme']])(
    'answers 401 for the Authorization header %p',
    async (authorization) => {
      const res = await execute(gw.graphqlUrl, ViewerDocument, undefined, { headers: { authorization } });
      expect(res.status).toBe(401);
      expectErrorCode(res, 'UNAUTHENTICATED');
    },
  );

  it('accepts an expired token within the clock tolerance (30 s)', async () => {
    const token = await mint({ sub: 'late' }, { expiresIn: -10 });
    expectData(await execute(gw.graphqlUrl, ViewerDocument, undefined, { token }));
  });

  it('ignores a token passed in the URL', async () => {
    const token = await mint({ sub: 'a' });
    const res = await fetch(`${gw.graphqlUrl}?access_token=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { id } }' }),
    });
    expect(res.status).toBe(401);
  });
});

describe('caller authentication with an identity provider key set (AUTH_JWKS_URL)', () => {
  let idp: FakeIdp;
  let gw: TestGateway;
  beforeAll(async () => {
    idp = await startFakeIdp({ issuer: 'https://idp.test', audience: 'callgate' });
    gw = await startTestGateway({
      AUTH_JWT_SECRET: undefined,
      AUTH_JWKS_URL: idp.jwksUrl,
      AUTH_ISSUER: 'https://idp.test',
      AUTH_AUDIENCE: 'callgate',
    });
  });
  afterAll(async () => {
    await gw.close();
    await idp.close();
  });

  it('verifies RS256 tokens against the key set, fetching it once for many requests', async () => {
    idp.reset();
    const token = await idp.mint({ sub: 'idp-user', name: 'Ida', roles: ['moderator'] });
    for (let i = 0; i < 5; i++) {
      const { viewer } = expectData(await execute(gw.graphqlUrl, ViewerDocument, undefined, { token }));
      expect(viewer.id).toBe('idp-user');
    }
    expect(idp.findRequests('GET', '/.well-known/jwks.json')).toHaveLength(1);
  });

  it('refuses an HS256 token signed with the public key bytes (algorithm confusion)', async () => {
    const publicBytes = new TextEncoder().encode(JSON.stringify(idp.currentKey.publicJwk));
    const token = await idp.mint({ sub: 'mallory' }, { alg: 'HS256', key: publicBytes });
    const res = await execute(gw.graphqlUrl, ViewerDocument, undefined, { token });
    expect(res.status).toBe(401);
  });

  it('verifies a token signed with a rotated key (old and new keys published)', async () => {
    await idp.rotateKey();
    idp.reset();
    const token = await idp.mint({ sub: 'after-rotation' });
    // jose refetches for an unknown kid at most once per 30 s cooldown, so a gateway that fetched the
    // old set seconds ago would wait; a fresh one shows the rotated set is used with a single fetch.
    const fresh = await startTestGateway({ AUTH_JWT_SECRET: undefined, AUTH_JWKS_URL: idp.jwksUrl, AUTH_ISSUER: 'https://idp.test', AUTH_AUDIENCE: 'callgate' });
    try {
      expectData(await execute(fresh.graphqlUrl, ViewerDocument, undefined, { token }));
      expect(idp.findRequests('GET', '/.well-known/jwks.json')).toHaveLength(1);
    } finally {
      await fresh.close();
    }
  });

  it('answers 503 with PROVIDER_ERROR (never anonymous) when the key set cannot be loaded', async () => {
    const cold = await startTestGateway({ AUTH_JWT_SECRET: undefined, AUTH_JWKS_URL: idp.jwksUrl, AUTH_ISSUER: 'https://idp.test', AUTH_AUDIENCE: 'callgate' });
    try {
      idp.inject({ kind: 'status', status: 500, text: 'down' });
      const token = await idp.mint({ sub: 'x' });
      const res = await execute(cold.graphqlUrl, ViewerDocument, undefined, { token });
      expect(res.status).toBe(503);
      expect(expectErrorCode(res, 'PROVIDER_ERROR').extensions?.provider).toBe('auth');
    } finally {
      await cold.close();
    }
  });

  it('answers PROVIDER_TIMEOUT within about AUTH_JWKS_TIMEOUT_MS when the key set hangs', async () => {
    // A short fetch deadline, so the case does not wait out the 2 s default (a unit test of loadConfig pins that).
    const cold = await startTestGateway({
      AUTH_JWT_SECRET: undefined,
      AUTH_JWKS_URL: idp.jwksUrl,
      AUTH_ISSUER: 'https://idp.test',
      AUTH_AUDIENCE: 'callgate',
      AUTH_JWKS_TIMEOUT_MS: String(JWKS_TIMEOUT_MS),
    });
    try {
      idp.inject({ kind: 'hang' });
      const token = await idp.mint({ sub: 'x' });
      const started = Date.now();
      const res = await execute(cold.graphqlUrl, ViewerDocument, undefined, { token });
      expect(res.status).toBe(503);
      expectErrorCode(res, 'PROVIDER_TIMEOUT');
      expect(Date.now() - started).toBeLessThan(JWKS_TIMEOUT_MS + 1500);
    } finally {
      await cold.close();
    }
  });
});
