import type { AuthConfig } from './config.types.js';
import { exclusiveVariables, requireStrongSecretInProduction, requireTlsInProduction, type ConfigContext } from './config-rules.js';
import { DEV_DEFAULTS, OPENVIDU_DEFAULT_SECRET } from './dev-defaults.js';

/**
 * Caller authentication: AUTH_JWT_SECRET (HMAC) or AUTH_JWKS_URL (an identity provider's keys), never
 * both; outside production the built-in development caller secret when neither is set.
 */
export function authConfig(ctx: ConfigContext): AuthConfig {
  const { e, production, problems, notices } = ctx;
  exclusiveVariables(ctx, 'AUTH_JWT_SECRET', 'AUTH_JWKS_URL');
  const common = {
    issuer: e.AUTH_ISSUER,
    audience: e.AUTH_AUDIENCE,
    rolesClaim: e.AUTH_ROLES_CLAIM,
    nameClaim: e.AUTH_NAME_CLAIM,
    clockToleranceSeconds: e.AUTH_CLOCK_TOLERANCE_SECONDS,
    jwks: { timeoutMs: e.AUTH_JWKS_TIMEOUT_MS, cooldownMs: e.AUTH_JWKS_COOLDOWN_MS, cacheMaxAgeMs: e.AUTH_JWKS_CACHE_MAX_AGE_MS },
  };
  const algorithms = e.AUTH_ALGORITHMS?.split(',').map((a) => a.trim()).filter(Boolean);
  if (e.AUTH_JWKS_URL) {
    requireTlsInProduction(ctx, 'AUTH_JWKS_URL', e.AUTH_JWKS_URL);
    if (production && (!e.AUTH_ISSUER || !e.AUTH_AUDIENCE)) {
      problems.push('AUTH_ISSUER and AUTH_AUDIENCE: required in production with AUTH_JWKS_URL');
    }
    const algs = algorithms ?? ['RS256'];
    if (algs.some((a) => a.startsWith('HS') || a === 'none')) {
      problems.push('AUTH_ALGORITHMS: only asymmetric algorithms are allowed with AUTH_JWKS_URL');
    }
    return { mode: 'jwks', jwksUrl: new URL(e.AUTH_JWKS_URL), algorithms: algs, ...common };
  }
  if (!e.AUTH_JWT_SECRET) {
    if (production) problems.push('AUTH_JWT_SECRET or AUTH_JWKS_URL: required in production');
    else notices.push('AUTH_JWT_SECRET is not set: using the built-in development caller secret');
  }
  requireStrongSecretInProduction(ctx, 'AUTH_JWT_SECRET', e.AUTH_JWT_SECRET, { value: DEV_DEFAULTS.authSecret, what: 'the development secret' });
  const algs = algorithms ?? ['HS256'];
  if (algs.some((a) => !/^HS(256|384|512)$/.test(a))) {
    problems.push('AUTH_ALGORITHMS: only HS256, HS384 or HS512 are allowed with AUTH_JWT_SECRET');
  }
  if (production && (!e.AUTH_ISSUER || !e.AUTH_AUDIENCE)) {
    notices.push(
      'AUTH_ISSUER/AUTH_AUDIENCE are not both set: any token signed with AUTH_JWT_SECRET is accepted as a caller, whoever issued it and for whatever service; set both',
    );
  }
  const secret = e.AUTH_JWT_SECRET ?? DEV_DEFAULTS.authSecret;
  return { mode: 'secret', secret: new TextEncoder().encode(secret), algorithms: algs, ...common };
}

/**
 * The development caller secret is in the source code: with it, anyone can sign caller tokens. It may
 * guard the public LiveKit dev-server keys (npm start), never a provider account's secrets.
 */
export function checkCallerSecretGuardsProviders(ctx: ConfigContext): void {
  const { e, production, problems } = ctx;
  const devCallerSecret = !e.AUTH_JWKS_URL && (!e.AUTH_JWT_SECRET || e.AUTH_JWT_SECRET === DEV_DEFAULTS.authSecret);
  const livekitDevKeys = e.LIVEKIT_API_KEY === DEV_DEFAULTS.livekitApiKey && e.LIVEKIT_API_SECRET === DEV_DEFAULTS.livekitApiSecret;
  const providerSecrets = [
    ...((e.LIVEKIT_API_KEY || e.LIVEKIT_API_SECRET) && !livekitDevKeys ? ['LIVEKIT_API_SECRET'] : []),
    ...(e.OPENVIDU_SECRET && e.OPENVIDU_SECRET !== OPENVIDU_DEFAULT_SECRET ? ['OPENVIDU_SECRET'] : []),
    ...(e.VIDEOSDK_SECRET ? ['VIDEOSDK_SECRET'] : []),
  ];
  if (!production && devCallerSecret && providerSecrets.length) {
    problems.push(
      `AUTH_JWT_SECRET or AUTH_JWKS_URL: required when ${providerSecrets.join(', ')} ${providerSecrets.length > 1 ? 'are' : 'is'} set. ` +
        'The built-in development caller secret is public (it is in the source code): anyone could sign caller tokens and spend these provider credentials',
    );
  }
}

/** A token the gateway issued must never verify as a caller token (RFC 8725 3.12). */
export function checkCallerSecretIsNotAProviderSecret(ctx: ConfigContext): void {
  const { e } = ctx;
  if (e.AUTH_JWT_SECRET && [e.LIVEKIT_API_SECRET, e.VIDEOSDK_SECRET].includes(e.AUTH_JWT_SECRET)) {
    ctx.problems.push('AUTH_JWT_SECRET: must differ from LIVEKIT_API_SECRET and VIDEOSDK_SECRET');
  }
}
