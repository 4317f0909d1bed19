import { describe, expect, it } from '@jest/globals';
import { DEV_DEFAULTS, loadConfig, type ReadTextFile } from '../../../src/config/load-config.js';
import { DEFAULT_POLICY } from '../../../src/policy/default-policy.js';
import { configProblems } from '../../support/config-problems.js';

const strong = 'x'.repeat(40);

const problemsOf = configProblems;

describe('loadConfig', () => {
  it('starts with no configuration at all in development, on the LiveKit dev keys and the dev caller secret', () => {
    const config = loadConfig({});
    expect(config.env).toBe('development');
    expect(config.server).toMatchObject({ port: 4000, introspection: true, landingPage: true, corsOrigins: true });
    expect(config.livekit).toEqual({
      apiKey: 'devkey',
      apiSecret: 'secret',
      url: 'ws://localhost:7880',
      apiUrl: 'http://localhost:7880',
      timeoutMs: 5000,
      connectTimeoutMs: 1000,
    });
    expect(config.auth.mode).toBe('secret');
    expect(config.openvidu).toBeNull();
    expect(config.videosdk).toBeNull();
    expect(config.notices.join('\n')).not.toContain(DEV_DEFAULTS.authSecret);
  });

  it('turns introspection and the landing page off in production unless explicitly enabled', () => {
    const base = { NODE_ENV: 'production', AUTH_JWT_SECRET: strong, LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 'y'.repeat(40), LIVEKIT_URL: 'wss://lk.example.com' };
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
      'LIVEKIT_URL: required in production (the wss:// address browsers connect to)',
      'OPENVIDU_SECRET: required when OPENVIDU_URL is set',
      'OPENVIDU_URL: must use https in production',
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
    expect(problemsOf({ NODE_ENV: 'production', AUTH_JWKS_URL: 'http://idp.example.com/jwks', LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: strong, LIVEKIT_URL: 'wss://lk.example.com', AUTH_ALGORITHMS: 'HS256' })).toEqual([
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
    const production = { NODE_ENV: 'production', AUTH_JWT_SECRET: strong, LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 'y'.repeat(40), LIVEKIT_URL: 'wss://lk.example.com' };
    expect(loadConfig(production).notices).toContain(
      'REDIS_URL is not set: room ownership and rate limits live in this process only; run a single replica or set REDIS_URL',
    );
    const withRedis = loadConfig({ ...production, REDIS_URL: 'rediss://:secret-password@cache.internal:6380' });
    expect(withRedis.notices.filter((n) => n.startsWith('REDIS_URL'))).toEqual([]);
    expect(JSON.stringify(withRedis.notices)).not.toContain('secret-password');
  });

  it('reads TRUST_PROXY as a flag or a list of proxy addresses', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).server.trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: 'off' }).server.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).server.trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
  });

  describe('safe defaults for a gateway that holds provider secrets', () => {
    /** A production environment that passes every check: explicit caller secret with issuer and audience, policy file, LiveKit over wss. */
    const policyFile = '/etc/callgate/policy.json';
    const readPolicy: ReadTextFile = () => JSON.stringify(DEFAULT_POLICY);
    const production = {
      NODE_ENV: 'production',
      AUTH_JWT_SECRET: strong,
      AUTH_ISSUER: 'https://idp.example.com',
      AUTH_AUDIENCE: 'callgate',
      POLICY_FILE: policyFile,
      REDIS_URL: 'redis://cache.internal:6379',
      ADMIN_PORT: '9100',
      LIVEKIT_API_KEY: 'prod-key',
      LIVEKIT_API_SECRET: 'l'.repeat(40),
      LIVEKIT_URL: 'wss://livekit.example.com',
    };
    const prodProblems = (env: Record<string, string>) => problemsOf({ ...production, ...env }, readPolicy);
    const prodNotices = (env: Record<string, string>) => loadConfig({ ...production, ...env }, readPolicy).notices;

    it('has a clean production baseline (no problem, no notice)', () => {
      expect(prodProblems({})).toEqual([]);
      expect(prodNotices({})).toEqual([]);
    });

    it('listens on 127.0.0.1 outside production unless HOST is set, and on 0.0.0.0 in production', () => {
      expect(loadConfig({}).server.host).toBe('127.0.0.1');
      expect(loadConfig({ NODE_ENV: 'test' }).server.host).toBe('127.0.0.1');
      expect(loadConfig({ HOST: '0.0.0.0' }).server.host).toBe('0.0.0.0');
      expect(loadConfig({ ...production }, readPolicy).server.host).toBe('0.0.0.0');
      expect(loadConfig({ ...production, HOST: '10.1.2.3' }, readPolicy).server.host).toBe('10.1.2.3');
    });

    it('refuses the public development caller secret when a real provider secret is configured', () => {
      const why = /^AUTH_JWT_SECRET or AUTH_JWKS_URL: required when (.+) (is|are) set\. The built-in development caller secret is public/;
      const cases: Array<[Record<string, string>, string]> = [
        [{ OPENVIDU_URL: 'https://ov.example.com', OPENVIDU_SECRET: 'ov-secret' }, 'OPENVIDU_SECRET'],
        [{ VIDEOSDK_API_KEY: 'k', VIDEOSDK_SECRET: 'vsdk-secret' }, 'VIDEOSDK_SECRET'],
        [{ LIVEKIT_API_KEY: 'APIabc', LIVEKIT_API_SECRET: 'lk-cloud-secret' }, 'LIVEKIT_API_SECRET'],
        [{ LIVEKIT_API_KEY: 'devkey', LIVEKIT_API_SECRET: 'not-the-dev-secret' }, 'LIVEKIT_API_SECRET'],
        // Setting the development value explicitly is no better than leaving it unset.
        [{ AUTH_JWT_SECRET: DEV_DEFAULTS.authSecret, VIDEOSDK_API_KEY: 'k', VIDEOSDK_SECRET: 'vsdk-secret' }, 'VIDEOSDK_SECRET'],
      ];
      for (const [env, named] of cases) {
        const problems = problemsOf(env);
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatch(why);
        expect(why.exec(problems[0])![1]).toBe(named);
        expect(problems[0]).not.toMatch(/ov-secret|vsdk-secret|lk-cloud-secret/);
      }
      expect(problemsOf({ OPENVIDU_URL: 'https://ov.example.com', OPENVIDU_SECRET: 'ov-secret', VIDEOSDK_API_KEY: 'k', VIDEOSDK_SECRET: 's' })[0]).toMatch(
        /required when OPENVIDU_SECRET, VIDEOSDK_SECRET are set/,
      );
    });

    it('still starts on the public development keys (npm start), with an explicit caller secret, or with a key set', () => {
      expect(problemsOf({})).toEqual([]);
      expect(problemsOf({ LIVEKIT_API_KEY: 'devkey', LIVEKIT_API_SECRET: 'secret' })).toEqual([]);
      // OpenVidu's documented default secret is as public as the LiveKit dev keys.
      expect(problemsOf({ OPENVIDU_URL: 'http://localhost:4443', OPENVIDU_SECRET: 'MY_SECRET' })).toEqual([]);
      expect(problemsOf({ AUTH_JWT_SECRET: strong, VIDEOSDK_API_KEY: 'k', VIDEOSDK_SECRET: 'vsdk-secret' })).toEqual([]);
      expect(problemsOf({ AUTH_JWKS_URL: 'https://idp.example.com/jwks', VIDEOSDK_API_KEY: 'k', VIDEOSDK_SECRET: 'vsdk-secret' })).toEqual([]);
    });

    it('requires LIVEKIT_URL in production, over wss:// unless the host is loopback', () => {
      const { LIVEKIT_URL: _unset, ...withoutUrl } = production;
      expect(problemsOf(withoutUrl, readPolicy)).toEqual(['LIVEKIT_URL: required in production (the wss:// address browsers connect to)']);
      expect(prodProblems({ LIVEKIT_URL: 'ws://livekit.example.com' })).toEqual(['LIVEKIT_URL: must use wss:// in production (ws:// only for a loopback host)']);
      expect(prodProblems({ LIVEKIT_URL: 'http://livekit.example.com' })).toEqual(['LIVEKIT_URL: must use wss:// in production (ws:// only for a loopback host)']);
      for (const ok of ['ws://localhost:7880', 'ws://127.0.0.1:7880', 'ws://[::1]:7880', 'https://livekit.example.com']) {
        expect([ok, prodProblems({ LIVEKIT_URL: ok })]).toEqual([ok, []]);
      }
    });

    it('calls the LiveKit server API at LIVEKIT_API_URL, else at the LIVEKIT_URL host over http(s); https in production', () => {
      const livekit = (env: Record<string, string>) => loadConfig({ ...production, ...env }, readPolicy).livekit!;
      expect(livekit({}).apiUrl).toBe('https://livekit.example.com');
      expect(livekit({ LIVEKIT_URL: 'wss://lk.example.com/base/' }).apiUrl).toBe('https://lk.example.com/base');
      expect(livekit({ LIVEKIT_API_URL: 'https://lk-internal.example.com/' }).apiUrl).toBe('https://lk-internal.example.com');
      expect(loadConfig({ LIVEKIT_URL: 'ws://127.0.0.1:7880' }).livekit!.apiUrl).toBe('http://127.0.0.1:7880');
      expect(prodProblems({ LIVEKIT_API_URL: 'http://lk-internal.example.com' })).toEqual(['LIVEKIT_API_URL: must use https in production']);
      expect(prodProblems({ LIVEKIT_API_URL: 'http://127.0.0.1:7880' })).toEqual([]);
      expect(prodProblems({ LIVEKIT_API_URL: 'wss://lk.example.com' })).toEqual([expect.stringMatching(/^LIVEKIT_API_URL: /)]);
      expect(livekit({ LIVEKIT_TIMEOUT_MS: '800', LIVEKIT_CONNECT_TIMEOUT_MS: '2000' })).toMatchObject({ timeoutMs: 800, connectTimeoutMs: 800 });
    });

    it('refuses cleartext provider URLs to other hosts in production', () => {
      const openvidu = { OPENVIDU_SECRET: 'o'.repeat(40) };
      const videosdk = { VIDEOSDK_API_KEY: 'k', VIDEOSDK_SECRET: 'v'.repeat(40) };
      expect(prodProblems({ ...openvidu, OPENVIDU_URL: 'http://ov.example.com' })).toEqual(['OPENVIDU_URL: must use https in production']);
      expect(prodProblems({ ...videosdk, VIDEOSDK_API_URL: 'http://api.videosdk.example.com' })).toEqual(['VIDEOSDK_API_URL: must use https in production']);
      expect(prodProblems({ ...openvidu, OPENVIDU_URL: 'http://127.0.0.1:4443', ...videosdk, VIDEOSDK_API_URL: 'http://localhost:9000' })).toEqual([]);
      expect(prodProblems({ ...openvidu, OPENVIDU_URL: 'https://ov.example.com', ...videosdk })).toEqual([]);
    });

    it("refuses OpenVidu's default secret and a short OpenVidu secret in production", () => {
      const ov = { OPENVIDU_URL: 'https://ov.example.com' };
      expect(prodProblems({ ...ov, OPENVIDU_SECRET: 'MY_SECRET' })).toEqual(["OPENVIDU_SECRET: OpenVidu's documented default secret cannot be used in production"]);
      expect(prodProblems({ ...ov, OPENVIDU_SECRET: 'o'.repeat(31) })).toEqual(['OPENVIDU_SECRET: must be at least 32 bytes']);
      expect(prodProblems({ ...ov, OPENVIDU_SECRET: 'o'.repeat(32) })).toEqual([]);
    });

    it('warns, one named line each, about risky but legal production settings', () => {
      const notices = (env: Record<string, string | undefined>) => {
        const full = Object.fromEntries(Object.entries({ ...production, ...env }).filter(([, v]) => v !== undefined)) as Record<string, string>;
        return loadConfig(full, readPolicy).notices;
      };
      expect(notices({ TRUST_PROXY: 'true' })).toEqual([expect.stringMatching(/^TRUST_PROXY=true trusts X-Forwarded-For from every peer/)]);
      expect(notices({ TRUST_PROXY: '10.0.0.0/8' })).toEqual([]);
      expect(notices({ AUTH_ISSUER: undefined })).toEqual([expect.stringMatching(/^AUTH_ISSUER\/AUTH_AUDIENCE are not both set/)]);
      expect(notices({ AUTH_AUDIENCE: undefined })).toEqual([expect.stringMatching(/^AUTH_ISSUER\/AUTH_AUDIENCE are not both set/)]);
      expect(notices({ POLICY_FILE: undefined })).toEqual([expect.stringMatching(/^POLICY_FILE is not set: the permissive built-in policy/)]);
      expect(notices({ LIVEKIT_API_KEY: undefined, LIVEKIT_API_SECRET: undefined, LIVEKIT_URL: undefined })).toEqual([
        expect.stringMatching(/^providers: none is configured/),
      ]);
      expect(notices({ ADMIN_PORT: undefined })).toEqual([expect.stringMatching(/^ADMIN_PORT is not set: \/metrics is not served/)]);
      expect(notices({ ADMIN_PORT: undefined, METRICS_ON_MAIN_PORT: 'true' })).toEqual([]);
      // None of them outside production.
      expect(loadConfig({ TRUST_PROXY: 'true' }).notices.filter((n) => !/development|dev-server/.test(n))).toEqual([]);
    });

    it('reports every problem in one pass, even when a value fails to parse', () => {
      expect(problemsOf({ PORT: 'abc', VIDEOSDK_API_KEY: 'k', VIDEOSDK_SECRET: 'vsdk-secret', HTTP_HEADERS_TIMEOUT_MS: '5000', HTTP_REQUEST_TIMEOUT_MS: '1000' })).toEqual([
        'PORT: Invalid input: expected number, received NaN',
        expect.stringMatching(/^AUTH_JWT_SECRET or AUTH_JWKS_URL: required when VIDEOSDK_SECRET is set/),
        'HTTP_HEADERS_TIMEOUT_MS: must not exceed HTTP_REQUEST_TIMEOUT_MS',
      ]);
      // A check that depends on a refused value stays quiet rather than guessing.
      expect(problemsOf({ OPENVIDU_URL: 'ftp://ov.example.com', OPENVIDU_SECRET: 'MY_SECRET' })).toEqual([expect.stringMatching(/^OPENVIDU_URL: /)]);
    });

    it('says which schemes REDIS_URL takes', () => {
      expect(problemsOf({ REDIS_URL: 'http://cache.internal' })).toEqual(['REDIS_URL: must be a redis:// or rediss:// URL']);
      expect(problemsOf({ REDIS_URL: 'cache.internal:6379' })).toEqual(['REDIS_URL: must be a redis:// or rediss:// URL']);
    });

    it('treats an empty value as unset (NODE_ENV="" is development)', () => {
      expect(problemsOf({ NODE_ENV: '' })).toEqual([]);
      const config = loadConfig({ NODE_ENV: '', PORT: '', HOST: ' ' });
      expect(config.env).toBe('development');
      expect(config.server).toMatchObject({ port: 4000, host: '127.0.0.1' });
    });

    it('serves /metrics on an admin port when ADMIN_PORT is set, and on the main port only outside production unless asked', () => {
      expect(loadConfig({}).admin).toBeNull();
      expect(loadConfig({}).server.metricsOnMainPort).toBe(true);
      expect(loadConfig({ ADMIN_PORT: '9100' }).admin).toEqual({ host: '127.0.0.1', port: 9100 });
      expect(loadConfig({ ADMIN_PORT: '9100', ADMIN_HOST: '0.0.0.0' }).admin).toEqual({ host: '0.0.0.0', port: 9100 });
      expect(loadConfig({ ...production }, readPolicy).server.metricsOnMainPort).toBe(false);
      expect(loadConfig({ ...production, METRICS_ON_MAIN_PORT: 'true' }, readPolicy).server.metricsOnMainPort).toBe(true);
      expect(problemsOf({ PORT: '4000', ADMIN_PORT: '4000' })).toEqual(['ADMIN_PORT: must differ from PORT']);
      expect(problemsOf({ ADMIN_PORT: '70000' })).toEqual([expect.stringMatching(/^ADMIN_PORT: /)]);
    });

    it('bounds a key-set fetch at 2 s unless AUTH_JWKS_TIMEOUT_MS says otherwise', () => {
      const jwks = { AUTH_JWT_SECRET: undefined, AUTH_JWKS_URL: 'https://idp.example.com/jwks' };
      expect(loadConfig(jwks).auth.jwks.timeoutMs).toBe(2000);
      expect(loadConfig({ ...jwks, AUTH_JWKS_TIMEOUT_MS: '500' }).auth.jwks.timeoutMs).toBe(500);
    });

    it('caps concurrent HTTP connections (HTTP_MAX_CONNECTIONS, default 10000)', () => {
      expect(loadConfig({}).server.maxConnections).toBe(10_000);
      expect(loadConfig({ HTTP_MAX_CONNECTIONS: '50' }).server.maxConnections).toBe(50);
      expect(problemsOf({ HTTP_MAX_CONNECTIONS: '0' })).toEqual([expect.stringMatching(/^HTTP_MAX_CONNECTIONS: /)]);
    });
  });
});
