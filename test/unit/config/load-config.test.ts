import { describe, expect, it } from '@jest/globals';
import { ConfigError, DEV_DEFAULTS, loadConfig, type ReadTextFile } from '../../../src/config/load-config.js';
import { DEFAULT_POLICY } from '../../../src/policy/default-policy.js';

const strong = 'x'.repeat(40);

function problemsOf(env: Record<string, string>, readFile?: ReadTextFile): string[] {
  try {
    loadConfig(env, readFile);
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

  it('uses the built-in policy and process memory when POLICY_FILE and REDIS_URL are unset', () => {
    const config = loadConfig({});
    expect(config.policy).toEqual(DEFAULT_POLICY);
    expect(config.policySource).toBe('built-in');
    expect(config.redis).toBeNull();
    expect(config.server.trustProxy).toBe(false);
  });

  it('loads POLICY_FILE and reports its problems by JSON path together with the environment\'s', () => {
    const files: Record<string, string> = {
      '/etc/callgate/ok.json': JSON.stringify({ ...DEFAULT_POLICY, defaultRole: 'moderator' }),
      '/etc/callgate/bad.json': JSON.stringify({ ...DEFAULT_POLICY, ownerRole: 'admin', ttl: { livekit: { defaultSeconds: 10, maxSeconds: 5 }, videosdk: DEFAULT_POLICY.ttl.videosdk } }),
      '/etc/callgate/broken.json': '{ "version": 1,',
    };
    const readFile: ReadTextFile = (path) => {
      if (!(path in files)) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return files[path];
    };
    const config = loadConfig({ POLICY_FILE: '/etc/callgate/ok.json' }, readFile);
    expect(config.policy.defaultRole).toBe('moderator');
    expect(config.policySource).toBe('/etc/callgate/ok.json');

    expect(problemsOf({ POLICY_FILE: '/etc/callgate/bad.json', PORT: 'x' }, readFile)).toEqual([
      'PORT: Invalid input: expected number, received NaN',
      'POLICY_FILE: ttl.livekit.defaultSeconds: must not exceed maxSeconds',
      'POLICY_FILE: ownerRole: names no role defined in roles',
    ]);
    expect(problemsOf({ POLICY_FILE: '/etc/callgate/bad.json' }, readFile)).toEqual([
      'POLICY_FILE: ttl.livekit.defaultSeconds: must not exceed maxSeconds',
      'POLICY_FILE: ownerRole: names no role defined in roles',
    ]);
    expect(problemsOf({ POLICY_FILE: '/etc/callgate/missing.json', OPENVIDU_URL: 'http://ov.test' }, readFile)).toEqual([
      'OPENVIDU_SECRET: required when OPENVIDU_URL is set',
      'POLICY_FILE: cannot be read (ENOENT)',
    ]);
    expect(problemsOf({ POLICY_FILE: '/etc/callgate/broken.json' }, readFile)[0]).toMatch(/^POLICY_FILE: is not valid JSON/);
  });

  it('reads the shipped policy.example.json from disk', () => {
    const config = loadConfig({ POLICY_FILE: new URL('../../../policy.example.json', import.meta.url).pathname });
    expect(config.policy.defaultRole).toBe('guest');
  });

  it('takes a redis:// or rediss:// REDIS_URL, and warns in production without one', () => {
    expect(loadConfig({ REDIS_URL: 'redis://:pw@cache.internal:6379/2' }).redis).toEqual({ url: 'redis://:pw@cache.internal:6379/2' });
    expect(problemsOf({ REDIS_URL: 'http://cache.internal' })).toEqual([expect.stringMatching(/^REDIS_URL: /)]);
    const production = { NODE_ENV: 'production', AUTH_JWT_SECRET: strong, LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 'y'.repeat(40) };
    expect(loadConfig(production).notices).toEqual([
      'REDIS_URL is not set: room ownership and rate limits live in this process only; run a single replica or set REDIS_URL',
    ]);
    const withRedis = loadConfig({ ...production, REDIS_URL: 'rediss://:secret-password@cache.internal:6380' });
    expect(withRedis.notices).toEqual([]);
    expect(JSON.stringify(withRedis.notices)).not.toContain('secret-password');
  });

  it('reads TRUST_PROXY as a flag or a list of proxy addresses', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).server.trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: 'off' }).server.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).server.trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
  });
});
