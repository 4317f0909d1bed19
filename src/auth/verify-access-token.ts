import { createSecretKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from '../config/config.types.js';
import { ProviderError, ProviderTimeoutError, UnauthenticatedError } from '../errors/gateway-errors.js';
import type { AuthenticatedUser } from './authenticated-user.js';
import { describeIdentityText, isIdentityText } from './identity-text.js';
import { VerifiedTokenCache } from './verified-token-cache.js';

export type AccessTokenVerifier = (token: string) => Promise<AuthenticatedUser>;

const INVALID_TOKEN_MESSAGE = 'The caller token is invalid or expired.';
const INVALID_NAME_MESSAGE = `The caller token's name claim is not an acceptable display name (it must be ${describeIdentityText('displayName')}).`;

/**
 * The JOSE `typ` header of a caller token, when present, must say it is an access token (RFC 9068
 * `at+jwt`) or a plain JWT; types are case-insensitive and may carry the `application/` prefix
 * (RFC 7515 4.1.9). Anything else (`refresh+jwt`, an ID token type, `secevent+jwt`) is a token meant for
 * another use and is refused (RFC 8725 3.11, explicit typing).
 */
export function isCallerTokenType(typ: unknown): boolean {
  if (typ === undefined) return true;
  if (typeof typ !== 'string') return false;
  const type = typ.toLowerCase().replace(/^application\//, '');
  return type === 'jwt' || type === 'at+jwt';
}

/** Reads `a.b.c` from the claims; used for role claims such as Keycloak's `realm_access.roles`. */
export function readClaim(claims: Record<string, unknown>, path: string): unknown {
  let value: unknown = claims;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function toRoles(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((r): r is string => typeof r === 'string' && r.length > 0);
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  return [];
}

/**
 * Turns verified claims into the caller. Throws UnauthenticatedError (401) when no usable identity is
 * present: a `sub` that breaks the identity-text rules gets the fixed invalid-token message, like a
 * missing one; a name claim that breaks the display-name rules gets a message naming the claim (the
 * token is otherwise valid, and only the identity provider can fix it). Neither is ever repaired: the
 * identity and the name put into credentials are exactly the verified claims.
 */
export function toAuthenticatedUser(payload: JWTPayload, config: Pick<AuthConfig, 'rolesClaim' | 'nameClaim'>): AuthenticatedUser {
  const sub = payload.sub;
  if (!isIdentityText(sub, 'identity')) throw new UnauthenticatedError(INVALID_TOKEN_MESSAGE);
  const name = readClaim(payload, config.nameClaim);
  // A missing, empty or non-string name claim means "no name" (the id is shown instead).
  if (typeof name === 'string' && name !== '' && !isIdentityText(name, 'displayName')) {
    throw new UnauthenticatedError(INVALID_NAME_MESSAGE);
  }
  return {
    id: sub,
    name: typeof name === 'string' && name !== '' ? name : null,
    roles: toRoles(readClaim(payload, config.rolesClaim)),
    expiresAt: payload.exp as number,
    claims: payload,
  };
}

/**
 * Builds the caller-token verifier once at start-up (the remote key set is created here, so its cache
 * is shared by every request). The returned function:
 * - resolves with the caller for a valid token (signature, allowed algorithm, `exp` present and not past,
 *   `iss`/`aud` when configured, non-empty `sub`);
 * - rejects with `UnauthenticatedError` (HTTP 401) for every invalid token, with one fixed message;
 * - rejects with `ProviderTimeoutError`/`ProviderError` (provider `auth`, HTTP 503) when the identity
 *   provider's key set cannot be fetched: a caller is never treated as anonymous because keys are missing.
 * In shared-secret mode accepted tokens are remembered until their own `exp` (see VerifiedTokenCache);
 * pass `cache: null` to verify every time.
 */
export function createAccessTokenVerifier(
  config: AuthConfig,
  // With a remote key set the keys' own freshness (cacheMaxAge, rotation) bounds trust in a token, so
  // only shared-secret tokens are remembered; RS/ES tokens are verified against the cached keys each time.
  cache: VerifiedTokenCache | null = config.mode === 'secret' ? new VerifiedTokenCache() : null,
): AccessTokenVerifier {
  let key: KeyObject | JWTVerifyGetKey;
  if (config.mode === 'jwks') {
    // Keys stay cached for cacheMaxAge; an unknown kid refetches at most once per cooldown; a fetch
    // that takes longer than the timeout fails the verification with a 503, never a pass.
    key = createRemoteJWKSet(config.jwksUrl!, {
      timeoutDuration: config.jwks.timeoutMs,
      cooldownDuration: config.jwks.cooldownMs,
      cacheMaxAge: config.jwks.cacheMaxAgeMs,
    });
  } else {
    // A KeyObject rather than the raw bytes: jose imports a KeyObject into WebCrypto once per
    // algorithm and reuses it, where raw bytes are imported again on every verification.
    key = createSecretKey(config.secret!);
  }
  const options = {
    algorithms: config.algorithms,
    issuer: config.issuer,
    audience: config.audience,
    requiredClaims: ['exp', 'sub'],
    clockTolerance: config.clockToleranceSeconds,
  };

  return async (token: string) => {
    const known = cache?.get(token);
    if (known) return known;
    let verified: { payload: JWTPayload; protectedHeader: { typ?: string } };
    try {
      // The two overloads of jwtVerify differ only in the key type.
      verified = typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options);
    } catch (error) {
      throw config.mode === 'jwks' ? toJwksAuthError(error) : new UnauthenticatedError(INVALID_TOKEN_MESSAGE);
    }
    if (!isCallerTokenType(verified.protectedHeader.typ)) throw new UnauthenticatedError(INVALID_TOKEN_MESSAGE);
    const payload = verified.payload;
    const user = toAuthenticatedUser(payload, config);
    return cache ? cache.set(token, user) : user;
  };
}

/** Tells a key-set outage (503) from an invalid token (401) when keys come from an identity provider. */
function toJwksAuthError(error: unknown): Error {
  if (error instanceof joseErrors.JWKSTimeout) {
    return new ProviderTimeoutError('auth', error);
  }
  // A key set that cannot be fetched or parsed: jose raises whatever fetch threw (a TypeError, possibly
  // from another realm, so not `instanceof Error` here), or JWKSInvalid / JOSEError with a
  // non-verification code. Anything that is not a jose verdict on the token is an outage, never a 401.
  const code = (error as { code?: string } | null)?.code;
  const fetchFailed =
    error instanceof joseErrors.JWKSInvalid || !(error instanceof joseErrors.JOSEError) || code === 'ERR_JOSE_GENERIC';
  if (fetchFailed) {
    return new ProviderError('auth', 'The identity provider keys could not be loaded.', error);
  }
  return new UnauthenticatedError(INVALID_TOKEN_MESSAGE);
}
