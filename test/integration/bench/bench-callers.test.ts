/**
 * The benchmark's distinct callers (bench/lib/callers.ts) are what the benchmark says they are: tokens
 * the gateway's own verifier accepts (HS256 with the secret; RS256 through the JWKS the benchmark
 * serves on 127.0.0.1, with issuer and audience), one distinct caller each, and more of them than the
 * verified-token cache holds, so that sent in the benchmark's order none is still cached when it comes
 * back (the distinct-caller rows measure cache misses, not hits).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { hs256Pool, newRs256Issuer, rs256Pool, RS256_AUDIENCE, RS256_ISSUER, startJwksServer, type JwksServer, type Rs256Issuer } from '../../../bench/lib/callers.js';
import { VerifiedTokenCache, VERIFIED_TOKEN_CACHE_SIZE } from '../../../src/auth/verified-token-cache.js';
import { createAccessTokenVerifier } from '../../../src/auth/verify-access-token.js';
import type { AuthConfig } from '../../../src/config/config.types.js';

const SECRET = 'bench-callers-test-secret-0123456789abcdef';
const common = { rolesClaim: 'roles', nameClaim: 'name', clockToleranceSeconds: 0, jwks: { timeoutMs: 2000, cooldownMs: 1000, cacheMaxAgeMs: 60_000 } };

describe('HS256 caller pool', () => {
  // Signed once: 15,000 tokens; both tests only read it.
  const pool = hs256Pool(SECRET, 50);

  it('holds distinct callers, 1.5x the verified-token cache, that the gateway verifier accepts as themselves', async () => {
    const subs = pool.subs.flat();
    expect(pool.size).toBe(subs.length);
    expect(pool.size).toBeGreaterThanOrEqual(VERIFIED_TOKEN_CACHE_SIZE * 1.5);
    expect(new Set(subs).size).toBe(subs.length);
    expect(new Set(pool.tokens.flat()).size).toBe(subs.length);
    const verify = createAccessTokenVerifier({ mode: 'secret', secret: new TextEncoder().encode(SECRET), algorithms: ['HS256'], ...common }, null);
    for (const [c, i] of [[0, 0], [17, 123], [49, pool.tokens[49].length - 1]]) {
      const caller = await verify(pool.tokens[c][i]);
      expect(caller.id).toBe(pool.subs[c][i]);
      expect(caller.expiresAt).toBeGreaterThan(Date.now() / 1000 + 3600);
    }
    await expect(verify(hs256Pool('another-secret-0123456789abcdef0123', 1, 1).tokens[0][0])).rejects.toThrow('invalid');
  });

  it('sent in the benchmark order (every connection in turn), no token is still in the cache when it comes back', () => {
    const cache = new VerifiedTokenCache();
    const perConnection = pool.tokens[0].length;
    let hits = 0;
    for (let pass = 0; pass < 2; pass += 1) {
      for (let i = 0; i < perConnection; i += 1) {
        for (let c = 0; c < pool.tokens.length; c += 1) {
          const token = pool.tokens[c][i];
          if (cache.get(token)) hits += 1;
          else cache.set(token, { id: pool.subs[c][i], name: null, roles: [], expiresAt: Date.now() / 1000 + 3600, claims: {} });
        }
      }
    }
    expect(hits).toBe(0);
  });
});

describe('RS256 caller pool through the benchmark JWKS', () => {
  let issuer: Rs256Issuer;
  let jwks: JwksServer;
  beforeAll(async () => {
    issuer = newRs256Issuer();
    jwks = await startJwksServer(issuer);
  });
  afterAll(async () => {
    await jwks.stop();
  });

  it('is accepted by the gateway verifier in AUTH_JWKS_URL mode with issuer and audience, one caller per token', async () => {
    const pool = await rs256Pool(issuer, 3, 2);
    expect(pool.size).toBe(6);
    const config: AuthConfig = { mode: 'jwks', jwksUrl: new URL(jwks.url), algorithms: ['RS256'], issuer: RS256_ISSUER, audience: RS256_AUDIENCE, ...common };
    const verify = createAccessTokenVerifier(config);
    for (const [c, list] of pool.tokens.entries()) {
      for (const [i, token] of list.entries()) expect((await verify(token)).id).toBe(pool.subs[c][i]);
    }
    expect(new Set(pool.tokens.flat()).size).toBe(6);
    expect(jwks.fetches()).toBe(1);
  });

  it('is refused for another audience: the tokens carry the claims the JWKS gateway is configured with', async () => {
    const [[token]] = (await rs256Pool(issuer, 1, 1)).tokens;
    const config: AuthConfig = { mode: 'jwks', jwksUrl: new URL(jwks.url), algorithms: ['RS256'], issuer: RS256_ISSUER, audience: 'someone-else', ...common };
    await expect(createAccessTokenVerifier(config)(token)).rejects.toThrow('invalid');
  });
});
