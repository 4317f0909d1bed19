/**
 * Provider webhooks over real sockets, two gateway replicas sharing one real redis-server: a delivery
 * posted to replica A becomes one event for subscribers on replica B; forged, mismatched and replayed
 * deliveries make none; when Redis dies a delivery answers 503 (so the provider retries) and
 * subscribers are told.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RoomEventProvider } from '../../src/events/room-event.js';
import type { GatewayServices } from '../../src/server/gateway-services.js';
import type { DoubleServer } from '../support/doubles/double-server.js';
import { startRedisServer, type TestRedisServer } from '../support/redis-server.js';
import { eventsDuring } from '../support/room-event-watch.js';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.js';
import {
  livekitWebhookAuthorization,
  openviduWebhookHeaders,
  startVideoSdkKeyDouble,
  videosdkSignature,
  videosdkSigningKeys,
  type VideoSdkSigningKeys,
} from '../support/webhook-senders.js';

const LIVEKIT = { apiKey: 'APIe2eHooks', apiSecret: 'e2e-livekit-webhook-secret-0123456789ab' };
const OPENVIDU_HOOK_SECRET = 'e2e-openvidu-hook-secret-0123456789abcdef';

describe('room events across replicas', () => {
  let redis: TestRedisServer;
  let keyDouble: DoubleServer & { keyUrl: string };
  const keys: { current: VideoSdkSigningKeys } = { current: videosdkSigningKeys() };
  let a: TestGateway;
  let b: TestGateway;
  let servicesA: GatewayServices;
  let servicesB: GatewayServices;

  beforeAll(async () => {
    redis = await startRedisServer();
    keyDouble = await startVideoSdkKeyDouble(keys);
    const env = {
      REDIS_URL: redis.url,
      LIVEKIT_API_KEY: LIVEKIT.apiKey,
      LIVEKIT_API_SECRET: LIVEKIT.apiSecret,
      LIVEKIT_URL: 'ws://127.0.0.1:7880',
      OPENVIDU_URL: 'http://127.0.0.1:1',
      OPENVIDU_SECRET: 'e2e-ov-rest',
      OPENVIDU_WEBHOOK_SECRET: OPENVIDU_HOOK_SECRET,
      VIDEOSDK_API_KEY: 'e2e-vsdk',
      VIDEOSDK_SECRET: 'e2e-vsdk-secret-0123456789abcdef01234567',
      VIDEOSDK_API_URL: 'http://127.0.0.1:1',
      VIDEOSDK_WEBHOOK_PUBLIC_KEY_URL: keyDouble.keyUrl,
    };
    a = await startTestGateway(env, (services) => {
      servicesA = services;
    });
    b = await startTestGateway(env, (services) => {
      servicesB = services;
    });
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await keyDouble?.close();
    await redis?.stop();
  });

  const post = (gw: TestGateway, provider: string, body: string, headers: Record<string, string>) =>
    fetch(`${gw.url}/webhooks/${provider}`, { method: 'POST', body, headers }).then(async (r) => ({ status: r.status, body: await r.text() }));

  /** What a subscriber on replica B saw while `send` ran. */
  const seenOnB = (provider: RoomEventProvider, roomId: string, send: () => Promise<unknown>) => eventsDuring(servicesB.roomEvents.bus, provider, roomId, send);

  const livekitBody = (id: string, identity: string) =>
    `{"event":"participant_joined", "room":{"sid":"RM_e2e", "name":"e2e-room"}, "participant":{"sid":"PA_${identity}", "identity":"${identity}", "name":"N ${identity}"}, "id":"${id}", "createdAt":"${Math.floor(Date.now() / 1000)}"}`;

  it('delivers a signed LiveKit webhook posted to A to a subscriber on B, once, even when replayed to B', async () => {
    const body = livekitBody('EV_e2e00000001', 'ada');
    const headers = { 'content-type': 'application/webhook+json', authorization: await livekitWebhookAuthorization(body, LIVEKIT) };
    const answers: { status: number; body: string }[] = [];
    const events = await seenOnB('livekit', 'e2e-room', async () => {
      answers.push(await post(a, 'livekit', body, headers));
      answers.push(await post(b, 'livekit', body, headers));
      answers.push(await post(a, 'livekit', body, headers));
    });
    expect(answers.map((x) => x.status)).toEqual([200, 200, 200]);
    expect(events).toEqual([
      { id: expect.stringMatching(/^livekit:/), provider: 'livekit', roomId: 'e2e-room', type: 'PARTICIPANT_JOINED', participant: { id: 'ada', name: 'N ada' }, occurredAt: expect.any(String) },
    ]);
  });

  it('refuses a forged signature and a body whose hash does not match, with no event anywhere', async () => {
    const body = livekitBody('EV_e2e00000002', 'mallory');
    const forged = await livekitWebhookAuthorization(body, { ...LIVEKIT, apiSecret: 'not-the-secret-0123456789abcdef0123456' });
    const otherBody = await livekitWebhookAuthorization(livekitBody('EV_e2e00000003', 'mallory'), LIVEKIT);
    const statuses: number[] = [];
    const events = await seenOnB('livekit', 'e2e-room', async () => {
      for (const authorization of [forged, otherBody]) statuses.push((await post(a, 'livekit', body, { 'content-type': 'application/webhook+json', authorization })).status);
    });
    expect(statuses).toEqual([401, 401]);
    expect(events).toEqual([]);
  });

  it('accepts an OpenVidu delivery with the bearer secret (exactly 200) and refuses one without', async () => {
    const body = JSON.stringify({ sessionId: 'ov-e2e', uniqueSessionId: 'ov-e2e_1', timestamp: Date.now(), event: 'sessionCreated' });
    const statuses: number[] = [];
    const events = await seenOnB('openvidu', 'ov-e2e', async () => {
      statuses.push((await post(a, 'openvidu', body, { 'content-type': 'application/json' })).status);
      statuses.push((await post(a, 'openvidu', body, openviduWebhookHeaders(OPENVIDU_HOOK_SECRET))).status);
    });
    expect(statuses).toEqual([401, 200]);
    expect(events).toMatchObject([{ provider: 'openvidu', roomId: 'ov-e2e', type: 'ROOM_STARTED' }]);
  });

  it('verifies a VideoSDK RSA signature with the key served by the key endpoint', async () => {
    const body = JSON.stringify({ webhookType: 'session-started', data: { meetingId: 'vs-e2e', sessionId: 'sess-e2e', start: new Date().toISOString() } });
    const statuses: number[] = [];
    const events = await seenOnB('videosdk', 'vs-e2e', async () => {
      statuses.push((await post(a, 'videosdk', body, { 'content-type': 'application/json', 'videosdk-signature': videosdkSignature(body, videosdkSigningKeys().privateKey) })).status);
      statuses.push((await post(a, 'videosdk', body, { 'content-type': 'application/json', 'videosdk-signature': videosdkSignature(body, keys.current.privateKey) })).status);
    });
    expect(statuses).toEqual([401, 200]);
    expect(events).toMatchObject([{ provider: 'videosdk', roomId: 'vs-e2e', type: 'ROOM_STARTED' }]);
  });

  it('answers 503 while Redis is down, tells subscribers, and takes the retry once it is back', async () => {
    const watcher = servicesB.roomEvents.bus.subscribe('livekit', 'outage-room');
    await watcher.ready;
    const pending = watcher.next();
    const body = `{"event":"room_started", "room":{"sid":"RM_out", "name":"outage-room"}, "id":"EV_outage00001", "createdAt":"${Math.floor(Date.now() / 1000)}"}`;
    const headers = { 'content-type': 'application/webhook+json', authorization: await livekitWebhookAuthorization(body, LIVEKIT) };
    await redis.kill();
    await expect(pending).rejects.toMatchObject({ reason: 'STATE_UNAVAILABLE' });
    expect((await post(a, 'livekit', body, headers)).status).toBe(503);

    await redis.restart();
    // Wait for both replicas' connections (and B's subscriber connection) to come back.
    expect(await servicesA.sharedState.waitUntilReady(10_000)).toBe(true);
    let again = servicesB.roomEvents.bus.subscribe('livekit', 'outage-room');
    for (let attempt = 0; attempt < 20 && !(await again.ready.then(() => true, () => false)); attempt++) {
      again = servicesB.roomEvents.bus.subscribe('livekit', 'outage-room');
    }
    await again.ready;
    // The provider's retry of the delivery that got 503.
    expect((await post(a, 'livekit', body, headers)).status).toBe(200);
    expect((await again.next()).value).toMatchObject({ type: 'ROOM_STARTED', roomId: 'outage-room' });
    await again.return();
  });
});
