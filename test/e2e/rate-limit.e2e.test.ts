/**
 * Rate limits in one process (memory): per caller and per client IP, one point per credential
 * mutation field, refused before any provider call. The gateway trusts X-Forwarded-For here
 * (TRUST_PROXY=true) so each test can play its own client IP; a second gateway shows that without
 * TRUST_PROXY the header buys nothing.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateConnectionDocument, CreateMeetingDocument, IssueLivekitTokenDocument, ViewerDocument } from '../../client/generated/graphql.js';
import { DEFAULT_POLICY } from '../../src/policy/default-policy.js';
import { mintHs256CallerToken } from '../support/caller-tokens.js';
import { startOpenViduDouble, type OpenViduDouble } from '../support/doubles/openvidu-double.js';
import { startProviderRig, waitFor, type ProviderRig } from '../support/provider-rig.js';
import { unlimitedPolicyFile } from '../support/policy-files.js';
import { execute, expectData, expectErrorCode, sendRaw } from '../support/graphql-client.js';
import { startTestGateway, TEST_AUTH_SECRET, type TestGateway } from '../support/start-test-gateway.js';

const OV_SECRET = 'ov-rate-limit-secret';
const LIVEKIT = { LIVEKIT_API_KEY: 'lk-rl', LIVEKIT_API_SECRET: 'lk-rl-secret-0123456789abcdef0123456789' };

describe('rate limits (in memory)', () => {
  let dir: string;
  let gw: TestGateway;
  let direct: TestGateway;
  let openvidu: OpenViduDouble;
  const token = (sub: string) => mintHs256CallerToken(TEST_AUTH_SECRET, { sub });
  const from = (ip: string) => ({ 'x-forwarded-for': ip });
  const livekit = (target: TestGateway, caller: string, ip: string, roomName = 'rl-room') =>
    execute(target.graphqlUrl, IssueLivekitTokenDocument, { input: { roomName } }, { token: caller, headers: from(ip) });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'callgate-rl-'));
    const policyFile = join(dir, 'policy.json');
    await writeFile(policyFile, JSON.stringify({ ...DEFAULT_POLICY, rateLimits: { perCaller: { points: 3, durationSeconds: 60 }, perIp: { points: 5, durationSeconds: 60 } } }));
    openvidu = await startOpenViduDouble({ secret: OV_SECRET });
    const env = { ...LIVEKIT, POLICY_FILE: policyFile, GRAPHQL_MAX_CREDENTIAL_FIELDS: '5', OPENVIDU_URL: openvidu.url, OPENVIDU_SECRET: OV_SECRET };
    gw = await startTestGateway({ ...env, TRUST_PROXY: 'true' });
    direct = await startTestGateway(env);
  });
  afterAll(async () => {
    await gw.close();
    await direct.close();
    await openvidu.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses the 4th credential mutation of a caller in the window: 429, Retry-After, no provider call', async () => {
    const alice = await token('alice');
    openvidu.addSession('rl-session');
    for (let i = 0; i < 3; i++) {
      expectData(await execute(gw.graphqlUrl, CreateConnectionDocument, { input: { sessionId: 'rl-session' } }, { token: alice, headers: from('10.0.0.1') }));
    }
    const refused = await execute(gw.graphqlUrl, CreateConnectionDocument, { input: { sessionId: 'rl-session' } }, { token: alice, headers: from('10.0.0.1') });
    expect(refused.status).toBe(429);
    const error = expectErrorCode(refused, 'RATE_LIMITED');
    expect(error.message).toMatch(/^Too many credential requests from you; try again in \d+ s\.$/);
    expect(error.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number), limit: 'caller' });
    const wait = error.extensions!.retryAfterSeconds as number;
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    expect(refused.headers.get('retry-after')).toBe(String(wait));
    expect(openvidu.findRequests('POST', '/openvidu/api/sessions/rl-session/connection')).toHaveLength(3);

    // Queries are not credential mutations, and another caller has a budget of their own.
    expect(expectData(await execute(gw.graphqlUrl, ViewerDocument, undefined, { token: alice, headers: from('10.0.0.1') })).viewer.id).toBe('alice');
    expectData(await livekit(gw, await token('bob'), '10.0.0.1'));
  });

  it('counts every aliased mutation in a document, and refuses the whole document when it does not fit', async () => {
    const carl = await token('carl');
    const send = (aliases: string[]) =>
      sendRaw(gw.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${carl}`, ...from('10.0.0.2') },
        body: JSON.stringify({
          query: `mutation { ${aliases.map((a) => `${a}: issueLivekitToken(input: { roomName: "rl-${a}" }) { token }`).join(' ')} }`,
        }),
      });
    const two = JSON.parse((await send(['a', 'b'])).text);
    expect(Object.keys(two.data)).toEqual(['a', 'b']);

    const tooMany = await send(['c', 'd']);
    expect(tooMany.status).toBe(429);
    const body = JSON.parse(tooMany.text);
    expect(body.data).toBeUndefined();
    expect(body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(['RATE_LIMITED']);
    // Nothing of the refused document ran: no token in the answer.
    expect(tooMany.text).not.toMatch(/"token"/);
  });

  it('keeps one budget per client IP across callers', async () => {
    for (const [caller, count] of [['dora', 3], ['dan', 2]] as const) {
      const t = await token(caller);
      for (let i = 0; i < count; i++) expectData(await livekit(gw, t, '10.0.0.3'));
    }
    // A fresh caller from the same address is refused: the address has spent its five.
    const dina = await token('dina');
    const refused = await livekit(gw, dina, '10.0.0.3');
    expect(expectErrorCode(refused, 'RATE_LIMITED').extensions).toMatchObject({ limit: 'ip' });
    expect(refused.body.errors![0].message).toMatch(/from your network address/);
    expectData(await livekit(gw, dina, '10.0.0.4'));
  });

  it('ignores X-Forwarded-For without TRUST_PROXY, so a forged header buys no fresh budget', async () => {
    let served = 0;
    let refused: Awaited<ReturnType<typeof livekit>> | undefined;
    for (const caller of ['erin', 'finn', 'gus']) {
      const t = await token(caller);
      for (let i = 0; i < 2; i++) {
        const res = await livekit(direct, t, `192.0.2.${served + 1}`);
        if (res.body.errors) refused = res;
        else served++;
      }
    }
    expect(served).toBe(5);
    expect(expectErrorCode(refused!, 'RATE_LIMITED').extensions).toMatchObject({ limit: 'ip' });
  });

  /** POSTs a raw document, optionally with a caller token, from `ip`. */
  const raw = (query: string, ip: string, bearer?: string) =>
    sendRaw(gw.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...from(ip) },
      body: JSON.stringify({ query }),
    }).then((res) => ({ status: res.status, headers: res.headers, body: JSON.parse(res.text) as { data?: any; errors?: any[] } }));
  const repeated = (times: number) =>
    `mutation { ${Array.from({ length: times }, () => 'issueLivekitToken(input: { roomName: "rl-same" }) { token }').join(' ')} }`;

  it('charges nothing of the IP budget for anonymous requests, however many fields they hold', async () => {
    // Before: each anonymous request cost the address 60 points before its UNAUTHENTICATED, locking
    // every caller behind it out.
    for (let i = 0; i < 4; i++) {
      const res = await raw(repeated(60), '10.0.1.1');
      expect(res.body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    const hana = await token('hana');
    for (let i = 0; i < 3; i++) expectData(await livekit(gw, hana, '10.0.1.1'));
  });

  it('charges a field repeated under one response key once: GraphQL runs it once', async () => {
    const ivan = await token('ivan');
    const once = await raw(repeated(10), '10.0.1.2', ivan);
    expect(once.status).toBe(200);
    expect(Object.keys(once.body.data)).toEqual(['issueLivekitToken']);
    // Two more of the caller's three points are left.
    expectData(await livekit(gw, ivan, '10.0.1.2'));
    expectData(await livekit(gw, ivan, '10.0.1.2'));
    expect(expectErrorCode(await livekit(gw, ivan, '10.0.1.2'), 'RATE_LIMITED').extensions).toMatchObject({ limit: 'caller' });
  });

  it('gives failed authentication a per-IP budget of its own, which never refuses a valid token', async () => {
    const forged = await mintHs256CallerToken('not-the-gateway-secret-0123456789abcdef', { sub: 'mallory' });
    // Five failures (the per-IP rule of this policy) are answered 401...
    for (let i = 0; i < 5; i++) expect((await raw('{ viewer { id } }', '10.0.1.3', forged)).status).toBe(401);
    // ...then the address is refused with 429 before anything else, whether the token is bad or absent.
    const refused = await raw('{ viewer { id } }', '10.0.1.3', forged);
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0].extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number), limit: 'auth' });
    expect(refused.body.errors?.[0].message).toMatch(/^Too many failed authentication attempts from your network address; try again in \d+ s\.$/);
    expect(refused.headers.get('retry-after')).toBe(String(refused.body.errors?.[0].extensions.retryAfterSeconds));
    const anonymous = await raw('{ viewer { id } }', '10.0.1.3');
    expect(anonymous.status).toBe(429);
    expect(anonymous.body.errors?.[0].extensions.limit).toBe('auth');
    // A verified caller behind the same address is served, with the full credential budget.
    const jane = await token('jane');
    expect(expectData(await execute(gw.graphqlUrl, ViewerDocument, undefined, { token: jane, headers: from('10.0.1.3') })).viewer.id).toBe('jane');
    for (let i = 0; i < 3; i++) expectData(await livekit(gw, jane, '10.0.1.3'));
  });

  it('keys IPv6 clients by their /64: two addresses of one /64 share the per-IP budget', async () => {
    for (const [caller, ip, count] of [['kim', '2001:db8:5:6::1', 3], ['kit', '2001:db8:5:6:abcd::9', 2]] as const) {
      const t = await token(caller);
      for (let i = 0; i < count; i++) expectData(await livekit(gw, t, ip));
    }
    const kai = await token('kai');
    expect(expectErrorCode(await livekit(gw, kai, '2001:db8:5:6:ffff::1'), 'RATE_LIMITED').extensions).toMatchObject({ limit: 'ip' });
    // The next /64 has its own budget.
    expectData(await livekit(gw, kai, '2001:db8:5:7::1'));
  });
});

