/**
 * Catalog cases for the provider webhooks (HOOK-01..06), against the catalog gateway (LiveKit and
 * VideoSDK configured) and one with OPENVIDU_WEBHOOK_SECRET. An event is "produced" when the gateway
 * logs `room event published` for it (debug level, which test gateways log).
 */
import { expect } from '@jest/globals';
import type { TestGateway } from '../../support/start-test-gateway.js';
import { livekitWebhookAuthorization, openviduWebhookHeaders } from '../../support/webhook-senders.js';
import type { CatalogChecks, CatalogEnv } from './catalog-env.js';

const OPENVIDU_HOOK_SECRET = 'catalog-openvidu-webhook-secret-0123456789';

const openviduGateways = new WeakMap<CatalogEnv, Promise<TestGateway>>();
function openviduGateway(env: CatalogEnv): Promise<TestGateway> {
  let gw = openviduGateways.get(env);
  if (!gw) {
    // SEC-01 then checks that no response or log line of any catalog gateway holds it.
    env.secrets.add(OPENVIDU_HOOK_SECRET);
    openviduGateways.set(env, (gw = env.startGateway({ OPENVIDU_WEBHOOK_SECRET: OPENVIDU_HOOK_SECRET })));
  }
  return gw;
}

const post = async (gw: TestGateway, provider: string, body: string, headers: Record<string, string>) => {
  const response = await fetch(`${gw.url}/webhooks/${provider}`, { method: 'POST', body, headers });
  return { status: response.status, text: await response.text() };
};

/** How many events the gateway published so far (its debug log lines). */
const published = (gw: TestGateway) => gw.logRecords().filter((r) => r.msg === 'room event published').length;

let unique = 0;
const livekitBody = (roomName = 'catalog-hooks', extra = '') =>
  `{"event":"participant_joined", "room":{"sid":"RM_cat", "name":"${roomName}"}, "participant":{"sid":"PA_c", "identity":"cat-${++unique}"${extra}}, "id":"EV_catalog${String(unique).padStart(4, '0')}", "createdAt":"${Math.floor(Date.now() / 1000)}"}`;
const LIVEKIT_TYPE = { 'content-type': 'application/webhook+json' };

export const webhookChecks: CatalogChecks = {
  'HOOK-01': async (env) => {
    const body = livekitBody();
    const before = published(env.gw);
    for (const key of [
      { apiKey: env.livekit.key, apiSecret: 'forged-secret-0123456789abcdef0123456789' },
      { apiKey: 'APIsomeoneElse', apiSecret: env.livekit.secret },
    ]) {
      const refused = await post(env.gw, 'livekit', body, { ...LIVEKIT_TYPE, authorization: await livekitWebhookAuthorization(body, key) });
      expect([refused.status, refused.text]).toEqual([401, '{"error":"unauthenticated"}']);
    }
    expect(published(env.gw)).toBe(before);
  },

  'HOOK-02': async (env) => {
    const body = livekitBody();
    const key = { apiKey: env.livekit.key, apiSecret: env.livekit.secret };
    const before = published(env.gw);
    // A token for another body, and one for the same JSON re-serialised (LiveKit's ", " separators gone).
    for (const signedBody of [livekitBody(), JSON.stringify(JSON.parse(body))]) {
      const refused = await post(env.gw, 'livekit', body, { ...LIVEKIT_TYPE, authorization: await livekitWebhookAuthorization(signedBody, key) });
      expect(refused.status).toBe(401);
    }
    expect(published(env.gw)).toBe(before);
    // The same body with a token for its own bytes is accepted.
    expect((await post(env.gw, 'livekit', body, { ...LIVEKIT_TYPE, authorization: await livekitWebhookAuthorization(body, key) })).status).toBe(200);
    expect(published(env.gw)).toBe(before + 1);
  },

  'HOOK-03': async (env) => {
    const body = livekitBody();
    const authorization = await livekitWebhookAuthorization(body, { apiKey: env.livekit.key, apiSecret: env.livekit.secret });
    const before = published(env.gw);
    for (let i = 0; i < 3; i++) expect((await post(env.gw, 'livekit', body, { ...LIVEKIT_TYPE, authorization })).status).toBe(200);
    expect(published(env.gw)).toBe(before + 1);
    const ov = await openviduGateway(env);
    const delivery = JSON.stringify({ sessionId: 'catalog-ov', uniqueSessionId: 'catalog-ov_1', timestamp: Date.now(), event: 'sessionCreated' });
    const ovBefore = published(ov);
    for (let i = 0; i < 3; i++) expect((await post(ov, 'openvidu', delivery, openviduWebhookHeaders(OPENVIDU_HOOK_SECRET))).status).toBe(200);
    expect(published(ov)).toBe(ovBefore + 1);
  },

  'HOOK-04': async (env) => {
    const body = livekitBody('catalog-hooks', `, "metadata":"${'m'.repeat(70 * 1024)}"`);
    const before = published(env.gw);
    const refused = await post(env.gw, 'livekit', body, { ...LIVEKIT_TYPE, authorization: await livekitWebhookAuthorization(body, { apiKey: env.livekit.key, apiSecret: env.livekit.secret }) });
    expect([refused.status, refused.text]).toEqual([413, '{"error":"too large"}']);
    expect(published(env.gw)).toBe(before);
  },

  'HOOK-05': async (env) => {
    const ov = await openviduGateway(env);
    const delivery = JSON.stringify({ sessionId: 'catalog-ov', uniqueSessionId: 'catalog-ov_2', timestamp: Date.now(), event: 'sessionCreated' });
    const before = published(ov);
    for (const authorization of [undefined, 'Bearer ', `Bearer ${OPENVIDU_HOOK_SECRET.slice(0, -1)}`, `Basic ${OPENVIDU_HOOK_SECRET}`]) {
      const refused = await post(ov, 'openvidu', delivery, { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) });
      expect([refused.status, refused.text]).toEqual([401, '{"error":"unauthenticated"}']);
    }
    // VideoSDK without its signature header.
    const vs = JSON.stringify({ webhookType: 'session-started', data: { meetingId: 'm', sessionId: 's' } });
    expect((await post(env.gw, 'videosdk', vs, { 'content-type': 'application/json' })).status).toBe(401);
    expect(published(ov)).toBe(before);
  },

  'HOOK-06': async (env) => {
    const body = `{"event":"egress_updated", "egressInfo":{"egressId":"EG_c", "roomName":"catalog-hooks"}, "id":"EV_catunknown1", "createdAt":"${Math.floor(Date.now() / 1000)}"}`;
    const before = published(env.gw);
    const accepted = await post(env.gw, 'livekit', body, { ...LIVEKIT_TYPE, authorization: await livekitWebhookAuthorization(body, { apiKey: env.livekit.key, apiSecret: env.livekit.secret }) });
    expect([accepted.status, accepted.text]).toEqual([200, '{"received":true}']);
    expect(published(env.gw)).toBe(before);
    expect(env.gw.logRecords().find((r) => r.providerType === 'egress_updated')).toMatchObject({ level: 20, webhook: 'livekit' });
  },
};
