/**
 * Runs the OpenVidu 2 test double (test/support/doubles/openvidu-double.ts, the contract-following
 * node:http server the e2e tests use) in its own process for the proxied benchmark, so its CPU is not
 * charged to the gateway or to the load generator.
 *
 * Started with `fork()` by run-bench; talks over the IPC channel:
 * - sends `{ type: 'ready', url, sessionId }` once listening, with one session already created;
 * - answers `{ type: 'stats' }` with `{ type: 'stats', connections, requests }`: TCP connections
 *   accepted and requests served since start (the benchmark reads them before and after a run).
 */
import { OpenViduDouble } from '../test/support/doubles/openvidu-double.js';

export const BENCH_SESSION_ID = 'bench-session';

const secret = process.env.OPENVIDU_SECRET;
if (!secret) throw new Error('OPENVIDU_SECRET is required');

const double = await new OpenViduDouble({ secret }).listen();
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
    process.send?.({ type: 'stats', connections: double.connectionCount, requests: served + double.requests.length });
  }
});
process.on('disconnect', () => {
  void double.close().then(() => process.exit(0));
});
process.send?.({ type: 'ready', url: double.url, sessionId: session.id });
