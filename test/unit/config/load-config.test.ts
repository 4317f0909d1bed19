import { describe, expect, it } from '@jest/globals';
import { ConfigError, DEV_DEFAULTS, loadConfig } from '../../../src/config/load-config.js';

const strong = 'x'.repeat(40);

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('starts with no configuration at all in development, on the LiveKit dev keys and the dev caller secret', () => {
    const config = loadConfig({});
    expect(config.env).toBe('development');
    expect(config.server).toMatchObject({ port: 4000, introspection: true, landingPage: true, corsOrigins: true });
    expect(config.livekit).toEqual({ apiKey: 'devkey', apiSecret: 'secret', url: 'ws://localhost:7880' });
    expect(config.auth.mode).toBe('secret');
    expect(config.openvidu).toBeNull();
    expect(config.videosdk).toBeNull();
    expect(config.notices.join('\n')).not.toContain(DEV_DEFAULTS.authSecret);
  });

  it('turns introspection and the landing page off in production unless explicitly enabled', () => {
    const base = { NODE_ENV: 'production', AUTH_JWT_SECRET: strong, LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 'y'.repeat(40) };
    expect(loadConfig(base).server).toMatchObject({ introspection: false, landingPage: false, includeStacktrace: false, corsOrigins: [] });
    expect(loadConfig({ ...base, GRAPHQL_INTROSPECTION: 'true', GRAPHQL_LANDING_PAGE: 'true' }).server).toMatchObject({
      introspection: true,
      landingPage: true,
    });
  });

  it('refuses production without auth, with dev secrets or weak secrets, and reports every problem at once', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual(['AUTH_JWT_SECRET or AUTH_JWKS_URL: required in production']);
    const problems = problemsOf({
      NODE_ENV: 'production',
      AUTH_JWT_SECRET: DEV_DEFAULTS.authSecret,
      LIVEKIT_API_KEY: 'devkey',
      LIVEKIT_API_SECRET: 'secret',
      VIDEOSDK_API_KEY: 'k',
      VIDEOSDK_SECRET: 'short',
      OPENVIDU_URL: 'http://ov.test',
    });
    expect(problems).toEqual([
      'AUTH_JWT_SECRET: the development secret cannot be used in production',
      'LIVEKIT_API_SECRET: the LiveKit development secret cannot be used in production',
      'OPENVIDU_SECRET: required when OPENVIDU_URL is set',
      'VIDEOSDK_SECRET: must be at least 32 bytes',
    ]);
  });

  it('names variables but never prints their values', () => {
    const secretValue = 'do-not-print-me';
    let message = '';
    try {
      loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: secretValue, PORT: 'not-a-port', OPENVIDU_URL: 'ftp://x' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('PORT');
    expect(message).toContain('OPENVIDU_URL');
    expect(message).not.toContain(secretValue);
  });

  it('requires https, an issuer and an audience for a production key set, and only asymmetric algorithms', () => {
    expect(problemsOf({ NODE_ENV: 'production', AUTH_JWKS_URL: 'http://idp.example.com/jwks', LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: strong, AUTH_ALGORITHMS: 'HS256' })).toEqual([
      'AUTH_JWKS_URL: must use https in production',
      'AUTH_ISSUER and AUTH_AUDIENCE: required in production with AUTH_JWKS_URL',
      'AUTH_ALGORITHMS: only asymmetric algorithms are allowed with AUTH_JWKS_URL',
    ]);
  });

  it('refuses a caller secret equal to a provider signing secret (issued tokens must never pass as callers)', () => {
    expect(problemsOf({ AUTH_JWT_SECRET: strong, LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: strong })).toEqual([
      'AUTH_JWT_SECRET: must differ from LIVEKIT_API_SECRET and VIDEOSDK_SECRET',
    ]);
  });
});
