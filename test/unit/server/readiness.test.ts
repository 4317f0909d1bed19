/**
 * GET /readyz on a bare Fastify app with stand-in services: a provider's open circuit is reported, and the replica stays
 * ready (200) while another configured provider can still be served.
 */
import { describe, expect, it } from '@jest/globals';
import Fastify from 'fastify';
import type { GatewayServices, ReadinessResult } from '../../../src/server/gateway-services.js';
import { registerHealthRoutes } from '../../../src/server/routes/health.routes.js';

type CircuitState = 'closed' | 'open' | 'half-open';

async function readyz(
  providers: { livekit?: boolean; livekitApi?: CircuitState; openvidu?: CircuitState; videosdk?: CircuitState },
  others: ReadinessResult[] = [],
) {
  const client = (provider: string, state: CircuitState) => ({ http: { provider, breaker: { state } } });
  const services = {
    config: { livekit: providers.livekit ? {} : null, openvidu: providers.openvidu ? {} : null, videosdk: providers.videosdk ? {} : null },
    openvidu: providers.openvidu ? client('openvidu', providers.openvidu) : null,
    videosdk: providers.videosdk ? client('videosdk', providers.videosdk) : null,
    livekitRoomService: providers.livekit && providers.livekitApi ? client('livekit', providers.livekitApi) : null,
    readinessChecks: others.map((result) => async () => result),
  } as unknown as GatewayServices;
  const app = Fastify();
  registerHealthRoutes(app, services, { metrics: false });
  // Fastify's inject() needs require(esm) under jest on Node 20, so the route is served on loopback.
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const res = await fetch(`${url}/readyz`);
    return { status: res.status, body: (await res.json()) as { status: string; checks: ReadinessResult[] } };
  } finally {
    await app.close();
  }
}

describe('GET /readyz', () => {
  it('stays 200 (degraded) when one provider circuit is open and another provider can serve', async () => {
    const res = await readyz({ livekit: true, openvidu: 'closed', videosdk: 'open' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('degraded');
    expect(res.body.checks).toContainEqual({ name: 'videosdk-circuit', ok: false, detail: 'open' });
    expect(res.body.checks).toContainEqual({ name: 'openvidu-circuit', ok: true, detail: 'closed' });

    // LiveKit needs no outbound call: with it configured, every REST circuit open still leaves a service.
    expect((await readyz({ livekit: true, openvidu: 'open', videosdk: 'open' })).status).toBe(200);
  });

  it('reports an open LiveKit server-API circuit (moderation only) as degraded, never as not ready: tokens need no call', async () => {
    const res = await readyz({ livekit: true, livekitApi: 'open' });
    expect(res).toMatchObject({ status: 200, body: { status: 'degraded' } });
    expect(res.body.checks).toContainEqual({ name: 'livekit-circuit', ok: false, detail: 'open' });
    expect((await readyz({ livekit: true, livekitApi: 'open', openvidu: 'open' })).status).toBe(200);
  });

  it('answers 503 when every configured provider is refusing calls', async () => {
    const res = await readyz({ videosdk: 'open' });
    expect(res.status).toBe(503);
    expect(res.body.status).toBe('not_ready');
    expect((await readyz({ openvidu: 'open', videosdk: 'open' })).status).toBe(503);
    expect((await readyz({ openvidu: 'half-open', videosdk: 'open' })).status).toBe(200);
  });

  it('answers ready with every circuit closed, and 503 when another check fails', async () => {
    expect(await readyz({ livekit: true, videosdk: 'closed' })).toMatchObject({ status: 200, body: { status: 'ready' } });
    const failed = await readyz({ livekit: true, videosdk: 'closed' }, [{ name: 'redis', ok: false, detail: 'unreachable' }]);
    expect(failed).toMatchObject({ status: 503, body: { status: 'not_ready' } });
  });
});
