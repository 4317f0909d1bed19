/**
 * Runs the OpenVidu 2 test double (test/support/doubles/openvidu-double.ts, the contract-following
 * node:http server the e2e tests use) in its own process for the proxied benchmark, so its CPU is not
 * charged to the gateway or to the load generator.
 *
 * Started with `fork()` by run-bench; talks over the IPC channel:
 * - sends `{ type: 'ready', url, sessionId }` once listening, with one session already created;
 * - answers `{ type: 'stats' }` with `{ type: 'stats', connections, open, requests }`: TCP connections
 *   accepted since start, open now, and requests served (the benchmark reads them around a run).
 */
import { OpenViduDouble } from '../test/support/doubles/openvidu-double.js';

export const BENCH_SESSION_ID = 'bench-session';

const secret = process.env.OPENVIDU_SECRET;
if (!secret) throw new Error('OPENVIDU_SECRET is required');

// Idle keep-alive connections live 60 s, as on OpenVidu 2's embedded Tomcat (its default). With
// Node's 5 s default the double would close pooled sockets the gateway's LIFO reuse leaves idle for
// a few seconds, and the reconnects would be counted against the gateway.
const double = await new OpenViduDouble({ secret, keepAliveTimeoutMs: 60_000 }).listen();
const session = double.addSession(BENCH_SESSION_ID);
let served = 0;

// The double records every request and keeps every connection it creates (tests assert on them);
// over a million-request benchmark that would grow without bound, so it is trimmed every second.
setInterval(() => {
  served += double.requests.length;
  double.requests.length = 0;
  session.connections.content.length = 0;
  session.connections.numberOfElements = 0;
}, 1000).unref();

process.on('message', (message: { type?: string }) => {
  if (message?.type === 'stats') {
    process.send?.({
      type: 'stats',
      connections: double.connectionCount,
      open: double.openConnectionCount,
      requests: served + double.requests.length,
    });
  }
});
process.on('disconnect', () => {
  void double.close().then(() => process.exit(0));
});
process.send?.({ type: 'ready', url: double.url, sessionId: session.id });
