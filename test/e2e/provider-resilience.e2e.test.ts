/**
 * The per-provider circuit breaker and connection pool, seen from outside: GraphQL answers, what the
 * provider double receives, /readyz and /metrics.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { CreateConnectionDocument, CreateSessionDocument, ValidateMeetingDocument } from '../../client/generated/graphql.js';
import { mintHs256CallerToken } from '../support/caller-tokens.js';
import { execute, expectData, expectErrorCode } from '../support/graphql-client.js';
import { startProviderRig, waitFor, type ProviderRig } from '../support/provider-rig.js';
import { startTestGateway, TEST_AUTH_SECRET, type TestGateway } from '../support/start-test-gateway.js';
import { unlimitedPolicyFile } from '../support/policy-files.js';
import { fakeWallClock, type WallClock } from '../support/wall-clock.js';

const THRESHOLD = 3;
// Far above any test's duration: only the moved wall clock reaches it.
const HALF_OPEN_MS = 60_000;

async function readiness(gw: TestGateway): Promise<{ status: number; body: { status: string; checks: Array<{ name: string; ok: boolean; detail?: string }> } }> {
  const res = await fetch(`${gw.url}/readyz`);
  return { status: res.status, body: (await res.json()) as never };
}

async function metric(gw: TestGateway, line: RegExp): Promise<number | undefined> {
  const text = await (await fetch(`${gw.url}/metrics`)).text();
  const match = text.split('\n').find((l) => line.test(l));
  return match === undefined ? undefined : Number(match.split(' ').at(-1));
}

describe('circuit breaker per provider', () => {
  let rig: ProviderRig;
  let gw: TestGateway;
  let token: string;
  // The breaker's half-open delay is measured on the wall clock, which the tests move.
  let clock: WallClock;

  const connect = (sessionId = 'cb-room') => execute(gw.graphqlUrl, CreateConnectionDocument, { input: { sessionId } }, { token });

  /** Opens the OpenVidu circuit with THRESHOLD consecutive 500s on a create (one attempt each). */
  async function openCircuit() {
    rig.openvidu.addSession('cb-room');
    rig.openvidu.inject({ kind: 'status', status: 500, text: 'down' }, THRESHOLD);
    for (let i = 0; i < THRESHOLD; i++) expectErrorCode(await connect(), 'PROVIDER_ERROR');
    rig.openvidu.reset();
  }

  beforeAll(async () => {
    rig = await startProviderRig();
    gw = await startTestGateway({
      ...rig.env,
      POLICY_FILE: unlimitedPolicyFile(),
      PROVIDER_BREAKER_THRESHOLD: String(THRESHOLD),
      PROVIDER_BREAKER_HALF_OPEN_MS: String(HALF_OPEN_MS),
    });
    token = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'breaker-tester' });
  });
  beforeEach(() => {
    clock = fakeWallClock();
  });
  afterEach(async () => {
    // Let any open circuit reach half-open and close it with a successful probe.
    rig.reset();
    clock.advance(HALF_OPEN_MS + 1);
    rig.openvidu.addSession('cb-room');
    await connect();
    rig.reset();
    clock.restore();
  });
  afterAll(async () => {
    await gw.close();
    await rig.close();
  });

  it('opens after repeated failures: PROVIDER_UNAVAILABLE at once, HTTP 503, no request sent', async () => {
    await openCircuit();
    rig.openvidu.addSession('cb-room');
    const started = performance.now();
    const res = await connect();
    const error = expectErrorCode(res, 'PROVIDER_UNAVAILABLE');
    expect(res.status).toBe(503);
    expect(error.extensions).toEqual({ code: 'PROVIDER_UNAVAILABLE', provider: 'openvidu', retryable: true });
    expect(performance.now() - started).toBeLessThan(HALF_OPEN_MS);
    expect(rig.openvidu.requests).toHaveLength(0);

    // One provider's outage does not take the replica out of the load balancer: the others still serve.
    const ready = await readiness(gw);
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('degraded');
    expect(ready.body.checks).toContainEqual({ name: 'openvidu-circuit', ok: false, detail: 'open' });
    expect(ready.body.checks).toContainEqual({ name: 'videosdk-circuit', ok: true, detail: 'closed' });
    expect(await metric(gw, /^callgate_provider_circuit_state\{provider="openvidu"\}/)).toBe(2);
    expect(gw.logRecords().some((r) => r.alert === 'provider_circuit_open' && r.provider === 'openvidu')).toBe(true);

    // The other provider has its own circuit and keeps working.
    rig.videosdk.addRoom({ customRoomId: 'cb-room' });
    expectData(await execute(gw.graphqlUrl, ValidateMeetingDocument, { meetingId: 'cb-room' }, { token }));
  });

  it('lets one probe through after the half-open delay and closes on its success', async () => {
    await openCircuit();
    clock.advance(HALF_OPEN_MS + 1);
    // A replica that waits to probe must not be kept out of traffic by its own readiness check.
    expect((await readiness(gw)).body.checks).toContainEqual({ name: 'openvidu-circuit', ok: true, detail: 'half-open' });

    rig.openvidu.addSession('cb-room');
    expectData(await connect());
    expect(rig.openvidu.requests).toHaveLength(1);
    expect((await readiness(gw)).status).toBe(200);
    expect(await metric(gw, /^callgate_provider_circuit_state\{provider="openvidu"\}/)).toBe(0);
    for (let i = 0; i < 3; i++) expectData(await connect());
  });

  it('reopens when the probe fails, and refuses other calls while a probe is in flight', async () => {
    await openCircuit();
    clock.advance(HALF_OPEN_MS + 1);
    rig.openvidu.addSession('cb-room');
    rig.openvidu.inject({ kind: 'delay', ms: 300 });
    const probe = connect();
    await waitFor(() => rig.openvidu.requests.length === 1, 'the probe to reach OpenVidu');
    expectErrorCode(await connect(), 'PROVIDER_UNAVAILABLE');
    expectData(await probe);

    await openCircuit();
    clock.advance(HALF_OPEN_MS + 1);
    rig.openvidu.addSession('cb-room');
    rig.openvidu.inject({ kind: 'status', status: 502, text: 'bad gateway' });
    expectErrorCode(await connect(), 'PROVIDER_ERROR');
    expectErrorCode(await connect(), 'PROVIDER_UNAVAILABLE');
    expect(rig.openvidu.requests).toHaveLength(1);
  });

  it('does not count the client\'s own mistakes (404, 409, 400) as failures', async () => {
    for (let i = 0; i < THRESHOLD * 2; i++) expectErrorCode(await connect(`missing-${i}`), 'NOT_FOUND');
    rig.openvidu.addSession('existing');
    for (let i = 0; i < THRESHOLD * 2; i++) {
      expect(expectData(await execute(gw.graphqlUrl, CreateSessionDocument, { input: { customSessionId: 'existing' } }, { token })).createSession.alreadyExisted).toBe(true);
    }
    rig.openvidu.inject({ kind: 'status', status: 400, body: { message: 'bad' } }, THRESHOLD * 2);
    for (let i = 0; i < THRESHOLD * 2; i++) expectErrorCode(await connect('existing'), 'BAD_USER_INPUT');
    expect((await readiness(gw)).status).toBe(200);
    rig.openvidu.addSession('cb-room');
    expectData(await connect());
  });

  it('counts each failed attempt of a retried call, and a success resets the count', async () => {
    rig.openvidu.inject({ kind: 'status', status: 503, text: 'x' }, THRESHOLD - 1);
    // Two failed attempts, then the third succeeds: the consecutive count starts again.
    expectData(await execute(gw.graphqlUrl, CreateSessionDocument, { input: { customSessionId: 'retried' } }, { token }));
    rig.openvidu.inject({ kind: 'status', status: 503, text: 'x' }, THRESHOLD);
    expectErrorCode(await execute(gw.graphqlUrl, CreateSessionDocument, { input: { customSessionId: 'retried-2' } }, { token }), 'PROVIDER_ERROR');
    expect(rig.openvidu.requests).toHaveLength(THRESHOLD - 1 + 1 + THRESHOLD);
    expectErrorCode(await connect(), 'PROVIDER_UNAVAILABLE');
    expect(await metric(gw, /^callgate_provider_errors_total\{provider="openvidu",operation="createConnection",reason="circuit_open"\}/)).toBeGreaterThan(0);
  });
});

