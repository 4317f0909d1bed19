/**
 * Room events across replicas, end to end: two gateways share one real redis-server; a signed LiveKit
 * webhook posted to replica A reaches a graphql-ws subscriber on replica B; a forged signature, a body
 * whose hash does not match its signature and a replayed delivery make no event (a later good event is
 * the barrier: anything they made would arrive before it); when Redis dies the subscriber's stream ends
 * with STATE_UNAVAILABLE and webhooks answer 503, so the provider retries.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mintHs256CallerToken } from '../support/caller-tokens.js';
import { waitFor } from '../support/provider-rig.js';
import { startRedisServer, type TestRedisServer } from '../support/redis-server.js';
import { startTestGateway, TEST_AUTH_SECRET, type TestGateway } from '../support/start-test-gateway.js';
import { connectWs, type TestWsClient } from '../support/subscription-client.js';
import { livekitWebhookAuthorization } from '../support/webhook-senders.js';

const LIVEKIT = { apiKey: 'APIsubsReplicas', apiSecret: 'e2e-replicas-livekit-secret-0123456789ab' };

describe('room event subscriptions across replicas (one redis-server)', () => {
  let redis: TestRedisServer;
  let a: TestGateway;
  let b: TestGateway;
  let client: TestWsClient;
  let sequence = 0;

  const delivery = (room: string, identity: string, id = `EV_repl${++sequence}`) =>
    JSON.stringify({
      event: 'participant_joined',
      room: { sid: 'RM_repl', name: room },
      participant: { sid: `PA_${identity}`, identity, name: `N ${identity}` },
      id,
      createdAt: String(Math.floor(Date.now() / 1000)),
    });
  const post = (gw: TestGateway, body: string, authorization: string) =>
    fetch(`${gw.url}/webhooks/livekit`, { method: 'POST', body, headers: { 'content-type': 'application/webhook+json', authorization } }).then((r) => r.status);

  beforeAll(async () => {
    redis = await startRedisServer();
    const env = { REDIS_URL: redis.url, LIVEKIT_API_KEY: LIVEKIT.apiKey, LIVEKIT_API_SECRET: LIVEKIT.apiSecret, LIVEKIT_URL: 'ws://127.0.0.1:7880' };
    a = await startTestGateway(env);
    b = await startTestGateway(env);
    const token = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'rita' });
    client = connectWs(b.wsUrl, { authorization: `Bearer ${token}` });
  });
  afterAll(async () => {
    await client?.dispose();
    await a?.close();
    await b?.close();
    await redis?.stop();
  });

  it('delivers a webhook posted to A to the subscriber on B; forged, mismatched and replayed deliveries make no event', async () => {
    const watch = client.watch('livekit', 'replicated');
    await waitFor(() => b.gateway.subscriptions.activeSubscriptions === 1, 'the subscription on B');

    const first = delivery('replicated', 'ada');
    const signed = await livekitWebhookAuthorization(first, LIVEKIT);
    expect(await post(a, first, signed)).toBe(200);
    expect(await watch.next()).toMatchObject({ provider: 'LIVEKIT', roomId: 'replicated', type: 'PARTICIPANT_JOINED', participant: { id: 'ada', name: 'N ada' } });

    const forgedBody = delivery('replicated', 'mallory');
    const forged = await livekitWebhookAuthorization(forgedBody, { ...LIVEKIT, apiSecret: 'not-the-livekit-secret-0123456789abcdef' });
    expect(await post(a, forgedBody, forged)).toBe(401);
    // Signed for another body: the sha256 claim does not match the bytes received.
    expect(await post(a, delivery('replicated', 'mallory'), await livekitWebhookAuthorization(delivery('replicated', 'other'), LIVEKIT))).toBe(401);
    // The first delivery again, byte for byte, to each replica: already processed.
    expect(await post(a, first, signed)).toBe(200);
    expect(await post(b, first, signed)).toBe(200);

    const barrier = delivery('replicated', 'barrier');
    expect(await post(a, barrier, await livekitWebhookAuthorization(barrier, LIVEKIT))).toBe(200);
    expect((await watch.next()).participant?.id).toBe('barrier');
    expect(watch.events.map((e) => e.participant?.id)).toEqual(['ada', 'barrier']);
    watch.stop();
    await waitFor(() => b.gateway.subscriptions.activeSubscriptions === 0, 'the subscription to end');
  });

  it('ends the subscription with STATE_UNAVAILABLE when Redis goes away, and webhooks answer 503', async () => {
    const watch = client.watch('livekit', 'outage');
    await waitFor(() => b.gateway.subscriptions.activeSubscriptions === 1, 'the subscription on B');
    await redis.kill();
    const ended = await watch.ended;
    expect(ended).toMatchObject({ kind: 'error', errors: [{ message: expect.stringMatching(/event bus is unavailable/), extensions: { code: 'STATE_UNAVAILABLE', retryable: true } }] });
    expect((ended as { errors: unknown[] }).errors).toHaveLength(1);
    const body = delivery('outage', 'late');
    expect(await post(a, body, await livekitWebhookAuthorization(body, LIVEKIT))).toBe(503);
    await waitFor(() => b.gateway.subscriptions.activeSubscriptions === 0, 'the ended subscription to be released');
    // A new subscription while Redis is down is refused the same way, not left silent.
    expect(await client.watch('livekit', 'outage').ended).toMatchObject({ kind: 'error', errors: [{ extensions: { code: 'STATE_UNAVAILABLE' } }] });
  });
});