/**
 * A guest's flood of aliased `validateMeeting` against a slow VideoSDK (scaled down from the report:
 * 150 concurrent requests of 5 aliases each against a 400 ms VideoSDK took the shared pool, opened the
 * circuit and failed every other caller). Budgets here are large, so what holds the flood is the
 * per-caller bound on provider calls in flight (default 4), not the window.
 */
describe('provider calls in flight per caller', () => {
  let rig: ProviderRig;
  let gw: TestGateway;
  const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `v${i}: validateMeeting(meetingId: "flood-${i}") { valid }`).join(' ')} }`;

  beforeAll(async () => {
    rig = await startProviderRig();
    gw = await startTestGateway({
      ...rig.env,
      POLICY_FILE: unlimitedPolicyFile(),
      PROVIDER_MAX_SOCKETS: '8',
      VIDEOSDK_TIMEOUT_MS: '1500',
      PROVIDER_BREAKER_THRESHOLD: '3',
    });
  });
  afterAll(async () => {
    await gw.close();
    await rig.close();
  });

  it('keeps a guest flood of aliased validateMeeting from failing another caller or the replica', async () => {
    const guest = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'guest-flood' });
    const host = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'host-meeting' });
    rig.videosdk.injectAlways({ kind: 'delay', ms: 300 });
    const send = () =>
      sendRaw(gw.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${guest}` },
        body: JSON.stringify({ query: aliases(5) }),
      }).then((res) => JSON.parse(res.text) as { errors?: Array<{ extensions: { code: string; limit?: string } }> });
    const flood = Promise.all(Array.from({ length: 30 }, send));
    await waitFor(() => rig.videosdk.findRequests('GET', /validate/).length > 0, 'the flood to reach VideoSDK');
    // Another caller creates a meeting while the flood runs.
    const meeting = expectData(await execute(gw.graphqlUrl, CreateMeetingDocument, { input: { customMeetingId: 'host-room' } }, { token: host }));
    expect(meeting.createMeeting.customMeetingId).toBe('host-room');

    const answers = await flood;
    const codes = answers.flatMap((a) => a.errors ?? []).map((e) => `${e.extensions.code}:${e.extensions.limit ?? ''}`);
    // Every refusal is the in-flight bound (a non-null root field's error nulls the whole answer, so
    // GraphQL reports the first per request), and most of the 150 fields never reached VideoSDK.
    expect(new Set(codes)).toEqual(new Set(['RATE_LIMITED:in_flight']));
    expect(codes.length).toBe(answers.filter((a) => a.errors).length);
    const reached = rig.videosdk.findRequests('GET', /validate/).length;
    expect(reached).toBeGreaterThan(0);
    expect(reached).toBeLessThan(75);

    const ready = await fetch(`${gw.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: expect.arrayContaining([{ name: 'videosdk-circuit', ok: true, detail: 'closed' }]) });
  });
});

/** `validateMeeting` reaches VideoSDK, so it is charged like the credential mutations. */
describe('provider-reaching queries are charged', () => {
  let rig: ProviderRig;
  let gw: TestGateway;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'callgate-rl-q-'));
    const policyFile = join(dir, 'policy.json');
    await writeFile(policyFile, JSON.stringify({ ...DEFAULT_POLICY, rateLimits: { perCaller: { points: 10, durationSeconds: 60 }, perIp: { points: 100, durationSeconds: 60 } } }));
    rig = await startProviderRig();
    gw = await startTestGateway({ ...rig.env, POLICY_FILE: policyFile, PROVIDER_MAX_IN_FLIGHT_PER_CALLER: '10' });
  });
  afterAll(async () => {
    await gw.close();
    await rig.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('charges each aliased validateMeeting and refuses the document that does not fit before any VideoSDK call', async () => {
    const guest = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'guest-charged' });
    const query = `{ ${Array.from({ length: 5 }, (_, i) => `v${i}: validateMeeting(meetingId: "m-${i}") { valid }`).join(' ')} }`;
    const send = () =>
      sendRaw(gw.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${guest}` },
        body: JSON.stringify({ query }),
      });
    for (let i = 0; i < 2; i++) expect(JSON.parse((await send()).text).data).toBeDefined();
    const refused = await send();
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.text).errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'caller' });
    expect(rig.videosdk.findRequests('GET', /validate/)).toHaveLength(10);
  });
});
