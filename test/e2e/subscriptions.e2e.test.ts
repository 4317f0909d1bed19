/**
 * Subscription.roomEvents over real WebSockets with the graphql-ws client (`createClient`, `ws`), one
 * gateway on the in-process event bus: authentication in connection_init (missing, invalid: 4401;
 * expiry on an injected clock: 4401 when the token's time is up), the join check (a stranger gets the
 * answer an unknown room gets), signed LiveKit webhooks reaching the subscriber once, the limits and
 * their codes, what the WebSocket refuses (other operations, subprotocols, big messages) and shutdown
 * (1001); and the same with caller tokens from an identity provider's key set.
 *
 * Policy: everyone holds `guest` (joins lobby-* and user-{sub}-*), `member` joins anything.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import WebSocket from 'ws';
import { CreateConnectionDocument, CreateSessionDocument, IssueLivekitTokenDocument } from '../../client/generated/graphql.js';
import type { SubscriptionTimers } from '../../src/server/subscriptions/timers.js';
import { encodeUnsignedJwt, mintHs256CallerToken } from '../support/caller-tokens.js';
import { startFakeIdp, type FakeIdp } from '../support/doubles/fake-idp.js';
import { execute, expectData } from '../support/graphql-client.js';
import { guestMemberPolicy } from '../support/policy-files.js';
import { startProviderRig, waitFor, type ProviderRig } from '../support/provider-rig.js';
import { startTestGateway, TEST_AUTH_SECRET, type TestGateway } from '../support/start-test-gateway.js';
import { connectWs, type TestWsClient } from '../support/subscription-client.js';
import { livekitWebhookAuthorization } from '../support/webhook-senders.js';

const LIVEKIT = { apiKey: 'APIsubsE2e', apiSecret: 'e2e-subscriptions-livekit-secret-01234567' };
const LIMITS = { perConnection: 2, perCaller: 3, connectionsPerIp: 6 };

/** A clock whose deadlines the test passes by hand. */
function manualTimers(startMs: number): SubscriptionTimers & { pending: Array<{ at: number; fn: () => void }>; advanceTo(ms: number): void } {
  let now = startMs;
  const pending: Array<{ at: number; fn: () => void }> = [];
  return {
    pending,
    now: () => now,
    after(ms, fn) {
      const entry = { at: now + ms, fn };
      pending.push(entry);
      return () => {
        const index = pending.indexOf(entry);
        if (index >= 0) pending.splice(index, 1);
      };
    },
    advanceTo(ms) {
      now = ms;
      for (const due of pending.filter((p) => p.at <= now)) {
        pending.splice(pending.indexOf(due), 1);
        due.fn();
      }
    },
  };
}

