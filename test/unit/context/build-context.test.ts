/**
 * The per-request context (src/context/build-context.ts) built in-process from real services and real
 * caller JWTs: bearer parsing, anonymous requests, and what an invalid token leaves in the request
 * record (the code the HTTP status is decided from). No HTTP server, no socket.
 */
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IncomingHttpHeaders } from 'node:http';
import { loadConfig } from '../../../src/config/load-config.js';
import { buildContext, readBearerToken } from '../../../src/context/build-context.js';
import { createLogger } from '../../../src/logger.js';
import { RequestRecord } from '../../../src/observability/request-record.js';
import { createGatewayServices, type GatewayServices } from '../../../src/server/gateway-services.js';
import { mintHs256CallerToken } from '../../support/caller-tokens.js';
import { budgetPolicyFile } from '../../support/policy-files.js';
import { TEST_AUTH_SECRET } from '../../support/start-test-gateway.js';

const newRecord = () => new RequestRecord();
/** The record's facts as its request line would carry them (the status given does not matter here). */
const facts = (record: RequestRecord) => record.lineFacts(200, 0);

async function refusal(promise: Promise<unknown>): Promise<{ message: string; extensions: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as { message: string; extensions: Record<string, unknown> };
  }
  throw new Error('expected a refusal');
}

describe('readBearerToken', () => {
  it('reads the token of a Bearer header, in any case and with extra spaces around it', () => {
    expect(readBearerToken({ authorization: 'Bearer abc.def.ghi' })).toBe('abc.def.ghi');
    expect(readBearerToken({ authorization: 'bearer   abc.def.ghi  ' })).toBe('abc.def.ghi');
    expect(readBearerToken({ authorization: 'BEARER x' })).toBe('x');
  });

  it('answers null when there is no Authorization header (an anonymous request)', () => {
    expect(readBearerToken({})).toBeNull();
    expect(readBearerToken({ authorization: '' })).toBeNull();
  });

  it.each(['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer ', 'Bearer a b', 'Token abc', 'Bearerabc', 'Bearer\tabc'])(
    'refuses %j with UNAUTHENTICATED and says what is expected',
    (authorization) => {
      let error: unknown;
      try {
        readBearerToken({ authorization });
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({
        message: 'The Authorization header must be "Bearer <JWT>".',
        extensions: { code: 'UNAUTHENTICATED' },
      });
    },
  );
});

describe('buildContext', () => {
  let services: GatewayServices;
  const logs: string[] = [];
  let nextHost = 0;
  const build = (headers: IncomingHttpHeaders, clientIp = '192.0.2.1', record = newRecord()) =>
    buildContext(services, headers, 'req-1', clientIp, record);

  beforeAll(() => {
    // A per-IP budget of 3 so the auth-failure budget is reached within a few requests.
    const config = loadConfig({ NODE_ENV: 'test', AUTH_JWT_SECRET: TEST_AUTH_SECRET, LOG_LEVEL: 'debug', POLICY_FILE: budgetPolicyFile(1000, 3) });
    services = createGatewayServices(config, createLogger(config.server.logLevel, { write: (line: string) => void logs.push(line) }));
  });
  afterAll(() => services.close());

  it('gives an anonymous request no caller and leaves the record without a code', async () => {
    const record = newRecord();
    const context = await build({}, '192.0.2.1', record);
    expect(context.user).toBeNull();
    expect(context.requestId).toBe('req-1');
    expect(facts(record).callerId).toBeUndefined();
    expect(record.response).toBeUndefined();
  });

  it('verifies a bearer token and notes the caller in the record', async () => {
    const token = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'alice', name: 'Alice', roles: ['moderator'] });
    const record = newRecord();
    const context = await build({ authorization: `Bearer ${token}` }, '192.0.2.1', record);
    expect(context.user).toMatchObject({ id: 'alice', name: 'Alice', roles: ['moderator'] });
    expect(facts(record).callerId).toBe('alice');
    expect(record.response).toBeUndefined();
  });

  it.each([
    ['a token signed with another secret', () => mintHs256CallerToken('another-secret-0123456789abcdef0123456789', { sub: 'alice' })],
    ['a token minted already expired', () => mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'alice' }, { expiresIn: -60 })],
    ['a token that is not yet valid', () => mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'alice' }, { notBefore: 3600 })],
    ['a token without exp', () => mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'alice' }, { omitExp: true })],
    ['something that is not a JWT', async () => 'not-a-jwt'],
  ])('rejects %s with UNAUTHENTICATED and notes the code in the record', async (_label, mint) => {
    const record = newRecord();
    // A fresh address for each case, so the auth-failure budget is not what answers.
    const ip = `198.51.100.${(nextHost += 1)}`;
    const error = await refusal(build({ authorization: `Bearer ${await mint()}` }, ip, record));
    expect(error.extensions.code).toBe('UNAUTHENTICATED');
    expect(facts(record).outcome).toBe('UNAUTHENTICATED');
    expect(record.response).toEqual({ hasData: false, errorCodes: ['UNAUTHENTICATED'] });
    expect(facts(record).callerId).toBeUndefined();
  });

  it('notes a malformed Authorization header like an invalid token', async () => {
    const record = newRecord();
    const error = await refusal(build({ authorization: 'Basic dXNlcjpwYXNz' }, '203.0.113.200', record));
    expect(error.extensions.code).toBe('UNAUTHENTICATED');
    expect(record.response).toEqual({ hasData: false, errorCodes: ['UNAUTHENTICATED'] });
  });

  it('answers RATE_LIMITED (auth) once the address has spent its failure budget, and still serves a valid token', async () => {
    const ip = '203.0.113.9';
    const forged = await mintHs256CallerToken('another-secret-0123456789abcdef0123456789', { sub: 'mallory' });
    for (let i = 0; i < 3; i++) {
      expect((await refusal(build({ authorization: `Bearer ${forged}` }, ip))).extensions.code).toBe('UNAUTHENTICATED');
    }
    const record = newRecord();
    const limited = await refusal(build({ authorization: `Bearer ${forged}` }, ip, record));
    expect(limited.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'auth', retryAfterSeconds: expect.any(Number) });
    expect(facts(record).outcome).toBe('RATE_LIMITED');
    // The facts the HTTP status is decided from (429, not 500).
    expect(record.response).toEqual({ hasData: false, errorCodes: ['RATE_LIMITED'] });
    // Another address is not affected; a valid caller behind the refused address is served.
    expect((await refusal(build({ authorization: `Bearer ${forged}` }, '203.0.113.10'))).extensions.code).toBe('UNAUTHENTICATED');
    const valid = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'alice' });
    expect((await build({ authorization: `Bearer ${valid}` }, ip)).user?.id).toBe('alice');
  });

  it('does not spend the failure budget on anonymous requests or valid tokens', async () => {
    const ip = '203.0.113.50';
    const valid = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'bob' });
    for (let i = 0; i < 5; i++) {
      await build({}, ip);
      await build({ authorization: `Bearer ${valid}` }, ip);
    }
    expect((await refusal(build({ authorization: 'Bearer nope' }, ip))).extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a provider the configuration does not have with a clear error, lazily', async () => {
    const context = await build({});
    // The test configuration has LiveKit dev keys and no OpenVidu or VideoSDK.
    expect(() => context.scope.openvidu()).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'PROVIDER_NOT_CONFIGURED' }) }));
    expect(() => context.scope.videosdk()).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'PROVIDER_NOT_CONFIGURED' }) }));
  });
});
