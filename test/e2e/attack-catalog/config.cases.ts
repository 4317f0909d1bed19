/**
 * Catalog cases added with the safe-defaults work: start-up refusals and warnings (CFG-05..10), the
 * admin port and the listener's own limits (HTTP-13..15), and caller token types (AUTH-22).
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import { expect } from '@jest/globals';
import { DEV_DEFAULTS, loadConfig } from '../../../src/config/load-config.js';
import { createLogger } from '../../../src/logger.js';
import { createGateway } from '../../../src/server/create-gateway.js';
import { createGatewayServices } from '../../../src/server/gateway-services.js';
import { sendAndAwaitClose, servedSocket } from '../../support/raw-sockets.js';
import { TEST_AUTH_SECRET } from '../../support/start-test-gateway.js';
import { expectCode, expectOk, gql, INVALID_TOKEN_MESSAGE, type CatalogChecks } from './catalog-env.js';
import { problemsOf } from './operations.cases.js';

const STRONG = 'c'.repeat(40);
/** Production settings that load without any problem or notice; each case changes one thing. */
const QUIET_PRODUCTION = {
  NODE_ENV: 'production',
  AUTH_JWT_SECRET: STRONG,
  AUTH_ISSUER: 'https://idp.example.com',
  AUTH_AUDIENCE: 'callgate',
  REDIS_URL: 'redis://cache.internal:6379',
  ADMIN_PORT: '9100',
  POLICY_FILE: new URL('../../../policy.example.json', import.meta.url).pathname,
  LIVEKIT_API_KEY: 'prod-key',
  LIVEKIT_API_SECRET: 'l'.repeat(40),
  LIVEKIT_URL: 'wss://livekit.example.com',
};
const DEV_SECRET_REFUSED = /^AUTH_JWT_SECRET or AUTH_JWKS_URL: required when [A-Z_, ]+ (is|are) set\. The built-in development caller secret is public/;

