import type { FastifyInstance } from 'fastify';
import type { GatewayServices, ReadinessResult } from '../gateway-services.js';

/** A readiness check that has not settled by then counts as failed. */
const CHECK_TIMEOUT_MS = 2000;

async function settle(check: () => Promise<ReadinessResult>, index: number): Promise<ReadinessResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ReadinessResult>((resolve) => {
    timer = setTimeout(() => resolve({ name: `check-${index}`, ok: false, detail: 'timed out' }), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check(), timeout]);
  } catch {
    // The error text could name a host or carry a secret: only say that it failed.
    return { name: `check-${index}`, ok: false, detail: 'check failed' };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The operator endpoints, all JSON except /metrics (Prometheus text). The main port serves /healthz and
 * /readyz always (load balancers probe them there) and /metrics only when `metrics` is set
 * (METRICS_ON_MAIN_PORT; off in production by default); the admin port (ADMIN_PORT) serves all three:
 * - `GET /healthz`: the process is alive and serving HTTP (200 `{status:"ok"}`);
 * - `GET /readyz`: 200 when the replica can serve, 503 otherwise, with the list of checks: the
 *   configuration (loaded and valid, or the process would not run), the circuit of each configured
 *   REST provider, and `services.readinessChecks` (e.g. Redis). An open circuit is reported
 *   (`ok: false`, `detail: "open"`, status `degraded`) but keeps the answer 200 while another
 *   provider can still be served: an outage of one provider would be the same on every replica, and
 *   taking them all out of the load balancer would stop the others too. Only when every configured
 *   provider is refusing calls, or another check fails, is the answer 503;
 * - `GET /metrics`: the gateway's own Prometheus registry.
 * None of them needs a caller token and none prints a secret.
 */
export function registerHealthRoutes(app: FastifyInstance, services: GatewayServices, options: { metrics: boolean }): void {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const { config } = services;
    const configured = ['livekit', 'openvidu', 'videosdk'].filter((p) => config[p as 'livekit' | 'openvidu' | 'videosdk'] !== null);
    const checks: ReadinessResult[] = [{ name: 'config', ok: true, detail: `providers: ${configured.join(', ') || 'none'}` }];
    // `gatesCredentials`: an open circuit means the provider's credentials cannot be served. LiveKit
    // tokens need no outbound call, so its circuit (the server API, moderation only) can make the
    // replica degraded, never unready.
    const circuits = [
      { client: services.openvidu?.http, gatesCredentials: true },
      { client: services.videosdk?.http, gatesCredentials: true },
      { client: services.livekitRoomService?.http, gatesCredentials: false },
    ].flatMap(({ client, gatesCredentials }) =>
      client ? [{ gatesCredentials, check: { name: `${client.provider}-circuit`, ok: client.breaker.state !== 'open', detail: client.breaker.state } }] : [],
    );
    const others = await Promise.all((services.readinessChecks ?? []).map(settle));
    checks.push(...circuits.map((c) => c.check), ...others);
    const servable = configured.length - circuits.filter((c) => c.gatesCredentials && !c.check.ok).length;
    const ready = others.every((c) => c.ok) && (configured.length === 0 || servable > 0);
    const status = !ready ? 'not_ready' : circuits.every((c) => c.check.ok) ? 'ready' : 'degraded';
    return reply.code(ready ? 200 : 503).send({ status, checks });
  });

  if (!options.metrics) return;
  app.get('/metrics', async (_request, reply) => {
    const body = await services.metrics.registry.metrics();
    return reply.header('content-type', services.metrics.registry.contentType).send(body);
  });
}
