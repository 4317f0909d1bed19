/**
 * Catalog areas auth-jwt (AUTH-*) and jwks (JWKS-*): caller token verification and the identity
 * provider's key set, through real HTTP to the gateway and a fake identity provider.
 */
import http from 'node:http';
import { createHmac, randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import { base64url, exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { encodeUnsignedJwt } from '../../support/caller-tokens.js';
import { createDoubleServer, unusedPortUrl } from '../../support/doubles/double-server.js';
import { startFakeIdp, type FakeIdp } from '../../support/doubles/fake-idp.js';
import { sendRaw } from '../../support/graphql-client.js';
import { budgetPolicyFile } from '../../support/policy-files.js';
import type { TestGateway } from '../../support/start-test-gateway.js';
import { TEST_AUTH_SECRET } from '../../support/start-test-gateway.js';
import { fakeWallClock } from '../../support/wall-clock.js';
import {
  AUDIENCE,
  expectCode,
  expectOk,
  gql,
  INVALID_TOKEN_MESSAGE,
  ISSUER,
  MISSING_TOKEN_MESSAGE,
  providerCalls,
  SLACK_MS,
  type CatalogChecks,
  type CatalogEnv,
} from './catalog-env.js';

const PROBE = 'mutation { issueLivekitToken(input: { roomName: "auth-probe" }) { token identity } }';
const JWKS_TIMEOUT_MS = 500;

/** The probe with this bearer token must answer 401 UNAUTHENTICATED with the one fixed message. */
async function expectRejected(gw: TestGateway, token: string, message = INVALID_TOKEN_MESSAGE) {
  const res = await gql(gw, PROBE, undefined, { headers: { authorization: `Bearer ${token}` } });
  expect(expectCode(res, 'UNAUTHENTICATED', 401).message).toBe(message);
  expect(res.text).not.toContain('auth-probe');
}

async function expectAccepted(gw: TestGateway, token: string) {
  expect(expectOk(await gql(gw, PROBE, undefined, { token })).issueLivekitToken.token).toBeTruthy();
}

/** HS256 over `header.payload` with any header (jose refuses to sign some of the hostile ones). */
function signHs256Raw(header: Record<string, unknown>, payload: Record<string, unknown>, secret: string | Uint8Array): string {
  const input = `${base64url.encode(JSON.stringify(header))}.${base64url.encode(JSON.stringify(payload))}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

const now = () => Math.floor(Date.now() / 1000);
const validClaims = (extra: Record<string, unknown> = {}) => ({ sub: 'alice', iss: ISSUER, aud: AUDIENCE, exp: now() + 600, iat: now(), ...extra });

/** A fake identity provider plus a gateway that trusts only its key set; both closed by `finish`. */
async function withIdp<T>(env: CatalogEnv, gatewayEnv: Record<string, string>, run: (idp: FakeIdp, gw: TestGateway) => Promise<T>): Promise<T> {
  const idp = await startFakeIdp({ issuer: ISSUER, audience: AUDIENCE });
  try {
    const gw = await env.startGateway({ AUTH_JWKS_URL: idp.jwksUrl, AUTH_JWKS_TIMEOUT_MS: String(JWKS_TIMEOUT_MS), ...gatewayEnv }, { jwks: true });
    return await run(idp, gw);
  } finally {
    await idp.close();
  }
}

const jwksFetches = (idp: FakeIdp) => idp.findRequests('GET', '/.well-known/jwks.json').length;

/** Sends a request with exactly these raw header lines (duplicates and oversize included). */
function rawPost(url: string, headers: Array<[string, string]>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const flat = headers.flat();
    const req = http.request(url, { method: 'POST', headers: flat as unknown as http.OutgoingHttpHeaders, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export const authChecks: CatalogChecks = {
  'AUTH-01': async (env) => {
    env.rig.openvidu.addSession('auth-room');
    for (const query of [
      PROBE,
      'mutation { createConnection(input: { sessionId: "auth-room" }) { token } }',
      'mutation { issueVideoSdkToken(input: { meetingId: "auth-room" }) { token } }',
    ]) {
      const res = await gql(env.gw, query);
      expect(expectCode(res, 'UNAUTHENTICATED', 401).message).toBe(MISSING_TOKEN_MESSAGE);
    }
    expect(providerCalls(env)).toBe(0);
  },

  'AUTH-02': async (env) => {
    const header = base64url.encode('{"alg":"HS256"}');
    const claims = base64url.encode(JSON.stringify(validClaims()));
    const malformedTokens = [
      'abc',
      `${header}.${claims}`,
      `${header}.${claims}.sig.extra`,
      `${header}.${claims}.***`,
      `${header}.a.b.c.d`,
      JSON.stringify({ payload: claims, signatures: [{ protected: header, signature: 'x' }] }),
    ];
    for (const token of malformedTokens) await expectRejected(env.gw, token);
    const badHeaders = ['Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'Bearer a b', 'token-without-scheme'];
    for (const authorization of badHeaders) {
      const res = await gql(env.gw, PROBE, undefined, { headers: { authorization } });
      const error = expectCode(res, 'UNAUTHENTICATED', 401);
      // Two fixed messages at most: "not a Bearer header" and "invalid token"; never parser detail.
      expect([INVALID_TOKEN_MESSAGE, 'The Authorization header must be "Bearer <JWT>".', MISSING_TOKEN_MESSAGE]).toContain(error.message);
    }
    expect(providerCalls(env)).toBe(0);
  },

  'AUTH-03': async (env) => {
    // Clock tolerance is 30 s: 35 s past exp is refused, 25 s past exp is still accepted.
    await expectRejected(env.gw, await env.mint({ sub: 'late' }, { expiresIn: -35 }));
    await expectAccepted(env.gw, await env.mint({ sub: 'late' }, { expiresIn: -25 }));
  },

  'AUTH-04': async (env) => {
    await expectRejected(env.gw, await env.mint({ sub: 'early' }, { notBefore: 30 + 60 }));
  },

  'AUTH-05': async (env) => {
    await expectRejected(env.gw, await env.mint({ sub: 'forever' }, { omitExp: true }));
  },

  'AUTH-07': async (env) => {
    for (const alg of ['none', 'None', 'NONE']) {
      await expectRejected(env.gw, encodeUnsignedJwt({ alg, typ: 'JWT' }, validClaims()));
    }
  },

  'AUTH-08': async (env) =>
    withIdp(env, {}, async (idp, gw) => {
      await expectAccepted(gw, await idp.mint({ sub: 'warm' }));
      const fetchesBefore = jwksFetches(idp);
      const jwkBytes = new TextEncoder().encode(JSON.stringify(idp.currentKey.publicJwk));
      const pemBytes = new TextEncoder().encode(await exportSPKI((await generateKeyPair('RS256', { extractable: true })).publicKey));
      for (let i = 0; i < 5; i++) {
        await expectRejected(gw, signHs256Raw({ alg: 'HS256', kid: idp.currentKid }, validClaims(), jwkBytes));
        await expectRejected(gw, signHs256Raw({ alg: 'HS256', kid: idp.currentKid }, validClaims(), pemBytes));
      }
      // No refetch storm: at most one fetch for ten forged tokens.
      expect(jwksFetches(idp) - fetchesBefore).toBeLessThanOrEqual(1);
    }),

  'AUTH-09': async (env) =>
    withIdp(env, {}, async (idp, gw) => {
      await expectAccepted(gw, await idp.mint({ sub: 'warm' }));
      const before = jwksFetches(idp);
      const es = await generateKeyPair('ES256');
      const ps = await generateKeyPair('PS256');
      for (const kid of [randomUUID(), idp.currentKid]) {
        await expectRejected(gw, await new SignJWT(validClaims()).setProtectedHeader({ alg: 'ES256', kid }).sign(es.privateKey));
        await expectRejected(gw, await new SignJWT(validClaims()).setProtectedHeader({ alg: 'PS256', kid }).sign(ps.privateKey));
      }
      expect(jwksFetches(idp) - before).toBeLessThanOrEqual(1);
    }),

  'AUTH-10': async (env) => {
    await expectRejected(env.gw, await env.mint({ sub: 'a' }, { issuer: 'https://other-tenant.test' }));
    await expectRejected(env.gw, await env.mint({ sub: 'a', iss: undefined }, { issuer: undefined }));
  },

  'AUTH-11': async (env) => {
    await expectRejected(env.gw, await env.mint({ sub: 'a' }, { audience: 'another-app' }));
    await expectRejected(env.gw, await env.mint({ sub: 'a' }, { audience: undefined }));
    await expectRejected(env.gw, await env.mint({ sub: 'a' }, { audience: ['app-1', 'app-2'] }));
    // Intended (jose semantics): an audience list that includes ours is accepted.
    await expectAccepted(env.gw, await env.mint({ sub: 'a' }, { audience: ['app-1', AUDIENCE] }));
  },

  'AUTH-12': async (env) => {
    const tamper = (token: string) => {
      const [h, , s] = token.split('.');
      return `${h}.${base64url.encode(JSON.stringify(validClaims({ sub: 'admin' })))}.${s}`;
    };
    await expectRejected(env.gw, tamper(await env.mint({ sub: 'alice' })));
    // Expired and tampered: the same answer (the signature is checked before any claim).
    const expiredTampered = (() => {
      const [h, , s] = signHs256Raw({ alg: 'HS256' }, validClaims({ exp: now() - 3600 }), TEST_AUTH_SECRET).split('.');
      return `${h}.${base64url.encode(JSON.stringify(validClaims({ sub: 'admin', exp: now() - 3600 })))}.${s}`;
    })();
    await expectRejected(env.gw, expiredTampered);
  },

  'AUTH-13': async (env) => {
    const other = await startFakeIdp({ issuer: 'https://other-idp.test', audience: AUDIENCE });
    try {
      await withIdp(env, {}, async (idp, gw) => {
        await expectAccepted(gw, await idp.mint({ sub: 'warm' }));
        // Claims issuer A, signed with issuer B's key (B's kid, then A's kid).
        await expectRejected(gw, await other.mint({ sub: 'mallory' }, { issuer: ISSUER }));
        await expectRejected(gw, await other.mint({ sub: 'mallory' }, { issuer: ISSUER, kid: idp.currentKid }));
        expect(other.requests).toHaveLength(0);
      });
    } finally {
      await other.close();
    }
  },

  'AUTH-14': async (env) => {
    const attacker = await createDoubleServer((_req, res) => void res.end('{}'));
    try {
      await withIdp(env, {}, async (idp, gw) => {
        const key = await generateKeyPair('RS256', { extractable: true });
        const jwk = await exportJWK(key.publicKey);
        const sign = (header: Record<string, unknown>) => new SignJWT(validClaims()).setProtectedHeader({ alg: 'RS256', ...header }).sign(key.privateKey);
        await expectRejected(gw, await sign({ jku: `${attacker.url}/jwks.json`, kid: 'evil' }));
        await expectRejected(gw, await sign({ x5u: `${attacker.url}/cert.pem`, kid: 'evil' }));
        await expectRejected(gw, await sign({ jwk }));
        await expectRejected(gw, await sign({ jwk, kid: idp.currentKid }));
        expect(attacker.requests).toHaveLength(0);
      });
    } finally {
      await attacker.close();
    }
  },

  'AUTH-15': async (env) => {
    await expectRejected(env.gw, signHs256Raw({ alg: 'HS256', crit: ['x-unknown'], 'x-unknown': true }, validClaims(), TEST_AUTH_SECRET));
  },

  'AUTH-16': async (env) => {
    const livekit = expectOk(await gql(env.gw, PROBE, undefined, { token: env.alice })).issueLivekitToken.token as string;
    env.rig.videosdk.addRoom({ customRoomId: 'm-1' });
    const videosdk = expectOk(await gql(env.gw, 'mutation { issueVideoSdkToken(input: { meetingId: "m-1" }) { token } }', undefined, { token: env.alice }))
      .issueVideoSdkToken.token as string;
    env.issuedTokens.add(livekit).add(videosdk);
    await expectRejected(env.gw, livekit);
    await expectRejected(env.gw, videosdk);
  },

  'AUTH-17': async (env) => {
    await expectRejected(env.gw, await env.mint({ sub: 'a', azp: 'other-client' }, { audience: 'other-client' }));
  },

  'AUTH-18': async (env) => {
    for (const sub of [undefined, '', '   ', 42, { id: 'alice' }, 'x'.repeat(200)]) {
      await expectRejected(env.gw, signHs256Raw({ alg: 'HS256' }, validClaims({ sub }), TEST_AUTH_SECRET));
    }
  },

  'AUTH-19': async (env) => {
    for (const wrong of [{ exp: String(now() + 600) }, { nbf: { at: now() } }, { iat: true }]) {
      await expectRejected(env.gw, signHs256Raw({ alg: 'HS256' }, validClaims(wrong), TEST_AUTH_SECRET));
    }
  },

  'AUTH-20': async (env) => {
    const logsFrom = env.gw.logs.length;
    for (const size of [20 * 1024, 64 * 1024]) {
      const junk = `Bearer ${'A'.repeat(size)}`;
      const res = await rawPost(env.gw.graphqlUrl, [['content-type', 'application/json'], ['authorization', junk]], JSON.stringify({ query: PROBE }));
      expect([401, 431]).toContain(res.status);
    }
    // Still serving, and the header never reached a log line.
    await expectAccepted(env.gw, env.alice);
    expect(env.gw.logs.slice(logsFrom).join('\n')).not.toContain('A'.repeat(64));
  },

  'AUTH-21': async (env) => {
    const logsFrom = env.gw.logs.length;
    const url = await sendWithTokenInUrl(env.gw, env.alice);
    expect(expectCode(url, 'UNAUTHENTICATED', 401).message).toBe(MISSING_TOKEN_MESSAGE);
    const inVariables = await gql(env.gw, 'mutation M($token: String) { issueLivekitToken(input: { roomName: "x", metadata: $token }) { token } }', { token: env.alice });
    expectCode(inVariables, 'UNAUTHENTICATED', 401);
    expect(env.gw.logs.slice(logsFrom).join('\n')).not.toContain(env.alice);
  },

  'JWKS-01': async (env) =>
    withIdp(env, { AUTH_JWKS_COOLDOWN_MS: '300' }, async (idp, gw) => {
      // The key-set cooldown runs on the wall clock, which this case moves instead of sleeping.
      const clock = fakeWallClock();
      try {
        await expectAccepted(gw, await idp.mint({ sub: 'warm' }));
        clock.advance(301);
        const before = jwksFetches(idp);
        const stranger = await generateKeyPair('RS256');
        const unknownKid = () => new SignJWT(validClaims()).setProtectedHeader({ alg: 'RS256', kid: randomUUID() }).sign(stranger.privateKey);
        await expectRejected(gw, await unknownKid());
        expect(jwksFetches(idp) - before).toBe(1);
        // Within the cooldown, another unknown kid triggers no fetch.
        clock.advance(299);
        await expectRejected(gw, await unknownKid());
        expect(jwksFetches(idp) - before).toBe(1);
      } finally {
        clock.restore();
      }
    }),

  'JWKS-02': async (env) =>
    withIdp(env, {}, async (idp, gw) => {
      const stranger = await generateKeyPair('RS256');
      const tokens = await Promise.all(
        Array.from({ length: 300 }, () => new SignJWT(validClaims()).setProtectedHeader({ alg: 'RS256', kid: randomUUID() }).sign(stranger.privateKey)),
      );
      for (let i = 0; i < tokens.length; i += 50) {
        const results = await Promise.all(tokens.slice(i, i + 50).map((t) => gql(gw, PROBE, undefined, { token: t })));
        for (const res of results) expect(res.status).toBe(401);
      }
      // One fetch for the cold cache; the 30 s cooldown holds every unknown kid after it.
      expect(jwksFetches(idp)).toBe(1);
    }),

  'LOAD-05': async (env) =>
    // Scaled down: a burst of well-formed RS256 tokens with bad signatures (under the IdP's published
    // kid, signed by another key) from one address, against a policy of 10 a minute per IP.
    withIdp(env, { POLICY_FILE: budgetPolicyFile(1000, 10) }, async (idp, gw) => {
      const attacker = await generateKeyPair('RS256');
      const forged = await Promise.all(Array.from({ length: 60 }, (_, i) => idp.mint({ sub: `flood-${i}` }, { key: attacker.privateKey })));
      for (const token of forged.slice(0, 10)) await expectRejected(gw, token);
      const flood = await Promise.all(forged.slice(10).map((t) => gql(gw, PROBE, undefined, { token: t })));
      for (const res of flood) {
        expect(expectCode(res, 'RATE_LIMITED', 429).extensions).toMatchObject({ limit: 'auth', retryAfterSeconds: expect.any(Number) });
        expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      }
      // The failure budget is the address's alone: a valid caller from the same address is served.
      await expectAccepted(gw, await idp.mint({ sub: 'alice' }));
    }),

  'JWKS-03': async (env) => {
    const dead = await env.startGateway({ AUTH_JWKS_URL: `${await unusedPortUrl()}/jwks.json` }, { jwks: true });
    const idp = await startFakeIdp({ issuer: ISSUER, audience: AUDIENCE });
    try {
      const token = await idp.mint({ sub: 'cold' });
      const res = await gql(dead, PROBE, undefined, { token });
      expect(expectCode(res, 'PROVIDER_ERROR', 503).extensions?.provider).toBe('auth');
      // Back after an outage: the first request sees the reset, the next one succeeds without a restart.
      const gw = await env.startGateway({ AUTH_JWKS_URL: idp.jwksUrl }, { jwks: true });
      idp.inject({ kind: 'reset' });
      expectCode(await gql(gw, PROBE, undefined, { token }), 'PROVIDER_ERROR', 503);
      await expectAccepted(gw, token);
    } finally {
      await idp.close();
    }
  },

  'JWKS-04': async (env) =>
    withIdp(env, {}, async (idp, gw) => {
      idp.inject({ kind: 'hang' });
      const started = Date.now();
      const res = await gql(gw, PROBE, undefined, { token: await idp.mint({ sub: 'x' }) });
      expect(expectCode(res, 'PROVIDER_TIMEOUT', 503).extensions?.provider).toBe('auth');
      expect(Date.now() - started).toBeLessThan(JWKS_TIMEOUT_MS + SLACK_MS);
    }),

  'JWKS-05': async (env) =>
    withIdp(env, {}, async (idp, gw) => {
      const token = await idp.mint({ sub: 'x' });
      const faults = [
        { kind: 'status', status: 500, text: 'down' },
        { kind: 'status', status: 200, text: '<html>login</html>', headers: { 'content-type': 'text/html' } },
        { kind: 'garbage' },
        { kind: 'status', status: 302, headers: { location: idp.jwksUrl } },
      ] as const;
      for (const fault of faults) {
        idp.inject(fault);
        expectCode(await gql(gw, PROBE, undefined, { token }), 'PROVIDER_ERROR', 503);
      }
      expect(jwksFetches(idp)).toBe(faults.length);
    }),

  'JWKS-06': async (env) =>
    withIdp(env, { AUTH_JWKS_CACHE_MAX_AGE_MS: '1500' }, async (idp, gw) => {
      const token = await idp.mint({ sub: 'cached' });
      await expectAccepted(gw, token);
      idp.injectAlways({ kind: 'hang' });
      // Cached keys keep working while the cache is fresh, with no fetch and no wait.
      // The cache age runs on the wall clock, which this case moves instead of sleeping.
      const clock = fakeWallClock();
      try {
        const started = performance.now();
        for (let i = 0; i < 5; i++) await expectAccepted(gw, token);
        expect(performance.now() - started).toBeLessThan(1000);
        expect(jwksFetches(idp)).toBe(1);
        clock.advance(1600);
        // Past the cache age with the identity provider down: a clear 503 within the fetch timeout, never anonymous.
        const t0 = performance.now();
        expectCode(await gql(gw, PROBE, undefined, { token }), 'PROVIDER_TIMEOUT', 503);
        expect(performance.now() - t0).toBeLessThan(JWKS_TIMEOUT_MS + SLACK_MS);
        idp.clearFaults();
        await expectAccepted(gw, token);
      } finally {
        clock.restore();
      }
    }),

  'JWKS-07': async (env) =>
    withIdp(env, { AUTH_JWKS_COOLDOWN_MS: '300' }, async (idp, gw) => {
      const clock = fakeWallClock();
      try {
        await expectAccepted(gw, await idp.mint({ sub: 'before-rotation' }));
        // Past the cooldown (on the moved wall clock), the new kid triggers one fetch.
        clock.advance(301);
        await idp.rotateKey();
        const before = jwksFetches(idp);
        await expectAccepted(gw, await idp.mint({ sub: 'after-rotation' }));
        expect(jwksFetches(idp) - before).toBe(1);
      } finally {
        clock.restore();
      }
    }),

  'JWKS-08': async (env) => {
    // Private members in the published set: the set is refused, the token never verifies.
    await withIdp(env, {}, async (idp, gw) => {
      const { privateKey } = await generateKeyPair('RS256', { extractable: true });
      idp.setJwks({ keys: [{ ...(await exportJWK(privateKey)), kid: idp.currentKid, alg: 'RS256', use: 'sig' }] });
      const res = await gql(gw, PROBE, undefined, { token: await idp.mint({ sub: 'x' }) });
      expect([401, 503]).toContain(res.status);
    });
    // A symmetric key in the set is never used for an HS256 token.
    await withIdp(env, {}, async (idp, gw) => {
      const secret = new TextEncoder().encode('symmetric-secret-0123456789abcdef');
      idp.setJwks({ keys: [(idp.jwks as { keys: object[] }).keys[0], { kty: 'oct', k: base64url.encode(secret), kid: 'sym', alg: 'HS256' }] });
      await expectRejected(gw, signHs256Raw({ alg: 'HS256', kid: 'sym' }, validClaims(), secret));
    });
    // Two keys under one kid: an attacker's key next to the real one does not verify the attacker's token.
    await withIdp(env, {}, async (idp, gw) => {
      const attacker = await generateKeyPair('RS256', { extractable: true });
      const real = (idp.jwks as { keys: object[] }).keys[0];
      idp.setJwks({ keys: [real, { ...(await exportJWK(attacker.publicKey)), kid: 'shared', alg: 'RS256', use: 'sig' }, { ...real, kid: 'shared' }] });
      const forged = await new SignJWT(validClaims()).setProtectedHeader({ alg: 'RS256', kid: idp.currentKid }).sign(attacker.privateKey);
      await expectRejected(gw, forged);
    });
  },

  'JWKS-09': async (env) =>
    withIdp(env, {}, async (idp, gw) => {
      const token = await idp.mint({ sub: 'crowd' });
      const results = await Promise.all(Array.from({ length: 200 }, () => gql(gw, '{ viewer { id } }', undefined, { token })));
      for (const res of results) expect(expectOk(res).viewer.id).toBe('crowd');
      expect(jwksFetches(idp)).toBe(1);
    }),
};

async function sendWithTokenInUrl(gw: TestGateway, token: string) {
  const res = await sendRaw(`${gw.graphqlUrl}?access_token=${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: PROBE }),
  });
  return { ...res, body: JSON.parse(res.text) };
}
