/**
 * VideoSDK's webhook public key: fetched from the key endpoint (a double on 127.0.0.1), cached, fetched
 * again after a failed verification once the cooldown has passed (key rotation), and a delivery
 * answered 503 when no key can be had. The clock is injected.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DoubleServer } from '../../support/doubles/double-server.js';
import { startVideoSdkKeyDouble, videosdkSignature, videosdkSigningKeys, type VideoSdkSigningKeys } from '../../support/webhook-senders.js';
import { VideoSdkWebhookKey, videosdkWebhookSource } from '../../../src/providers/videosdk/videosdk.webhook.js';

describe('VideoSDK webhook key', () => {
  let double: DoubleServer & { keyUrl: string };
  const keys: { current: VideoSdkSigningKeys } = { current: videosdkSigningKeys() };

  beforeAll(async () => {
    double = await startVideoSdkKeyDouble(keys);
  });
  afterAll(async () => {
    await double.close();
  });

  const body = Buffer.from('{"webhookType":"session-started","data":{"meetingId":"m","sessionId":"s"}}');

  it('uses the cached key, and picks up a rotated key only after the cooldown', async () => {
    double.reset();
    let now = 0;
    const source = videosdkWebhookSource(new VideoSdkWebhookKey({ url: double.keyUrl, now: () => now, cooldownMs: 30_000, maxAgeMs: 3_600_000 }));
    const signed = (k: VideoSdkSigningKeys) => ({ 'videosdk-signature': videosdkSignature(body, k.privateKey) });
    expect((await source.verify(body, signed(keys.current))).ok).toBe(true);
    expect((await source.verify(body, signed(keys.current))).ok).toBe(true);
    expect(double.requests).toHaveLength(1);

    const old = keys.current;
    keys.current = videosdkSigningKeys();
    now = 10_000;
    expect(await source.verify(body, signed(keys.current))).toMatchObject({ ok: false, failure: 'unauthenticated' });
    expect(double.requests).toHaveLength(1);
    now = 40_000;
    expect((await source.verify(body, signed(keys.current))).ok).toBe(true);
    expect(double.requests).toHaveLength(2);
    expect(await source.verify(body, signed(old))).toMatchObject({ ok: false });
  });

  it('accepts a signature over the compact re-serialisation of the body, and nothing else', async () => {
    const source = videosdkWebhookSource(new VideoSdkWebhookKey({ url: double.keyUrl }));
    const spaced = Buffer.from('{ "webhookType": "session-started", "data": { "meetingId": "m", "sessionId": "s" } }');
    const compact = JSON.stringify(JSON.parse(spaced.toString()));
    expect((await source.verify(spaced, { 'videosdk-signature': videosdkSignature(compact, keys.current.privateKey) })).ok).toBe(true);
    const tampered = Buffer.from(spaced.toString().replace('"m"', '"n"'));
    expect((await source.verify(tampered, { 'videosdk-signature': videosdkSignature(compact, keys.current.privateKey) })).ok).toBe(false);
  });

  it('reports the check as unavailable (503) when the key endpoint fails, and never caches the failure', async () => {
    double.reset();
    double.inject({ kind: 'status', status: 500, text: 'down' });
    const source = videosdkWebhookSource(new VideoSdkWebhookKey({ url: double.keyUrl }));
    const headers = { 'videosdk-signature': videosdkSignature(body, keys.current.privateKey) };
    expect(await source.verify(body, headers)).toMatchObject({ ok: false, failure: 'unavailable' });
    expect((await source.verify(body, headers)).ok).toBe(true);
  });

  it('refuses a key endpoint answer that is not an RSA public key', async () => {
    double.reset();
    double.inject({ kind: 'status', status: 200, body: { publicKey: 'not a pem' } });
    const source = videosdkWebhookSource(new VideoSdkWebhookKey({ url: double.keyUrl }));
    expect(await source.verify(body, { 'videosdk-signature': videosdkSignature(body, keys.current.privateKey) })).toMatchObject({ ok: false, failure: 'unavailable' });
  });
});
