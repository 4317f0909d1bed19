/**
 * What an operator sees: /healthz, /readyz, /metrics, and the one structured log line per request,
 * with every token and secret kept out of the logs.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateConnectionDocument, IssueLivekitTokenDocument, ViewerDocument } from '../../client/generated/graphql.js';
import { mintHs256CallerToken } from '../support/caller-tokens.js';
import { execute, expectData, expectErrorCode, sendRaw } from '../support/graphql-client.js';
import { startProviderRig, type ProviderRig } from '../support/provider-rig.js';
import { startTestGateway, TEST_AUTH_SECRET, type TestGateway } from '../support/start-test-gateway.js';

const LIVEKIT_SECRET = `lk-secret-${Math.random().toString(36).slice(2)}-0123456789abcdef`;

describe('operations endpoints and request logs', () => {
  let rig: ProviderRig;
  let gw: TestGateway;
  let caller: string;
  let redisUp = true;

  beforeAll(async () => {
    rig = await startProviderRig();
    gw = await startTestGateway({ ...rig.env, LOG_LEVEL: 'info', LIVEKIT_API_KEY: 'ops-key', LIVEKIT_API_SECRET: LIVEKIT_SECRET }, (services) => {
      services.readinessChecks = [async () => ({ name: 'redis', ok: redisUp, detail: redisUp ? 'PONG' : 'no answer' })];
    });
    caller = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'olivia', name: 'Olivia' });
  });
  afterAll(async () => {
    await gw.close();
    await rig.close();
  });

  it('GET /healthz answers 200 {status:"ok"} without a caller token', async () => {
    const res = await fetch(`${gw.url}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz lists the configuration, each provider circuit and the plugged-in checks', async () => {
    const res = await fetch(`${gw.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ready',
      checks: [
        { name: 'config', ok: true, detail: 'providers: livekit, openvidu, videosdk' },
        { name: 'openvidu-circuit', ok: true, detail: 'closed' },
        { name: 'videosdk-circuit', ok: true, detail: 'closed' },
        // LiveKit's server API (moderation): tokens need no call, so this circuit can only degrade.
        { name: 'livekit-circuit', ok: true, detail: 'closed' },
        { name: 'redis', ok: true, detail: 'PONG' },
      ],
    });
  });

  it('GET /readyz answers 503 when a check fails, and never shows a failing check\'s error text', async () => {
    redisUp = false;
    try {
      const res = await fetch(`${gw.url}/readyz`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as { status: string; checks: unknown[] };
      expect(body.status).toBe('not_ready');
      expect(body.checks).toContainEqual({ name: 'redis', ok: false, detail: 'no answer' });
    } finally {
      redisUp = true;
    }
    const throwing = await startTestGateway({}, (services) => {
      services.readinessChecks = [async () => Promise.reject(new Error(`connect redis://:${LIVEKIT_SECRET}@10.0.0.7 failed`))];
    });
    try {
      const res = await fetch(`${throwing.url}/readyz`);
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(text).toContain('"detail":"check failed"');
      expect(text).not.toContain(LIVEKIT_SECRET);
      expect(text).not.toContain('10.0.0.7');
    } finally {
      await throwing.close();
    }
  });

  it('writes one log line per request with request id, caller, operation, outcome and provider latency', async () => {
    rig.openvidu.addSession('ops-room');
    const res = await execute(gw.graphqlUrl, CreateConnectionDocument, { input: { sessionId: 'ops-room' } }, {
      token: caller,
      headers: { 'x-request-id': 'ops-trace-1' },
    });
    expectData(res);
    const reqId = res.headers.get('x-request-id');
    expect(reqId).toMatch(/^[0-9a-f-]{36}$/);
    const lines = gw.logRecords().filter((r) => r.reqId === reqId && r.msg === 'graphql request');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      service: 'callgate',
      reqId,
      clientRequestId: 'ops-trace-1',
      callerId: 'olivia',
      operation: 'createConnection',
      operationName: 'CreateConnection',
      outcome: 'OK',
      status: 200,
      provider: 'openvidu',
      providerCalls: 1,
    });
    expect(typeof lines[0].durationMs).toBe('number');
    expect(typeof lines[0].providerLatencyMs).toBe('number');
  });

  it('logs the outcome code of requests refused before any resolver (401, 413, validation)', async () => {
    const cases: Array<[string, RequestInit, string, number]> = [
      ['bad-token', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer nope' }, body: '{"query":"{ viewer { id } }"}' }, 'UNAUTHENTICATED', 401],
      ['too-big', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ viewer { id } } #${'x'.repeat(70_000)}` }) }, 'BAD_REQUEST', 413],
      ['unknown-field', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ nope }"}' }, 'GRAPHQL_VALIDATION_FAILED', 400],
    ];
    for (const [id, init, outcome, status] of cases) {
      const res = await sendRaw(gw.graphqlUrl, { ...init, headers: { ...(init.headers as Record<string, string>), 'x-request-id': id } });
      expect(res.status).toBe(status);
      const line = gw.logRecords().find((r) => r.reqId === res.headers.get('x-request-id') && r.msg === 'graphql request');
      expect(line?.clientRequestId).toBe(id);
      expect(line).toMatchObject({ outcome, status, operation: 'none' });
      expect(line?.callerId).toBeUndefined();
    }
  });

  it('exposes Prometheus metrics with bounded labels: requests, latency, provider calls, circuits, rate limits, process', async () => {
    expectData(await execute(gw.graphqlUrl, IssueLivekitTokenDocument, { input: { roomName: 'metrics' } }, { token: caller }));
    // A client-chosen operation name must never become a label value.
    await sendRaw(gw.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${caller}` },
      body: JSON.stringify({ query: 'query EvilLabel_Injection { viewer { id } }' }),
    });
    const res = await fetch(`${gw.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^callgate_graphql_requests_total\{operation="issueLivekitToken",outcome="OK"\} 1$/m);
    expect(text).toMatch(/^callgate_graphql_requests_total\{operation="viewer",outcome="OK"\} \d+$/m);
    expect(text).toMatch(/^callgate_graphql_request_duration_seconds_bucket\{le="0.5",operation="issueLivekitToken",outcome="OK"\} 1$/m);
    expect(text).toMatch(/^callgate_provider_request_duration_seconds_count\{provider="openvidu",operation="createConnection",result="ok"\} \d+$/m);
    expect(text).toMatch(/^callgate_provider_circuit_state\{provider="videosdk"\} 0$/m);
    expect(text).toContain('# TYPE callgate_rate_limit_refusals_total counter');
    expect(text).toContain('# TYPE callgate_provider_errors_total counter');
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(text).not.toContain('EvilLabel');
  });

  it('keeps Authorization headers, caller tokens, issued tokens and secrets out of every log line', async () => {
    rig.openvidu.addSession('secret-room');
    const issued = [
      expectData(await execute(gw.graphqlUrl, IssueLivekitTokenDocument, { input: { roomName: 'secret-room' } }, { token: caller })).issueLivekitToken.token,
      expectData(await execute(gw.graphqlUrl, CreateConnectionDocument, { input: { sessionId: 'secret-room' } }, { token: caller })).createConnection.token,
    ];
    // A token in the URL and in the variables is ignored and must not be logged either.
    await sendRaw(`${gw.graphqlUrl}?access_token=${caller}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query Q($t: String) { viewer { id } }', variables: { t: caller } }),
    });
    expectErrorCode(await execute(gw.graphqlUrl, ViewerDocument, undefined, { headers: { authorization: `Bearer ${caller}x` } }), 'UNAUTHENTICATED');

    const everything = gw.logs.join('\n');
    expect(gw.logs.length).toBeGreaterThan(5);
    for (const secret of [caller, `${caller}x`, ...issued, LIVEKIT_SECRET, TEST_AUTH_SECRET, ...rig.canaries]) {
      expect(everything).not.toContain(secret);
    }
    expect(everything).not.toMatch(/authorization/i);
    expect(everything).not.toMatch(/Bearer /);
  });
});
