/**
 * HTTP semantics of POST /webhooks/<provider> through Fastify inject(): the real gateway (createGateway),
 * deliveries authenticated the way each provider does it (test/support/webhook-senders.ts), events
 * observed on the gateway's own bus. "No event" is shown by publishing a marker event afterwards and
 * seeing it come first.
 */
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../../src/config/load-config.js';
import type { RoomEventProvider } from '../../../src/events/room-event.js';
import { createLogger } from '../../../src/logger.js';
import { createGateway, type Gateway } from '../../../src/server/create-gateway.js';
import { createGatewayServices, type GatewayServices } from '../../../src/server/gateway-services.js';
import type { DoubleServer } from '../../support/doubles/double-server.js';
import { eventsDuring as watch } from '../../support/room-event-watch.js';
import {
  livekitWebhookAuthorization,
  openviduWebhookHeaders,
  startVideoSdkKeyDouble,
  videosdkSignature,
  videosdkSigningKeys,
  type VideoSdkSigningKeys,
} from '../../support/webhook-senders.js';

const LIVEKIT = { apiKey: 'APIroutesKey', apiSecret: 'routes-livekit-secret-0123456789abcdef' };
const OPENVIDU_HOOK_SECRET = 'openvidu-hook-secret-0123456789abcdef-xyz';
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** LiveKit's encoder puts a space after each comma; the hash must cover these exact bytes. */
const livekitBody = (event: string, extra: string, id: string, sid = 'RM_one') =>
  `{"event":"${event}", "room":{"sid":"${sid}", "name":"weekly"}, ${extra}"id":"${id}", "createdAt":"${nowSeconds()}"}`;

