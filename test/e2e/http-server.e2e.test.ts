/**
 * The HTTP listener's own limits, over real sockets: stalled headers are cut at the headers timeout,
 * and connections past HTTP_MAX_CONNECTIONS are closed as they arrive.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type net from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { waitFor } from '../support/provider-rig.js';
import { sendAndAwaitClose, servedSocket } from '../support/raw-sockets.js';
import { startTestGateway } from '../support/start-test-gateway.js';

const connections = (server: Server) => new Promise<number>((resolve, reject) => server.getConnections((e, n) => (e ? reject(e) : resolve(n))));

describe('HTTP listener limits', () => {
  it('sweeps for timed-out connections every quarter of the headers timeout, at most every second', async () => {
    // Node checks headersTimeout/requestTimeout only on this sweep (30 s by default): with the old
    // interval a socket stalled in its headers lived up to 15 s + 5 s on the default settings.
    for (const [headers, interval] of [[undefined, 1000], ['2000', 500], ['300', 75]] as const) {
      const gw = await startTestGateway(headers ? { HTTP_HEADERS_TIMEOUT_MS: headers } : {});
      try {
        const server = gw.gateway.app.server as Server & { connectionsCheckingInterval: number };
        expect([headers, server.headersTimeout, server.connectionsCheckingInterval]).toEqual([headers, Number(headers ?? 15_000), interval]);
      } finally {
        await gw.close();
      }
    }
  });

  it('answers 408 and closes a socket whose headers stop half-way, once the headers timeout passes', async () => {
    const gw = await startTestGateway({ HTTP_HEADERS_TIMEOUT_MS: '300', HTTP_REQUEST_TIMEOUT_MS: '1000' });
    try {
      // Waits for the server to act; the test's own timeout is the only bound.
      const received = await sendAndAwaitClose(gw.url, 'POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: appl');
      expect(received).toMatch(/^HTTP\/1\.1 408 /);
      // The listener still serves.
      (await servedSocket(gw.url)).destroy();
    } finally {
      await gw.close();
    }
  });

  it('closes connections past HTTP_MAX_CONNECTIONS as they arrive, and accepts again once one goes', async () => {
    const gw = await startTestGateway({ HTTP_MAX_CONNECTIONS: '2' });
    const server = gw.gateway.app.server;
    const open: net.Socket[] = [];
    try {
      expect(server.maxConnections).toBe(2);
      open.push(await servedSocket(gw.url), await servedSocket(gw.url));
      const dropped = once(server, 'drop');
      expect(await sendAndAwaitClose(gw.url, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')).toBe('');
      await dropped;

      open.shift()!.destroy();
      await waitFor(async () => (await connections(server)) < 2, 'the server to see a connection go');
      open.push(await servedSocket(gw.url));
    } finally {
      for (const socket of open) socket.destroy();
      await gw.close();
    }
  });
});
