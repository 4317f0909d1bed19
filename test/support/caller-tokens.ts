/**
 * Caller JWTs for tests (the tokens a client sends to the gateway), minted locally with jose.
 * HS256 tokens match AUTH_JWT_SECRET mode; RS256 tokens for AUTH_JWKS_URL mode come from
 * `startFakeIdp().mint()` (./doubles/fake-idp.ts), which shares the claim rules below.
 *
 * Claim rules shared by both minters:
 * - `iat` = now and `exp` = now + 10 minutes unless overridden or omitted;
 * - a claim given explicitly in `claims` (e.g. `exp: 'tomorrow'` for type-confusion tests) is sent
 *   as-is and never overwritten by the options.
 */
import { base64url, SignJWT } from 'jose';

export interface CallerClaims {
  sub?: string;
  name?: string;
  roles?: string[];
  [claim: string]: unknown;
}

export interface ClaimTimingOptions {
  /**
   * Lifetime: a number is seconds from now (negative => already expired), a string is a jose time
   * span relative to now (`'10m'`, `'2h'`, `'-5m'`, `'1 hour ago'`). Default `'10m'`.
   */
  expiresIn?: string | number;
  /** Send no `exp` claim at all. */
  omitExp?: boolean;
  /** `iat` in epoch seconds (default now). */
  issuedAt?: number;
  /** Send no `iat` claim. */
  omitIat?: boolean;
  /** `nbf`: number = seconds from now, string = jose time span relative to now. Not sent by default. */
  notBefore?: string | number;
}

export interface Hs256TokenOptions extends ClaimTimingOptions {
  issuer?: string;
  audience?: string | string[];
  /** JWS algorithm (default `HS256`); e.g. `HS512` to test an algorithm allow-list. */
  alg?: string;
  /** Extra protected-header parameters (e.g. `{ kid: 'x' }`). */
  header?: Record<string, unknown>;
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * Applies `iat`/`exp`/`nbf`/`iss`/`aud` to a SignJWT per the shared rules. `iss`/`aud` are set only
 * when given (a value of `undefined` means "none"). Exported for ./doubles/fake-idp.ts.
 */
export function applyStandardClaims(
  jwt: SignJWT,
  claims: Record<string, unknown>,
  opts: ClaimTimingOptions & { issuer?: string; audience?: string | string[] },
): SignJWT {
  const now = nowSeconds();
  const relative = (value: string | number): string | number => (typeof value === 'number' ? now + value : value);
  if (!('iat' in claims) && !opts.omitIat) jwt.setIssuedAt(opts.issuedAt ?? now);
  if (!('exp' in claims) && !opts.omitExp) jwt.setExpirationTime(relative(opts.expiresIn ?? '10m'));
  if (!('nbf' in claims) && opts.notBefore !== undefined) jwt.setNotBefore(relative(opts.notBefore));
  if (!('iss' in claims) && opts.issuer !== undefined) jwt.setIssuer(opts.issuer);
  if (!('aud' in claims) && opts.audience !== undefined) jwt.setAudience(opts.audience);
  return jwt;
}

/** Signs a caller token with a shared secret (AUTH_JWT_SECRET mode). Defaults: HS256, iat now, exp in 10 minutes. */
export async function mintHs256CallerToken(secret: string, claims: CallerClaims, opts: Hs256TokenOptions = {}): Promise<string> {
  const jwt = new SignJWT(claims).setProtectedHeader({ typ: 'JWT', ...opts.header, alg: opts.alg ?? 'HS256' });
  applyStandardClaims(jwt, claims, opts);
  return jwt.sign(new TextEncoder().encode(secret));
}

/**
 * Builds a compact JWT by hand, without signing (for `alg: none`, malformed headers, forged or
 * truncated signatures). `signature` is appended as given (default: empty).
 */
export function encodeUnsignedJwt(header: Record<string, unknown>, payload: Record<string, unknown>, signature = ''): string {
  const part = (value: Record<string, unknown>): string => base64url.encode(JSON.stringify(value));
  return `${part(header)}.${part(payload)}.${signature}`;
}
