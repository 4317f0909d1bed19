/**
 * The HTTP status of GraphQL responses (docs/errors.md, "HTTP status"), through Fastify's inject():
 * a response with data is a 200 whatever its errors; one without data gets the one status of its
 * error code, wherever in the request the error arose (context, plugin, resolver, validation). The
 * provider double is a real HTTP server; the provider-faults e2e test checks the same statuses over
 * real sockets.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_POLICY } from '../../src/policy/default-policy.js';
import { mintHs256CallerToken } from '../support/caller-tokens.js';
import { startOpenViduDouble, type OpenViduDouble } from '../support/doubles/openvidu-double.js';
import { startTestGateway, TEST_AUTH_SECRET, type TestGateway } from '../support/start-test-gateway.js';

const OV_SECRET = 'ov-secret-for-http-status-0123456789';

interface Answer {
  status: number;
  headers: Record<string, unknown>;
  body: { data?: Record<string, unknown> | null; errors?: Array<{ extensions?: { code?: string } }> };
}

describe('HTTP status of GraphQL responses', () => {
  let openvidu: OpenViduDouble;
  let gw: TestGateway;
  let noVideoSdk: TestGateway;
  let alice: string;

  beforeAll(async () => {
    openvidu = await startOpenViduDouble({ secret: OV_SECRET });
    // One credential mutation a minute per caller, so the second one is RATE_LIMITED.
    const policyFile = join(tmpdir(), `callgate-http-status-policy-${process.pid}.json`);
    writeFileSync(policyFile, JSON.stringify({ ...DEFAULT_POLICY, rateLimits: { ...DEFAULT_POLICY.rateLimits, perCaller: { points: 1, durationSeconds: 60 } } }));
    const env = { OPENVIDU_URL: openvidu.url, OPENVIDU_SECRET: OV_SECRET, OPENVIDU_TIMEOUT_MS: '300', PROVIDER_MAX_RETRIES: '0' };
    gw = await startTestGateway({ ...env, POLICY_FILE: policyFile, PROVIDER_BREAKER_THRESHOLD: '1000' });
    noVideoSdk = await startTestGateway({ ...env, POLICY_FILE: policyFile });
    alice = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'alice' });
  });
  afterAll(async () => {
    await gw.close();
    await noVideoSdk.close();
    await openvidu.close();
  });

  async function post(query: string, options: { token?: string; variables?: unknown; on?: TestGateway; headers?: Record<string, string> } = {}): Promise<Answer> {
    const res = await (options.on ?? gw).gateway.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: {
        'content-type': 'application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      payload: JSON.stringify({ query, variables: options.variables }),
    });
    return { status: res.statusCode, headers: res.headers, body: res.json() };
  }
  let callers = 0;
  /** A caller of its own: the policy allows one credential mutation a minute per caller. */
  const freshCaller = () => mintHs256CallerToken(TEST_AUTH_SECRET, { sub: `caller-${++callers}` });
  const codes = (answer: Answer) => (answer.body.errors ?? []).map((e) => e.extensions?.code);

  describe('non-null data is a 200', () => {
    it('an anonymous query with a field needing a caller: data with a null field and UNAUTHENTICATED, HTTP 200', async () => {
      const res = await post('{ __typename room(provider: OPENVIDU, roomId: "x") { roomId } }');
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ __typename: 'Query', room: null });
      expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    });

    it('a caller\'s query where one field answers and another refuses its input: data, BAD_USER_INPUT, HTTP 200', async () => {
      const res = await post('{ viewer { id } room(provider: OPENVIDU, roomId: "not a room id!") { roomId } }', { token: alice });
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ viewer: { id: 'alice' }, room: null });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    });
  });

  describe('no data: the status of the code', () => {
    it('UNAUTHENTICATED: an invalid token (context) and a missing one (resolver) are both 401', async () => {
      const invalid = await post('{ viewer { id } }', { token: 'not-a-jwt' });
      expect([invalid.status, codes(invalid)]).toEqual([401, ['UNAUTHENTICATED']]);
      const missing = await post('{ viewer { id } }');
      expect([missing.status, codes(missing), missing.body.data]).toEqual([401, ['UNAUTHENTICATED'], null]);
    });

    it('FORBIDDEN: 403', async () => {
      const res = await post('mutation { issueLivekitToken(input: { roomName: "r", hidden: true }) { token } }', { token: await freshCaller() });
      expect([res.status, codes(res), res.body.data]).toEqual([403, ['FORBIDDEN'], null]);
    });

    it('BAD_USER_INPUT: 400, from a resolver and from variable coercion', async () => {
      const fromResolver = await post('mutation { createSession(input: { customSessionId: "no spaces" }) { id } }', { token: await freshCaller() });
      expect([fromResolver.status, codes(fromResolver)]).toEqual([400, ['BAD_USER_INPUT']]);
      const fromVariables = await post('query($id: String!) { validateMeeting(meetingId: $id) { valid } }', { token: alice, variables: { id: 42 } });
      expect([fromVariables.status, codes(fromVariables)]).toEqual([400, ['BAD_USER_INPUT']]);
    });

    it('GRAPHQL_PARSE_FAILED and GRAPHQL_VALIDATION_FAILED: 400', async () => {
      const parse = await post('{ viewer { id }', { token: alice });
      expect([parse.status, codes(parse)]).toEqual([400, ['GRAPHQL_PARSE_FAILED']]);
      const validation = await post('{ noSuchField }', { token: alice });
      expect([validation.status, codes(validation)]).toEqual([400, ['GRAPHQL_VALIDATION_FAILED']]);
    });

    it('NOT_FOUND: 404', async () => {
      const res = await post('mutation { createConnection(input: { sessionId: "no-such-session" }) { id } }', { token: await freshCaller() });
      expect([res.status, codes(res)]).toEqual([404, ['NOT_FOUND']]);
    });

    it('PROVIDER_NOT_CONFIGURED: 501', async () => {
      const res = await post('query { validateMeeting(meetingId: "m") { valid } }', { token: alice, on: noVideoSdk });
      expect([res.status, codes(res)]).toEqual([501, ['PROVIDER_NOT_CONFIGURED']]);
    });

    it('RATE_LIMITED: 429 with Retry-After', async () => {
      const caller = await freshCaller();
      const first = await post('mutation { issueLivekitToken(input: { roomName: "r" }) { token } }', { token: caller });
      expect(first.status).toBe(200);
      const second = await post('mutation { issueLivekitToken(input: { roomName: "r" }) { token } }', { token: caller });
      expect([second.status, codes(second)]).toEqual([429, ['RATE_LIMITED']]);
      expect(Number(second.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('PROVIDER_ERROR and PROVIDER_TIMEOUT: 503', async () => {
      openvidu.addSession('status-room');
      openvidu.inject({ kind: 'status', status: 500, text: 'down' });
      const failed = await post('mutation { createConnection(input: { sessionId: "status-room" }) { id } }', { token: await freshCaller() });
      expect([failed.status, codes(failed)]).toEqual([503, ['PROVIDER_ERROR']]);
      openvidu.inject({ kind: 'hang' });
      const timedOut = await post('mutation { createConnection(input: { sessionId: "status-room" }) { id } }', { token: await freshCaller() });
      expect([timedOut.status, codes(timedOut)]).toEqual([503, ['PROVIDER_TIMEOUT']]);
      openvidu.reset();
    });

    it('INTERNAL_SERVER_ERROR: 500', async () => {
      // OpenVidu's enum has RELAYED, which the schema cannot represent: an unexpected, unhandled value.
      openvidu.inject({ kind: 'status', status: 200, body: { id: 'ses_A123456789', createdAt: Date.now(), mediaMode: 'RELAYED', recordingMode: 'MANUAL' } });
      const res = await post('mutation { createSession { id mediaMode } }', { token: await freshCaller() });
      expect([res.status, codes(res)]).toEqual([500, ['INTERNAL_SERVER_ERROR']]);
      openvidu.reset();
    });

    it('BAD_REQUEST keeps the precise 4xx: a mutation over GET is 405, a GET refused by CSRF prevention 400', async () => {
      const mutationOverGet = await gw.gateway.app.inject({
        method: 'GET',
        url: `/graphql?query=${encodeURIComponent('mutation { createSession { id } }')}`,
        headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${alice}` },
      });
      expect([mutationOverGet.statusCode, mutationOverGet.json().errors[0].extensions.code]).toEqual([405, 'BAD_REQUEST']);
      const csrf = await gw.gateway.app.inject({ method: 'GET', url: `/graphql?query=${encodeURIComponent('{ viewer { id } }')}` });
      expect([csrf.statusCode, csrf.json().errors[0].extensions.code]).toEqual([400, 'BAD_REQUEST']);
    });
  });

  it('writes the status it sent in the request log line', async () => {
    const res = await post('{ __typename room(provider: OPENVIDU, roomId: "x") { roomId } }');
    const line = gw.logRecords().find((r) => r.reqId === res.headers['x-request-id'] && r.msg === 'graphql request');
    expect(line).toMatchObject({ status: 200, outcome: 'UNAUTHENTICATED' });
  });
});