describe('POST /webhooks/<provider>', () => {
  let gateway: Gateway;
  let services: GatewayServices;
  let keyDouble: DoubleServer & { keyUrl: string };
  const keys: { current: VideoSdkSigningKeys } = { current: videosdkSigningKeys() };
  const logs: string[] = [];

  beforeAll(async () => {
    keyDouble = await startVideoSdkKeyDouble(keys);
    const config = loadConfig({
      NODE_ENV: 'test',
      AUTH_JWT_SECRET: 'routes-caller-secret-0123456789abcdef0123',
      LOG_LEVEL: 'debug',
      LIVEKIT_API_KEY: LIVEKIT.apiKey,
      LIVEKIT_API_SECRET: LIVEKIT.apiSecret,
      LIVEKIT_URL: 'ws://127.0.0.1:7880',
      OPENVIDU_URL: 'http://127.0.0.1:1',
      OPENVIDU_SECRET: 'ov-rest-secret',
      OPENVIDU_WEBHOOK_SECRET: OPENVIDU_HOOK_SECRET,
      VIDEOSDK_API_KEY: 'vsdk-key',
      VIDEOSDK_SECRET: 'vsdk-secret-0123456789abcdef0123456789',
      VIDEOSDK_API_URL: 'http://127.0.0.1:1',
      VIDEOSDK_WEBHOOK_PUBLIC_KEY_URL: keyDouble.keyUrl,
      WEBHOOK_BODY_LIMIT_BYTES: '2048',
    });
    services = createGatewayServices(config, createLogger(config.server.logLevel, { write: (line: string) => void logs.push(line) }));
    gateway = await createGateway(services);
  });

  afterAll(async () => {
    await gateway.close();
    await keyDouble.close();
  });

  const post = (provider: string, body: string | Buffer, headers: Record<string, string>) =>
    gateway.app.inject({ method: 'POST', url: `/webhooks/${provider}`, payload: body, headers });

  const eventsDuring = (provider: RoomEventProvider, roomId: string, send: () => Promise<unknown>) => watch(services.roomEvents.bus, provider, roomId, send);

  describe('LiveKit', () => {
    const signed = async (body: string, headers: Record<string, string> = {}) =>
      post('livekit', body, { 'content-type': 'application/webhook+json', authorization: await livekitWebhookAuthorization(body, LIVEKIT), ...headers });

    it('turns a signed delivery into one event, hashing the bytes as sent', async () => {
      const body = livekitBody('participant_joined', '"participant":{"sid":"PA_1", "identity":"ada", "name":"Ada"}, ', 'EV_ok000000001');
      let status = 0;
      const events = await eventsDuring('livekit', 'weekly', async () => {
        status = (await signed(body)).statusCode;
      });
      expect(status).toBe(200);
      expect(events).toEqual([
        { id: expect.stringMatching(/^livekit:/), provider: 'livekit', roomId: 'weekly', type: 'PARTICIPANT_JOINED', participant: { id: 'ada', name: 'Ada' }, occurredAt: expect.any(String) },
      ]);
    });

    it('makes one event of a delivery sent twice (retry or replay)', async () => {
      const body = livekitBody('participant_left', '"participant":{"sid":"PA_1", "identity":"ada"}, ', 'EV_twice000001');
      const authorization = await livekitWebhookAuthorization(body, LIVEKIT);
      const statuses: number[] = [];
      const events = await eventsDuring('livekit', 'weekly', async () => {
        for (let i = 0; i < 2; i++) statuses.push((await post('livekit', body, { 'content-type': 'application/webhook+json', authorization })).statusCode);
      });
      expect(statuses).toEqual([200, 200]);
      expect(events.map((e) => e.type)).toEqual(['PARTICIPANT_LEFT']);
    });

    it('refuses forged, mismatched, expired, Bearer-prefixed and missing authorizations with 401 and no event', async () => {
      const body = livekitBody('participant_joined', '"participant":{"sid":"PA_2", "identity":"eve"}, ', 'EV_forged00001');
      const other = livekitBody('participant_joined', '"participant":{"sid":"PA_2", "identity":"eve"}, ', 'EV_forged00002');
      const good = await livekitWebhookAuthorization(body, LIVEKIT);
      const attempts: Record<string, string | undefined> = {
        forged: await livekitWebhookAuthorization(body, { ...LIVEKIT, apiSecret: 'another-secret-0123456789abcdef012345' }),
        wrongIssuer: await livekitWebhookAuthorization(body, { ...LIVEKIT, apiKey: 'APIother' }),
        hashOfAnotherBody: await livekitWebhookAuthorization(other, LIVEKIT),
        hashOfReserialisedJson: await livekitWebhookAuthorization(JSON.stringify(JSON.parse(body)), LIVEKIT),
        expired: await livekitWebhookAuthorization(body, LIVEKIT, { nowSeconds: nowSeconds() - 3600 }),
        bearer: `Bearer ${good}`,
        missing: undefined,
      };
      const statuses: Record<string, number> = {};
      const events = await eventsDuring('livekit', 'weekly', async () => {
        for (const [name, authorization] of Object.entries(attempts)) {
          const response = await post('livekit', body, { 'content-type': 'application/webhook+json', ...(authorization ? { authorization } : {}) });
          statuses[name] = response.statusCode;
          expect(response.json()).toEqual({ error: 'unauthenticated' });
        }
      });
      expect(Object.values(statuses)).toEqual(Object.values(attempts).map(() => 401));
      expect(events).toEqual([]);
    });

    it('refuses an oversized body with 413 before verifying it', async () => {
      const body = livekitBody('participant_joined', `"participant":{"sid":"PA_3", "identity":"big", "metadata":"${'x'.repeat(3000)}"}, `, 'EV_big00000001');
      let status = 0;
      const events = await eventsDuring('livekit', 'weekly', async () => {
        status = (await signed(body)).statusCode;
      });
      expect(status).toBe(413);
      expect(events).toEqual([]);
    });

    it('refuses a signed body that is not JSON, not UTF-8 or not an event with 400', async () => {
      expect((await signed('{"event":')).statusCode).toBe(400);
      const latin1 = Buffer.from(livekitBody('room_started', '', 'EV_latin100001').replace('weekly', 'wéekly'), 'latin1');
      const response = await post('livekit', latin1, { 'content-type': 'application/webhook+json', authorization: await livekitWebhookAuthorization(latin1, LIVEKIT) });
      expect(response.statusCode).toBe(400);
      expect((await signed('{"event":"room_started", "id":"EV_noroom00001"}')).statusCode).toBe(400);
    });

    it('refuses other content types with 415', async () => {
      const body = livekitBody('room_started', '', 'EV_ctype000001');
      expect((await signed(body, { 'content-type': 'text/plain' })).statusCode).toBe(415);
    });

    it('accepts an event type it does not track with 200, logs it at debug and publishes nothing', async () => {
      const body = livekitBody('egress_updated', '"egressInfo":{"egressId":"EG_1", "roomName":"weekly"}, ', 'EV_unknown0001');
      let status = 0;
      const events = await eventsDuring('livekit', 'weekly', async () => {
        status = (await signed(body)).statusCode;
      });
      expect(status).toBe(200);
      expect(events).toEqual([]);
      const line = logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((r) => r.providerType === 'egress_updated');
      expect(line).toMatchObject({ level: 20, webhook: 'livekit' });
    });

    it('never lets a late event resurrect a finished room, but lets a new life of it start', async () => {
      const room = (event: string, extra: string, id: string, sid: string) =>
        `{"event":"${event}", "room":{"sid":"${sid}", "name":"closing"}, ${extra}"id":"${id}", "createdAt":"${nowSeconds()}"}`;
      const events = await eventsDuring('livekit', 'closing', async () => {
        for (const body of [
          room('room_finished', '', 'EV_fin0000001', 'RM_old'),
          room('participant_joined', '"participant":{"sid":"PA_9", "identity":"late"}, ', 'EV_late000001', 'RM_old'),
          room('room_started', '', 'EV_new0000001', 'RM_new'),
        ]) {
          expect((await signed(body)).statusCode).toBe(200);
        }
      });
      expect(events.map((e) => e.type)).toEqual(['ROOM_FINISHED', 'ROOM_STARTED']);
    });
  });

  describe('OpenVidu', () => {
    const body = (connectionId: string) =>
      JSON.stringify({ sessionId: 'ov-room', uniqueSessionId: 'ov-room_1', timestamp: Date.now(), connectionId, clientData: '', event: 'participantJoined' });

    it('answers exactly 200 to a delivery with the configured bearer secret, once per event', async () => {
      const delivery = body('con_1');
      const responses: { statusCode: number }[] = [];
      const events = await eventsDuring('openvidu', 'ov-room', async () => {
        responses.push(await post('openvidu', delivery, openviduWebhookHeaders(OPENVIDU_HOOK_SECRET)));
        responses.push(await post('openvidu', delivery, openviduWebhookHeaders(OPENVIDU_HOOK_SECRET)));
      });
      expect(responses.map((r) => r.statusCode)).toEqual([200, 200]);
      expect(events).toMatchObject([{ provider: 'openvidu', roomId: 'ov-room', type: 'PARTICIPANT_JOINED', participant: { id: 'con_1' } }]);
    });

    it('refuses a missing, wrong or differently-schemed secret with 401 and no event', async () => {
      const statuses: number[] = [];
      const events = await eventsDuring('openvidu', 'ov-room', async () => {
        for (const authorization of [undefined, 'Bearer wrong', `Bearer ${OPENVIDU_HOOK_SECRET}x`, `Basic ${OPENVIDU_HOOK_SECRET}`, OPENVIDU_HOOK_SECRET]) {
          const response = await post('openvidu', body('con_2'), { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) });
          statuses.push(response.statusCode);
        }
      });
      expect(statuses).toEqual([401, 401, 401, 401, 401]);
      expect(events).toEqual([]);
    });
  });

  describe('VideoSDK', () => {
    const body = (participantId: string) => JSON.stringify({ webhookType: 'participant-joined', data: { meetingId: 'vs-room', sessionId: 's1', participantId, participantName: 'P' } });

    it('verifies the RSA signature with the key from the key endpoint, and deduplicates', async () => {
      const delivery = body('p1');
      const headers = { 'content-type': 'application/json', 'videosdk-signature': videosdkSignature(delivery, keys.current.privateKey) };
      const statuses: number[] = [];
      const events = await eventsDuring('videosdk', 'vs-room', async () => {
        statuses.push((await post('videosdk', delivery, headers)).statusCode);
        statuses.push((await post('videosdk', delivery, headers)).statusCode);
      });
      expect(statuses).toEqual([200, 200]);
      expect(events).toMatchObject([{ provider: 'videosdk', roomId: 'vs-room', type: 'PARTICIPANT_JOINED', participant: { id: 'p1', name: 'P' } }]);
      expect(keyDouble.requests.filter((r) => r.path === '/v2/public/rsa-public-key')).toHaveLength(1);
      expect(keyDouble.requests[0].headers.authorization).toEqual(expect.any(String));
    });

    it('refuses a missing signature, another key, and a signature over different bytes with 401', async () => {
      const delivery = body('p2');
      const statuses: number[] = [];
      const events = await eventsDuring('videosdk', 'vs-room', async () => {
        for (const signature of [undefined, videosdkSignature(delivery, videosdkSigningKeys().privateKey), videosdkSignature(body('p3'), keys.current.privateKey), 'not base64!']) {
          const response = await post('videosdk', delivery, { 'content-type': 'application/json', ...(signature ? { 'videosdk-signature': signature } : {}) });
          statuses.push(response.statusCode);
        }
      });
      expect(statuses).toEqual([401, 401, 401, 401]);
      expect(events).toEqual([]);
    });
  });

  it('has no webhook route for a provider it cannot authenticate', async () => {
    const config = loadConfig({ NODE_ENV: 'test', AUTH_JWT_SECRET: 'routes-caller-secret-0123456789abcdef0123', OPENVIDU_URL: 'http://127.0.0.1:1', OPENVIDU_SECRET: 'x' });
    const bare = await createGateway(createGatewayServices(config, createLogger('silent')));
    try {
      const response = await bare.app.inject({ method: 'POST', url: '/webhooks/openvidu', payload: '{}', headers: { 'content-type': 'application/json' } });
      expect(response.statusCode).toBe(404);
      expect((await bare.app.inject({ method: 'POST', url: '/webhooks/videosdk', payload: '{}', headers: { 'content-type': 'application/json' } })).statusCode).toBe(404);
    } finally {
      await bare.close();
    }
  });
});