describe('Subscription.roomEvents over graphql-ws', () => {
  let dir: string;
  let rig: ProviderRig;
  let gw: TestGateway;
  const timers = manualTimers(Date.now());
  const clients: TestWsClient[] = [];
  let member: string;
  let guest: string;
  let sequence = 0;

  const connect = (token: string | null, params?: Record<string, unknown>) => {
    const client = connectWs(gw.wsUrl, params ?? (token ? { authorization: `Bearer ${token}` } : null));
    clients.push(client);
    return client;
  };
  const active = (n: number) => waitFor(() => gw.gateway.subscriptions.activeSubscriptions === n, `${n} active subscriptions`);

  /** Posts a signed LiveKit participant_joined delivery; returns the HTTP status. */
  const postJoin = async (room: string, identity: string, eventId = `EV_subs${++sequence}`) => {
    const body = JSON.stringify({
      event: 'participant_joined',
      room: { sid: 'RM_subs', name: room },
      participant: { sid: `PA_${identity}`, identity, name: `N ${identity}` },
      id: eventId,
      createdAt: String(Math.floor(Date.now() / 1000)),
    });
    const authorization = await livekitWebhookAuthorization(body, LIVEKIT);
    const res = await fetch(`${gw.url}/webhooks/livekit`, { method: 'POST', body, headers: { 'content-type': 'application/webhook+json', authorization } });
    return res.status;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'callgate-subs-'));
    const policyFile = join(dir, 'policy.json');
    await writeFile(policyFile, JSON.stringify(guestMemberPolicy(10)));
    rig = await startProviderRig();
    gw = await startTestGateway(
      {
        ...rig.env,
        POLICY_FILE: policyFile,
        LIVEKIT_API_KEY: LIVEKIT.apiKey,
        LIVEKIT_API_SECRET: LIVEKIT.apiSecret,
        LIVEKIT_URL: 'ws://127.0.0.1:7880',
        SUBSCRIPTIONS_MAX_PER_CONNECTION: String(LIMITS.perConnection),
        SUBSCRIPTIONS_MAX_PER_CALLER: String(LIMITS.perCaller),
        SUBSCRIPTIONS_MAX_CONNECTIONS_PER_IP: String(LIMITS.connectionsPerIp),
        SUBSCRIPTIONS_MAX_MESSAGE_BYTES: '2048',
      },
      undefined,
      { gateway: { timers } },
    );
    member = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'maya', roles: ['member'] });
    guest = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'gil' });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
    await waitFor(() => gw.gateway.subscriptions.connections === 0, 'every socket to close');
  });
  afterAll(async () => {
    await gw?.close();
    await rig?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('delivers a signed LiveKit webhook to the subscriber as one RoomEvent, and a duplicate delivery as none', async () => {
    const watch = connect(member).watch('livekit', 'standup');
    await active(1);
    expect(await postJoin('standup', 'ada', 'EV_subsDup001')).toBe(200);
    expect(await postJoin('standup', 'ada', 'EV_subsDup001')).toBe(200);
    // A later distinct event is the barrier: whatever the duplicate made would arrive before it.
    expect(await postJoin('standup', 'bo')).toBe(200);
    expect(await watch.next()).toEqual({
      id: expect.stringMatching(/^livekit:/),
      provider: 'LIVEKIT',
      roomId: 'standup',
      type: 'PARTICIPANT_JOINED',
      participant: { id: 'ada', name: 'N ada' },
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect((await watch.next()).participant?.id).toBe('bo');
    expect(watch.events).toHaveLength(2);
  });

  it('closes the socket with 4401 for a missing, malformed or invalid token, before any subscription runs', async () => {
    const forged = encodeUnsignedJwt({ alg: 'HS256', typ: 'JWT' }, { sub: 'maya', exp: Math.floor(Date.now() / 1000) + 60 }, 'c2lnbmF0dXJl');
    for (const params of [null, { authorization: 'maya' }, { authorization: `Bearer ${forged}` }, { Authorization: `Bearer ${member}` }]) {
      const client = connect(null, params ?? undefined);
      const watch = client.watch('livekit', 'standup');
      expect(await client.closed).toEqual({ code: 4401, reason: 'Unauthorized' });
      expect(await watch.ended).toEqual({ kind: 'closed', code: 4401, reason: 'Unauthorized' });
    }
    expect(gw.gateway.subscriptions.activeSubscriptions).toBe(0);
  });

  it('closes the socket with 4401 when the caller token expires (on the injected clock)', async () => {
    const expiresAt = Math.floor(timers.now() / 1000) + 120;
    const token = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'eve', roles: ['member'], exp: expiresAt });
    const client = connect(token);
    const watch = client.watch('livekit', 'expiring');
    await active(1);
    const deadline = timers.pending.find((p) => p.at === expiresAt * 1000 + gw.config.auth.clockToleranceSeconds * 1000);
    expect(deadline).toBeDefined();
    // Not yet: a second before the deadline nothing happens and events still flow.
    timers.advanceTo(deadline!.at - 1000);
    expect(await postJoin('expiring', 'cy')).toBe(200);
    expect((await watch.next()).participant?.id).toBe('cy');
    timers.advanceTo(deadline!.at);
    expect(await client.closed).toEqual({ code: 4401, reason: 'Token expired' });
    expect(await watch.ended).toEqual({ kind: 'closed', code: 4401, reason: 'Token expired' });
    await active(0);
  });

  it('gives a caller who may not join the room exactly the answer an unknown room gets', async () => {
    // maya (member) creates a RESTRICTED session whose name the guest pattern lobby-* matches.
    expectData(await execute(gw.graphqlUrl, CreateSessionDocument, { input: { customSessionId: 'lobby-private', access: { mode: 'RESTRICTED' } } }, { token: member }));
    const client = connect(guest);
    const refusedRoom = await client.watch('openvidu', 'lobby-private').ended;
    const unknownRoom = await client.watch('openvidu', 'lobby-nobody').ended;
    expect(refusedRoom).toEqual({
      kind: 'error',
      errors: [{ message: 'No OpenVidu session has this id.', extensions: { code: 'NOT_FOUND', resource: 'session' }, path: ['roomEvents'], locations: expect.any(Array) }],
    });
    expect(unknownRoom).toEqual(refusedRoom);
    // The credential call answers the same for the same room.
    const connection = await execute(gw.graphqlUrl, CreateConnectionDocument, { input: { sessionId: 'lobby-private' } }, { token: guest });
    expect(connection.body.errors).toEqual((refusedRoom as { errors: object[] }).errors.map((e) => ({ ...e, path: ['createConnection'] })));
    // LiveKit rooms: the join patterns decide, with the refusal the token call gets.
    const livekit = await client.watch('livekit', 'board-room').ended;
    const token = await execute(gw.graphqlUrl, IssueLivekitTokenDocument, { input: { roomName: 'board-room' } }, { token: guest });
    expect(livekit).toMatchObject({ kind: 'error', errors: [{ extensions: { code: 'FORBIDDEN', reason: 'rooms.join' } }] });
    expect((livekit as { errors: Array<{ message: string }> }).errors[0].message).toBe(token.body.errors![0].message);
    // The member, and the owner's room: subscribed.
    connect(member).watch('openvidu', 'lobby-private');
    await active(1);
  });

  it('refuses subscriptions past the per-connection and per-caller limits with RATE_LIMITED', async () => {
    const first = connect(member);
    first.watch('livekit', 'a');
    first.watch('livekit', 'b');
    await active(2);
    const third = await first.watch('livekit', 'c').ended;
    expect(third).toMatchObject({ kind: 'error', errors: [{ extensions: { code: 'RATE_LIMITED', limit: 'subscriptions_connection' } }] });
    const second = connect(member);
    second.watch('livekit', 'd');
    await active(3);
    const fourth = await second.watch('livekit', 'e').ended;
    expect(fourth).toMatchObject({ kind: 'error', errors: [{ extensions: { code: 'RATE_LIMITED', limit: 'subscriptions_caller' } }] });
    // Another caller is not held back by maya's count.
    connect(guest).watch('livekit', 'lobby-1');
    await active(4);
  });

  it('refuses a WebSocket past the per-address connection limit with HTTP 429 RATE_LIMITED', async () => {
    // One caller per socket, each within the per-caller limit, so every socket stays open.
    for (let i = 0; i < LIMITS.connectionsPerIp; i++) {
      connect(await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: `ip-${i}`, roles: ['member'] })).watch('livekit', 'x');
    }
    await waitFor(() => gw.gateway.subscriptions.connections === LIMITS.connectionsPerIp, 'every connection to open');
    const refused = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const ws = new WebSocket(gw.wsUrl, 'graphql-transport-ws');
      ws.on('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      ws.on('open', () => reject(new Error('the connection past the limit was accepted')));
      ws.on('error', () => undefined);
    });
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body)).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'RATE_LIMITED', limit: 'connections' } }] });
  });

  it('serves only subscriptions over the WebSocket: a query or mutation gets BAD_REQUEST', async () => {
    const client = connect(member);
    expect(await client.run('query { viewer { id } }')).toMatchObject({ kind: 'error', errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
    expect(await client.run('mutation { issueLivekitToken(input: { roomName: "x" }) { token } }')).toMatchObject({
      kind: 'error',
      errors: [{ extensions: { code: 'BAD_REQUEST' } }],
    });
    expect(await client.run('subscription { nope }')).toMatchObject({ kind: 'error', errors: [{ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] });
    expect(await client.run('subscription {')).toMatchObject({ kind: 'error', errors: [{ extensions: { code: 'GRAPHQL_PARSE_FAILED' } }] });
  });

  it('refuses a subscription sent over HTTP with BAD_REQUEST (400), before it is charged or run', async () => {
    const res = await fetch(gw.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${member}` },
      body: JSON.stringify({ query: 'subscription { roomEvents(provider: LIVEKIT, roomId: "standup") { id } }' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errors: [{ message: 'Subscriptions run over WebSocket (the graphql-ws protocol) on /graphql, not over HTTP.', extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('closes a socket that speaks another subprotocol (4406) or sends a message over the size limit (1009)', async () => {
    // A client that names no graphql-transport-ws subprotocol (e.g. the retired subscriptions-transport-ws).
    const bare = new WebSocket(gw.wsUrl);
    const [code] = await new Promise<[number, string]>((resolve) => bare.on('close', (c, r) => resolve([c, r.toString()])));
    expect(code).toBe(4406);

    const big = connect(member);
    const oversized = big.run(`subscription { roomEvents(provider: LIVEKIT, roomId: "${'r'.repeat(4096)}") { id } }`);
    expect((await big.closed).code).toBe(1009);
    expect(await oversized).toMatchObject({ kind: 'closed', code: 1009 });
  });

  it('charges each subscription to the caller budget', async () => {
    const budget = join(dir, 'budget.json');
    await writeFile(budget, JSON.stringify({ ...guestMemberPolicy(10), rateLimits: { perCaller: { points: 2, durationSeconds: 60 }, perIp: { points: 100, durationSeconds: 60 } } }));
    const limited = await startTestGateway({ POLICY_FILE: budget });
    try {
      const client = connectWs(limited.wsUrl, { authorization: `Bearer ${member}` });
      clients.push(client);
      client.watch('livekit', 'one');
      client.watch('livekit', 'two');
      await waitFor(() => limited.gateway.subscriptions.activeSubscriptions === 2, 'two subscriptions');
      const third = await client.run('subscription { roomEvents(provider: LIVEKIT, roomId: "three") { id } }');
      expect(third).toMatchObject({ kind: 'error', errors: [{ extensions: { code: 'RATE_LIMITED', limit: 'caller' } }] });
    } finally {
      await Promise.all(clients.splice(0).map((c) => c.dispose()));
      await limited.close();
    }
  });

  it('closes WebSockets with 1001 on shutdown', async () => {
    const other = await startTestGateway({ LIVEKIT_API_KEY: LIVEKIT.apiKey, LIVEKIT_API_SECRET: LIVEKIT.apiSecret, LIVEKIT_URL: 'ws://127.0.0.1:7880' });
    const client = connectWs(other.wsUrl, { authorization: `Bearer ${member}` });
    const watch = client.watch('livekit', 'closing');
    await waitFor(() => other.gateway.subscriptions.activeSubscriptions === 1, 'the subscription');
    await other.close();
    expect(await client.closed).toEqual({ code: 1001, reason: 'Going away' });
    expect(await watch.ended).toEqual({ kind: 'closed', code: 1001, reason: 'Going away' });
    expect(other.gateway.subscriptions.activeSubscriptions).toBe(0);
    await client.dispose();
  });
});

describe('Subscription.roomEvents with an identity provider key set (AUTH_JWKS_URL)', () => {
  let idp: FakeIdp;
  let gw: TestGateway;
  beforeAll(async () => {
    idp = await startFakeIdp({ issuer: 'https://idp.test', audience: 'callgate' });
    gw = await startTestGateway({ AUTH_JWT_SECRET: undefined, AUTH_JWKS_URL: idp.jwksUrl, AUTH_ISSUER: 'https://idp.test', AUTH_AUDIENCE: 'callgate' });
  });
  afterAll(async () => {
    await gw?.close();
    await idp?.close();
  });

  it('closes with 4503 while the key set cannot be loaded, then accepts an RS256 token from it and refuses a forged one (4401)', async () => {
    // The gateway has not fetched the key set yet, and the identity provider fails.
    idp.injectAlways({ kind: 'status', status: 500 });
    try {
      const outage = connectWs(gw.wsUrl, { authorization: `Bearer ${await idp.mint({ sub: 'idp-user' })}` });
      outage.watch('livekit', 'jwks-room');
      expect(await outage.closed).toEqual({ code: 4503, reason: 'Identity provider unavailable' });
    } finally {
      idp.reset();
    }

    const good = connectWs(gw.wsUrl, { authorization: `Bearer ${await idp.mint({ sub: 'idp-user' })}` });
    good.watch('livekit', 'jwks-room');
    await waitFor(() => gw.gateway.subscriptions.activeSubscriptions === 1, 'the subscription');
    await good.dispose();

    const forged = connectWs(gw.wsUrl, { authorization: `Bearer ${await idp.mint({ sub: 'idp-user' }, { issuer: 'https://other.test' })}` });
    forged.watch('livekit', 'jwks-room');
    expect(await forged.closed).toEqual({ code: 4401, reason: 'Unauthorized' });
  });
});

