import { describe, expect, it } from '@jest/globals';
import { createAccessTokenVerifier, isCallerTokenType } from '../../../src/auth/verify-access-token.js';
import type { AuthConfig } from '../../../src/config/config.types.js';
import { UnauthenticatedError } from '../../../src/errors/gateway-errors.js';
import { mintHs256CallerToken } from '../../support/caller-tokens.js';

const SECRET = 'typ-test-caller-secret-0123456789abcdef';
const config: AuthConfig = {
  mode: 'secret',
  secret: new TextEncoder().encode(SECRET),
  algorithms: ['HS256'],
  rolesClaim: 'roles',
  nameClaim: 'name',
  clockToleranceSeconds: 0,
  jwks: { timeoutMs: 1000, cooldownMs: 1000, cacheMaxAgeMs: 60_000 },
};
const INVALID = 'The caller token is invalid or expired.';

/** Verifies and reports either the caller id or the refusal (class, message, HTTP status). */
async function outcome(token: string): Promise<string> {
  try {
    return `ok:${(await createAccessTokenVerifier(config)(token)).id}`;
  } catch (error) {
    expect(error).toBeInstanceOf(UnauthenticatedError);
    expect((error as UnauthenticatedError).message).toBe(INVALID);
    expect((error as UnauthenticatedError).extensions).toEqual({ code: 'UNAUTHENTICATED' });
    return 'refused';
  }
}

describe('caller token typ header', () => {
  it('accepts no typ, JWT and at+jwt, in any case and with or without the application/ prefix', async () => {
    for (const typ of [undefined, 'JWT', 'jwt', 'at+jwt', 'AT+JWT', 'application/at+jwt', 'Application/JWT']) {
      const token = await mintHs256CallerToken(SECRET, { sub: 'alice' }, { header: { typ } });
      expect([typ, await outcome(token)]).toEqual([typ, 'ok:alice']);
    }
  });

  it('refuses a correctly signed token of another type (refresh, ID, event) with the generic message', async () => {
    for (const typ of ['refresh+jwt', 'application/refresh+jwt', 'id_token+jwt', 'secevent+jwt', 'JWS', '', 'application/']) {
      const token = await mintHs256CallerToken(SECRET, { sub: 'alice' }, { header: { typ } });
      expect([typ, await outcome(token)]).toEqual([typ, 'refused']);
    }
  });

  it('refuses a typ that is not a string', () => {
    expect(isCallerTokenType(42)).toBe(false);
    expect(isCallerTokenType(['JWT'])).toBe(false);
    expect(isCallerTokenType(null)).toBe(false);
  });
});