export const configChecks: CatalogChecks = {
  'CFG-05': async () => {
    const canary = 'vsdk-secret-canary-value';
    for (const env of <Array<Record<string, string>>>[
      { VIDEOSDK_API_KEY: 'k', VIDEOSDK_SECRET: canary },
      { OPENVIDU_URL: 'https://ov.example.com', OPENVIDU_SECRET: canary },
      { LIVEKIT_API_KEY: 'APIcloud', LIVEKIT_API_SECRET: canary },
      { AUTH_JWT_SECRET: DEV_DEFAULTS.authSecret, VIDEOSDK_API_KEY: 'k', VIDEOSDK_SECRET: canary },
    ]) {
      const problems = problemsOf(env);
      expect(problems).toEqual([expect.stringMatching(DEV_SECRET_REFUSED)]);
      expect(problems.join('\n')).not.toContain(canary);
    }
    expect(problemsOf({ LIVEKIT_API_KEY: 'devkey', LIVEKIT_API_SECRET: 'secret' })).toEqual([]);
    expect(problemsOf({ AUTH_JWT_SECRET: STRONG, VIDEOSDK_API_KEY: 'k', VIDEOSDK_SECRET: canary })).toEqual([]);
  },

  'CFG-06': async () => {
    const { LIVEKIT_URL: _omitted, ...noUrl } = QUIET_PRODUCTION;
    expect(problemsOf(noUrl)).toEqual([expect.stringMatching(/^LIVEKIT_URL: required in production/)]);
    expect(problemsOf({ ...QUIET_PRODUCTION, LIVEKIT_URL: 'ws://livekit.example.com' })).toEqual([expect.stringMatching(/^LIVEKIT_URL: must use wss:\/\//)]);
    expect(problemsOf({ ...QUIET_PRODUCTION, LIVEKIT_URL: 'ws://localhost:7880' })).toEqual([]);
  },

  'CFG-07': async () => {
    const ovSecret = 'openvidu-secret-canary-0123456789abcdef';
    const openvidu = (url: string, secret: string) => problemsOf({ ...QUIET_PRODUCTION, OPENVIDU_URL: url, OPENVIDU_SECRET: secret });
    expect(openvidu('http://ov.example.com', ovSecret)).toEqual(['OPENVIDU_URL: must use https in production']);
    expect(openvidu('https://ov.example.com', 'MY_SECRET')).toEqual([expect.stringMatching(/^OPENVIDU_SECRET: OpenVidu's documented default secret/)]);
    expect(openvidu('https://ov.example.com', 'o'.repeat(31))).toEqual(['OPENVIDU_SECRET: must be at least 32 bytes']);
    const videosdk = { VIDEOSDK_API_KEY: 'k', VIDEOSDK_SECRET: 'v'.repeat(40), VIDEOSDK_API_URL: 'http://videosdk.example.com' };
    expect(problemsOf({ ...QUIET_PRODUCTION, ...videosdk })).toEqual(['VIDEOSDK_API_URL: must use https in production']);
    expect(openvidu('http://ov.example.com', ovSecret).join('\n')).not.toContain(ovSecret);
  },

  'CFG-08': async () => {
    const config = loadConfig({ NODE_ENV: 'test', PORT: '0', AUTH_JWT_SECRET: TEST_AUTH_SECRET });
    const gateway = await createGateway(createGatewayServices(config, createLogger('silent')));
    try {
      // listen() with no arguments: the configured host, as main.ts does.
      expect((await gateway.listen()).address).toBe('127.0.0.1');
    } finally {
      await gateway.close();
    }
    expect(loadConfig(QUIET_PRODUCTION).server.host).toBe('0.0.0.0');
  },

  'CFG-09': async () => {
    expect(loadConfig(QUIET_PRODUCTION).notices).toEqual([]);
    const { AUTH_ISSUER: _i, ADMIN_PORT: _a, POLICY_FILE: _p, LIVEKIT_API_KEY: _k, LIVEKIT_API_SECRET: _s, LIVEKIT_URL: _u, ...risky } = QUIET_PRODUCTION;
    const names = loadConfig({ ...risky, TRUST_PROXY: 'true' }).notices.map((n) => n.split(/[ :=]/)[0]);
    expect(names.sort()).toEqual(['ADMIN_PORT', 'AUTH_ISSUER/AUTH_AUDIENCE', 'POLICY_FILE', 'TRUST_PROXY', 'providers']);
  },

  'CFG-10': async () => {
    expect(problemsOf({ PORT: 'abc', VIDEOSDK_API_KEY: 'k', VIDEOSDK_SECRET: 's', HTTP_HEADERS_TIMEOUT_MS: '9000', HTTP_REQUEST_TIMEOUT_MS: '1000' })).toEqual([
      expect.stringMatching(/^PORT: /),
      expect.stringMatching(DEV_SECRET_REFUSED),
      'HTTP_HEADERS_TIMEOUT_MS: must not exceed HTTP_REQUEST_TIMEOUT_MS',
    ]);
    expect(loadConfig({ NODE_ENV: '' }).env).toBe('development');
    expect(problemsOf({ REDIS_URL: 'http://cache.internal:6379' })).toEqual(['REDIS_URL: must be a redis:// or rediss:// URL']);
  },

  'HTTP-13': async (env) => {
    for (const path of ['/healthz', '/readyz']) expect([path, (await fetch(`${env.prod.url}${path}`)).status]).toEqual([path, 200]);
    expect((await fetch(`${env.prod.url}/metrics`)).status).toBe(404);
    const withAdmin = await env.startGateway({ NODE_ENV: 'production', LOG_LEVEL: 'info', LIVEKIT_URL: 'wss://livekit.catalog.test', ADMIN_PORT: '0' });
    const metrics = await fetch(`${withAdmin.adminUrl}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/^callgate_/m);
    expect((await fetch(`${withAdmin.adminUrl}/graphql?query=%7B__typename%7D`)).status).toBe(404);
  },

  'HTTP-14': async (env) => {
    const gw = await env.startGateway({ HTTP_HEADERS_TIMEOUT_MS: '300', HTTP_REQUEST_TIMEOUT_MS: '1000' });
    expect(await sendAndAwaitClose(gw.url, 'GET /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/')).toMatch(/^HTTP\/1\.1 408 /);
    const defaults = loadConfig({}).server.headersTimeoutMs;
    expect(defaults).toBe(15_000);
    expect((env.prod.gateway.app.server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval).toBe(1000);
  },

  'HTTP-15': async (env) => {
    const gw = await env.startGateway({ HTTP_MAX_CONNECTIONS: '1' });
    const held = await servedSocket(gw.url);
    try {
      const dropped = once(gw.gateway.app.server, 'drop');
      expect(await sendAndAwaitClose(gw.url, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')).toBe('');
      await dropped;
    } finally {
      held.destroy();
    }
  },

  'AUTH-22': async (env) => {
    for (const typ of ['refresh+jwt', 'id_token+jwt']) {
      const token = await env.mint({ sub: 'alice' }, { header: { typ } });
      expect(expectCode(await gql(env.gw, '{ viewer { id } }', undefined, { token }), 'UNAUTHENTICATED', 401).message).toBe(INVALID_TOKEN_MESSAGE);
    }
    for (const typ of ['at+jwt', 'application/at+jwt']) {
      const token = await env.mint({ sub: 'alice' }, { header: { typ } });
      expect(expectOk(await gql(env.gw, '{ viewer { id } }', undefined, { token })).viewer.id).toBe('alice');
    }
  },
};
