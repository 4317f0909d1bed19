/**
 * SIGTERM while requests are in flight, against the compiled entry point (`node dist/src/main.js`,
 * what `npm start` runs) in production mode: in-flight requests finish with their credentials, new
 * connections are refused, WebSockets are closed with 1001, provider pools close, and the process exits 0.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mintHs256CallerToken } from '../support/caller-tokens.js';
import { startOpenViduDouble, type OpenViduDouble } from '../support/doubles/openvidu-double.js';
import { waitFor } from '../support/provider-rig.js';
import { GATEWAY_START_TIMEOUT_MS, spawnGateway, type SpawnedGateway } from '../support/spawn-gateway.js';
import { connectWs } from '../support/subscription-client.js';
const AUTH_SECRET = 'shutdown-test-caller-secret-0123456789abcdef';
const OV_SECRET = 'shutdown-test-openvidu-secret-0123456789';
const IN_FLIGHT = 6;
const PROVIDER_DELAY_MS = 1500;

/** Resolves with the error code of a plain TCP connect to the port (or 'connected'). */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

describe('graceful shutdown on SIGTERM', () => {
  let openvidu: OpenViduDouble;
  let gateway: SpawnedGateway;
  let child: ChildProcess;
  let port = 0;

  beforeAll(async () => {
    openvidu = await startOpenViduDouble({ secret: OV_SECRET });
    gateway = await spawnGateway({
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      AUTH_JWT_SECRET: AUTH_SECRET,
      LIVEKIT_API_KEY: 'shutdown-key',
      LIVEKIT_API_SECRET: 'shutdown-test-livekit-secret-0123456789abcdef',
      LIVEKIT_URL: 'wss://livekit.shutdown.test',
      OPENVIDU_URL: openvidu.url,
      OPENVIDU_SECRET: OV_SECRET,
      PROVIDER_MAX_IN_FLIGHT_PER_CALLER: String(IN_FLIGHT),
    });
    ({ child, port } = gateway);
    // Starting a Node process can take several seconds on a loaded machine.
  }, GATEWAY_START_TIMEOUT_MS + 5_000);
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await openvidu.close();
  });

  it('finishes in-flight requests, refuses new connections, and exits 0', async () => {
    const token = await mintHs256CallerToken(AUTH_SECRET, { sub: 'drain-tester' });
    openvidu.addSession('drain');
    openvidu.inject({ kind: 'delay', ms: PROVIDER_DELAY_MS }, IN_FLIGHT);
    const requests = Array.from({ length: IN_FLIGHT }, () =>
      fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: 'mutation { createConnection(input: { sessionId: "drain" }) { token } }' }),
      }).then(async (res) => ({ status: res.status, body: (await res.json()) as { data?: { createConnection: { token: string } }; errors?: unknown } })),
    );
    await waitFor(() => openvidu.requests.length === IN_FLIGHT, 'every request to reach OpenVidu', 10_000);
    // A room event subscriber on a WebSocket: closed with 1001 (going away) once the requests drained.
    const subscriber = connectWs(`ws://127.0.0.1:${port}/graphql`, { authorization: `Bearer ${token}` });
    const watch = subscriber.watch('livekit', 'drain');
    await subscriber.connected;

    // 'close' (not 'exit') waits until the output pipes are drained.
    const exited = once(child, 'close');
    child.kill('SIGTERM');
    await waitFor(async () => (await tryConnect(port)) === 'ECONNREFUSED', 'the listener to close', 2000);

    const results = await Promise.all(requests);
    for (const result of results) {
      expect(result.status).toBe(200);
      expect(result.body.errors).toBeUndefined();
      expect(result.body.data?.createConnection.token).toMatch(/^wss:\/\/.+token=tok_/);
    }
    // Every connection OpenVidu created was handed to a caller: none half-issued.
    const created = openvidu.sessions.get('drain')!.connections.content.map((c) => c.token).sort();
    expect(results.map((r) => r.body.data!.createConnection.token).sort()).toEqual(created);

    expect(await subscriber.closed).toEqual({ code: 1001, reason: 'Going away' });
    expect(await watch.ended).toEqual({ kind: 'closed', code: 1001, reason: 'Going away' });

    await subscriber.dispose();

    const [code] = await exited;
    expect(code).toBe(0);
    const output = gateway.output();
    expect(output).toContain('shutting down: draining in-flight requests');
    expect(output).toContain('shutdown complete');
    // The gateway's own order: every request line, then the WebSockets closed.
    const lines = output.split('\n');
    const closing = lines.findIndex((l) => l.includes('closing WebSockets (1001)'));
    const requestLines = lines.flatMap((l, i) => (l.includes('"msg":"graphql request"') ? [i] : []));
    expect(requestLines).toHaveLength(IN_FLIGHT);
    expect(closing).toBeGreaterThan(Math.max(...requestLines));
    expect(output).not.toContain(AUTH_SECRET);
    expect(output).not.toContain(OV_SECRET);
  }, 20_000);
});
