/**
 * The room record follows the webhooks, over real sockets: two replicas sharing a real redis-server
 * and the provider doubles. A session created through GraphQL on A shows NOT_STARTED; authorized
 * OpenVidu webhooks posted to either replica make it LIVE with the right participant count on both
 * (repeated deliveries count once), then FINISHED; a late participantJoined after sessionDestroyed
 * does not bring it back; a webhook for a session the gateway did not create creates no record; the
 * `room` query keeps hiding rooms from callers who may not join them; the webhook metrics count it all.
 * A VideoSDK meeting follows its RSA-signed webhooks the same way, found by its custom id.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateMeetingDocument, CreateSessionDocument, RoomDocument } from '../../client/generated/graphql.js';
import { mintHs256CallerToken } from '../support/caller-tokens.js';
import type { DoubleServer } from '../support/doubles/double-server.js';
import { execute, expectData } from '../support/graphql-client.js';
import { startProviderRig, type ProviderRig } from '../support/provider-rig.js';
import { startRedisServer, type TestRedisServer } from '../support/redis-server.js';
import { startTestGateway, TEST_AUTH_SECRET, type TestGateway } from '../support/start-test-gateway.js';
import { openviduWebhookHeaders, startVideoSdkKeyDouble, videosdkSignature, videosdkSigningKeys } from '../support/webhook-senders.js';

const HOOK_SECRET = 'e2e-live-openvidu-hook-secret-0123456789abcdef';

describe('room live state from webhooks', () => {
  let redis: TestRedisServer;
  let rig: ProviderRig;
  let keyDouble: DoubleServer & { keyUrl: string };
  const videosdkKeys = { current: videosdkSigningKeys() };
  let a: TestGateway;
  let b: TestGateway;
  let alice: string;
  let bob: string;
  const t0 = Date.now() - 60_000;

  beforeAll(async () => {
    redis = await startRedisServer();
    rig = await startProviderRig();
    keyDouble = await startVideoSdkKeyDouble(videosdkKeys);
    const env = {
      ...rig.env,
      REDIS_URL: redis.url,
      OPENVIDU_WEBHOOK_SECRET: HOOK_SECRET,
      VIDEOSDK_WEBHOOK_PUBLIC_KEY_URL: keyDouble.keyUrl,
      WEBHOOK_BODY_LIMIT_BYTES: '2048',
    };
    [a, b] = await Promise.all([startTestGateway(env), startTestGateway(env)]);
    alice = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'alice', name: 'Alice' });
    bob = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'bob', name: 'Bob' });
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await rig?.close();
    await keyDouble?.close();
    await redis?.stop();
  });

  /** A session Alice creates through GraphQL on A; RESTRICTED, so it admits only her. */
  const createRoom = async (id: string) => {
    const created = expectData(await execute(a.graphqlUrl, CreateSessionDocument, { input: { customSessionId: id, access: { mode: 'RESTRICTED' } } }, { token: alice }))
      .createSession;
    expect(created).toMatchObject({ id, alreadyExisted: false });
    return id;
  };

  const hook = (gw: TestGateway, event: Record<string, unknown>, headers: Record<string, string> = openviduWebhookHeaders(HOOK_SECRET)) =>
    fetch(`${gw.url}/webhooks/openvidu`, { method: 'POST', headers, body: JSON.stringify(event) }).then((r) => r.status);
  /** An OpenVidu delivery for the first life of `room`, `at` ms after t0. */
  const ov = (room: string, event: string, at: number, extra: Record<string, unknown> = {}) => ({ sessionId: room, uniqueSessionId: `${room}_1`, timestamp: t0 + at, event, ...extra });
  const joined = (room: string, connectionId: string, at: number) => ov(room, 'participantJoined', at, { connectionId, clientData: '', serverData: '{"userId":"x"}' });
  const left = (room: string, connectionId: string, at: number) => ov(room, 'participantLeft', at, { connectionId, reason: 'disconnect' });

  const roomOn = async (gw: TestGateway, room: string, token = alice, provider: 'OPENVIDU' | 'VIDEOSDK' = 'OPENVIDU') =>
    expectData(await execute(gw.graphqlUrl, RoomDocument, { provider, roomId: room }, { token })).room;

  it('goes from NOT_STARTED to LIVE with one count per participant on both replicas; repeated deliveries count once', async () => {
    const room = await createRoom('live-standup');
    expect((await roomOn(b, room))?.live).toEqual({ state: 'NOT_STARTED', startedAt: null, finishedAt: null, participantCount: 0 });
    const statuses = [
      await hook(a, ov(room, 'sessionCreated', 0)),
      await hook(b, joined(room, 'con_A', 1)),
      await hook(a, joined(room, 'con_B', 2)),
      // OpenVidu's retry of the same delivery, to the other replica.
      await hook(b, joined(room, 'con_B', 2)),
      await hook(a, joined(room, 'con_C', 3)),
      await hook(b, left(room, 'con_C', 4)),
      await hook(a, left(room, 'con_C', 4)),
    ];
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200]);
    const expected = { state: 'LIVE', startedAt: new Date(t0).toISOString(), finishedAt: null, participantCount: 2 };
    expect((await roomOn(a, room))?.live).toEqual(expected);
    expect((await roomOn(b, room))?.live).toEqual(expected);
  });

  it('goes FINISHED with nobody in it, and a late participantJoined of that life does not bring it back', async () => {
    const room = await createRoom('live-retro');
    for (const delivery of [ov(room, 'sessionCreated', 0), joined(room, 'con_A', 1), joined(room, 'con_B', 2)]) expect(await hook(a, delivery)).toBe(200);
    expect((await roomOn(b, room))?.live).toMatchObject({ state: 'LIVE', participantCount: 2 });
    expect(await hook(b, ov(room, 'sessionDestroyed', 100, { reason: 'lastParticipantLeft' }))).toBe(200);
    const finished = { state: 'FINISHED', startedAt: new Date(t0).toISOString(), finishedAt: new Date(t0 + 100).toISOString(), participantCount: 0 };
    expect((await roomOn(a, room))?.live).toEqual(finished);
    // Delivered late (it happened before the end), one stamped after it, and a repeated start: none reopens the room.
    expect(await hook(a, joined(room, 'con_D', 50))).toBe(200);
    expect(await hook(b, joined(room, 'con_E', 150))).toBe(200);
    expect(await hook(a, ov(room, 'sessionCreated', 160))).toBe(200);
    expect((await roomOn(b, room))?.live).toEqual(finished);
  });

  it('keeps hiding the room, live state included, from a caller it does not admit', async () => {
    const room = await createRoom('live-private');
    expect(await hook(a, joined(room, 'con_A', 1))).toBe(200);
    expect((await roomOn(b, room))?.live.participantCount).toBe(1);
    expect(await roomOn(b, room, bob)).toBeNull();
  });

  it('creates no record for a session the gateway did not create', async () => {
    expect(await hook(a, ov('not-ours', 'sessionCreated', 0))).toBe(200);
    expect(await hook(a, joined('not-ours', 'con_X', 1))).toBe(200);
    expect(await roomOn(b, 'not-ours')).toBeNull();
  });

  it('counts deliveries by outcome, published events by type and record updates by result', async () => {
    const room = await createRoom('live-metrics');
    const read = async () => {
      const text = await (await fetch(`${a.url}/metrics`)).text();
      return (name: string, labels: string) => Number(new RegExp(`^${name}\\{${labels}\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
    };
    const before = await read();
    const statuses = [
      await hook(a, ov(room, 'sessionCreated', 0)),
      await hook(a, joined(room, 'con_A', 1)),
      await hook(a, joined(room, 'con_A', 1)),
      await hook(a, joined('elsewhere', 'con_Z', 1)),
      await hook(a, ov(room, 'sessionDestroyed', 100)),
      await hook(a, joined(room, 'con_B', 150)),
      await hook(a, joined(room, 'con_C', 200), { 'content-type': 'application/json' }),
    ];
    const tooLarge = await fetch(`${a.url}/webhooks/openvidu`, { method: 'POST', headers: openviduWebhookHeaders(HOOK_SECRET), body: JSON.stringify({ pad: 'x'.repeat(4096) }) });
    expect([...statuses, tooLarge.status]).toEqual([200, 200, 200, 200, 200, 200, 401, 413]);
    const after = await read();
    const delta = (name: string, labels: string) => after(name, labels) - before(name, labels);
    const deliveries = 'callgate_webhook_deliveries_total';
    expect(delta(deliveries, 'provider="openvidu",outcome="accepted"')).toBe(4);
    expect(delta(deliveries, 'provider="openvidu",outcome="duplicate"')).toBe(1);
    expect(delta(deliveries, 'provider="openvidu",outcome="stale"')).toBe(1);
    expect(delta(deliveries, 'provider="openvidu",outcome="rejected_auth"')).toBe(1);
    expect(delta(deliveries, 'provider="openvidu",outcome="too_large"')).toBe(1);
    expect(delta('callgate_room_events_published_total', 'provider="openvidu",type="PARTICIPANT_JOINED"')).toBe(2);
    expect(delta('callgate_room_events_published_total', 'provider="openvidu",type="ROOM_FINISHED"')).toBe(1);
    expect(delta('callgate_room_live_updates_total', 'provider="openvidu",result="applied"')).toBe(3);
    expect(delta('callgate_room_live_updates_total', 'provider="openvidu",result="no_record"')).toBe(1);
  });

  it('follows a VideoSDK meeting through signed webhooks, found by its custom id', async () => {
    const meeting = expectData(await execute(a.graphqlUrl, CreateMeetingDocument, { input: { customMeetingId: 'live-weekly' } }, { token: alice })).createMeeting;
    const meetingId = meeting.meetingId;
    const at = (ms: number) => new Date(t0 + ms).toISOString();
    const vsdk = (gw: TestGateway, webhookType: string, data: Record<string, unknown>) => {
      const body = JSON.stringify({ webhookType, data: { meetingId, sessionId: 'vs-session-1', ...data } });
      return fetch(`${gw.url}/webhooks/videosdk`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'videosdk-signature': videosdkSignature(body, videosdkKeys.current.privateKey) },
        body,
      }).then((r) => r.status);
    };
    const statuses = [
      await vsdk(a, 'session-started', { start: at(0) }),
      await vsdk(b, 'participant-joined', { participantId: 'ann', participantName: 'Ann' }),
      await vsdk(a, 'participant-joined', { participantId: 'ann', participantName: 'Ann' }),
      await vsdk(a, 'participant-joined', { participantId: 'ben', participantName: 'Ben' }),
    ];
    expect(statuses).toEqual([200, 200, 200, 200]);
    expect((await roomOn(b, 'live-weekly', alice, 'VIDEOSDK'))?.live).toEqual({ state: 'LIVE', startedAt: at(0), finishedAt: null, participantCount: 2 });
    expect(await vsdk(b, 'session-ended', { start: at(0), end: at(100) })).toBe(200);
    expect(await vsdk(a, 'participant-joined', { participantId: 'cat', participantName: 'Cat' })).toBe(200);
    expect((await roomOn(a, meetingId, alice, 'VIDEOSDK'))?.live).toEqual({ state: 'FINISHED', startedAt: at(0), finishedAt: at(100), participantCount: 0 });
  });
});