describe('provider connection pool', () => {
  let rig: ProviderRig;
  let gw: TestGateway;

  beforeAll(async () => {
    rig = await startProviderRig();
    gw = await startTestGateway({ ...rig.env, PROVIDER_MAX_SOCKETS: '2', PROVIDER_MAX_IN_FLIGHT_PER_CALLER: '10' });
  });
  afterAll(async () => {
    await gw.close();
    await rig.close();
  });

  it('keeps at most PROVIDER_MAX_SOCKETS connections to a provider and queues the rest', async () => {
    const token = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'pool-tester' });
    rig.openvidu.addSession('pool');
    rig.openvidu.inject({ kind: 'delay', ms: 150 }, 10);
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, rig.openvidu.openConnectionCount)), 5);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => execute(gw.graphqlUrl, CreateConnectionDocument, { input: { sessionId: 'pool' } }, { token })),
    );
    clearInterval(sampler);
    for (const res of results) expectData(res);
    expect(rig.openvidu.connectionCount).toBeLessThanOrEqual(2);
    expect(peak).toBeLessThanOrEqual(2);
    expect(peak).toBeGreaterThan(0);
  });
});

describe('what the circuit breaker counts', () => {
  let rig: ProviderRig;
  let gw: TestGateway;

  beforeAll(async () => {
    rig = await startProviderRig();
    // One socket, so concurrent calls queue in the gateway; each takes 400 ms of a 1 s deadline.
    gw = await startTestGateway({
      ...rig.env,
      POLICY_FILE: unlimitedPolicyFile(),
      PROVIDER_MAX_SOCKETS: '1',
      PROVIDER_MAX_IN_FLIGHT_PER_CALLER: '10',
      VIDEOSDK_TIMEOUT_MS: '1000',
      PROVIDER_BREAKER_THRESHOLD: '3',
    });
  });
  afterAll(async () => {
    await gw.close();
    await rig.close();
  });

  it('does not count time spent waiting for a pooled socket as a provider fault', async () => {
    const token = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'queue-tester' });
    rig.videosdk.addRoom({ customRoomId: 'queued' });
    rig.videosdk.injectAlways({ kind: 'delay', ms: 400 });
    const validate = () => execute(gw.graphqlUrl, ValidateMeetingDocument, { meetingId: 'queued' }, { token });
    const results = await Promise.all(Array.from({ length: 8 }, validate));
    const codes = results.map((r) => (r.body.errors ? String(r.body.errors[0].extensions?.code) : 'OK'));
    // The first calls had the socket in turn and were answered; the rest ran out of time in the
    // gateway's queue, or reached VideoSDK with too little of the deadline left.
    const answered = codes.filter((c) => c === 'OK').length;
    const timedOut = codes.filter((c) => c === 'PROVIDER_TIMEOUT').length;
    expect(answered).toBeGreaterThanOrEqual(1);
    expect(timedOut).toBeGreaterThanOrEqual(3);
    expect(answered + timedOut).toBe(8);
    expect(await metric(gw, /^callgate_provider_errors_total\{provider="videosdk",operation="validateMeeting",reason="gateway_timeout"\}/)).toBe(timedOut);

    // At least as many timeouts as the threshold, yet the circuit is closed and the provider is called again.
    rig.videosdk.clearFaults();
    expect(expectData(await validate()).validateMeeting.valid).toBe(true);
    expect((await readiness(gw)).body.checks).toContainEqual({ name: 'videosdk-circuit', ok: true, detail: 'closed' });
  });
});
