/**
 * Soak run: starts the compiled gateway (`dist/src/main.js`) in production mode as a child process,
 * against in-process OpenVidu and VideoSDK doubles that inject faults now and then, and holds a mixed
 * load on it over 127.0.0.1 for a bounded time: every operation, some invalid callers, some abusive
 * documents. Then prints requests served, outcome counts by code, p50/p99 latency, the gateway's RSS
 * at start and end (from its own /metrics), and how the gateway shut down.
 *
 *   npm run soak                         # 60 s, 16 connections
 *   npm run soak -- --duration 10 --connections 32 --fault-rate 0.1 --log-level info
 *
 * A tool, not a test: it asserts nothing about timing. It exits 1 only when the gateway crashes, fails
 * to start, or does not shut down cleanly.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeBenchPolicy } from '../bench/lib/bench-servers.js';
import { mintHs256CallerToken } from '../test/support/caller-tokens.js';
import { unusedPortUrl, type Fault } from '../test/support/doubles/double-server.js';
import { startOpenViduDouble } from '../test/support/doubles/openvidu-double.js';
import { startVideoSdkDouble } from '../test/support/doubles/videosdk-double.js';

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '16' },
    'fault-rate': { type: 'string', default: '0.05' },
    'log-level': { type: 'string', default: 'warn' },
  },
});
const DURATION_S = Number(flags.duration);
const CONNECTIONS = Number(flags.connections);
const FAULT_RATE = Number(flags['fault-rate']);
if (!(DURATION_S > 0 && CONNECTIONS > 0 && FAULT_RATE >= 0 && FAULT_RATE <= 1)) {
  process.stderr.write('usage: npm run soak -- [--duration seconds] [--connections n] [--fault-rate 0..1] [--log-level level]\n');
  process.exit(2);
}

/** The production build (`npm run build`); this script itself runs from the tools build. */
const ENTRY = fileURLToPath(new URL('../../dist/src/main.js', import.meta.url));
const secret = (label: string) => `${label}-${randomBytes(24).toString('hex')}`;

interface Template {
  name: string;
  weight: number;
  body: () => string;
  token?: () => string | undefined;
}

/** Weighted random choice over templates (weights need not sum to anything in particular). */
function picker(templates: Template[]): () => Template {
  const total = templates.reduce((sum, t) => sum + t.weight, 0);
  return () => {
    let roll = Math.random() * total;
    for (const t of templates) if ((roll -= t.weight) < 0) return t;
    return templates[templates.length - 1];
  };
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];

function request(agent: http.Agent, port: number, path: string, body: string | undefined, token?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const req = http.request({ host: '127.0.0.1', port, path, method: body === undefined ? 'GET' : 'POST', headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', () => resolve({ status: 0, text: '' }));
    });
    req.on('error', () => resolve({ status: 0, text: '' }));
    req.end(body);
  });
}

/** The first GraphQL error code of a response, `OK`, or `HTTP_<status>` when the body is not GraphQL. */
function outcomeOf(status: number, text: string): string {
  if (status === 0) return 'NETWORK_ERROR';
  try {
    const body = JSON.parse(text) as { errors?: Array<{ extensions?: { code?: string } }> };
    const code = body.errors?.[0]?.extensions?.code;
    return code ?? (body.errors ? 'UNKNOWN_ERROR' : 'OK');
  } catch {
    return `HTTP_${status}`;
  }
}

async function metricValue(port: number, name: string): Promise<number> {
  const { text } = await request(new http.Agent(), port, '/metrics', undefined);
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : NaN;
}

/** Sums a counter over its label sets, grouped by one label. */
async function metricByLabel(port: number, name: string, label: string): Promise<Record<string, number>> {
  const { text } = await request(new http.Agent(), port, '/metrics', undefined);
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const key = new RegExp(`${label}="([^"]*)"`).exec(line)?.[1] ?? '?';
    out[key] = (out[key] ?? 0) + Number(line.split(' ').at(-1));
  }
  return out;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

async function main(): Promise<void> {
  const authSecret = secret('soak-auth');
  const openvidu = await startOpenViduDouble({ secret: secret('soak-ov') });
  const videosdk = await startVideoSdkDouble({ apiKey: 'soak-key', secret: secret('soak-vsdk') });
  const SESSIONS = Array.from({ length: 20 }, (_, i) => `soak-${i}`);
  for (const id of SESSIONS) openvidu.addSession(id);
  // Every custom id names a live meeting, so valid callers ask only for meetings VideoSDK knows (a token
  // for an unknown meeting is NOT_FOUND).
  for (const id of SESSIONS) videosdk.addRoom({ customRoomId: id });

  // The built-in policy with budgets this load never reaches: one address sends tens of thousands of
  // requests a minute, and the soak is about stability under faults, not about refusing it (the rate
  // limits have their own tests). The limiter still runs on every request.
  const policyDir = mkdtempSync(join(tmpdir(), 'callgate-soak-'));
  process.on('exit', () => rmSync(policyDir, { recursive: true, force: true }));
  const port = Number(new URL(await unusedPortUrl()).port);
  const logFile = join(tmpdir(), `callgate-soak-${Date.now()}.log`);
  const gateway = spawn(process.execPath, [ENTRY], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: flags['log-level'],
      POLICY_FILE: writeBenchPolicy(policyDir),
      AUTH_JWT_SECRET: authSecret,
      LIVEKIT_API_KEY: 'soak-livekit-key',
      LIVEKIT_API_SECRET: secret('soak-lk'),
      LIVEKIT_URL: 'wss://livekit.soak.invalid',
      // The soak reads its figures from the gateway's own /metrics on the main port.
      METRICS_ON_MAIN_PORT: 'true',
      OPENVIDU_URL: openvidu.url,
      OPENVIDU_SECRET: openvidu.secret,
      OPENVIDU_TIMEOUT_MS: '1000',
      VIDEOSDK_API_KEY: videosdk.apiKey,
      VIDEOSDK_SECRET: videosdk.secret,
      VIDEOSDK_API_URL: videosdk.url,
      VIDEOSDK_TIMEOUT_MS: '1000',
    },
    stdio: ['ignore', openSync(logFile, 'w'), 'pipe'],
  });
  let stderr = '';
  gateway.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  let exited: number | null = null;
  gateway.on('exit', (code) => (exited = code ?? -1));

  const probe = new http.Agent();
  const readyBy = Date.now() + 15_000;
  while ((await request(probe, port, '/readyz', undefined)).status !== 200) {
    if (exited !== null || Date.now() > readyBy) {
      process.stderr.write(`callgate soak: the gateway did not become ready (log: ${logFile})\n${stderr}`);
      process.exit(1);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  // Callers: a few valid ones (some moderators), and the invalid kinds a public endpoint sees.
  const valid = await Promise.all(
    Array.from({ length: 50 }, (_, i) => mintHs256CallerToken(authSecret, { sub: `user-${i}`, name: `User ${i}`, roles: i % 10 === 0 ? ['moderator'] : [] }, { expiresIn: '2h' })),
  );
  const expired = await mintHs256CallerToken(authSecret, { sub: 'late' }, { expiresIn: -3600 });
  const forged = await mintHs256CallerToken(secret('not-ours'), { sub: 'mallory' });
  const anyValid = () => pick(valid);
  const gqlBody = (query: string, variables?: unknown) => JSON.stringify({ query, variables });

  const templates: Template[] = [
    { name: 'issueLivekitToken', weight: 20, token: anyValid, body: () => gqlBody('mutation($r: String!) { issueLivekitToken(input: { roomName: $r }) { token } }', { r: pick(SESSIONS) }) },
    { name: 'createSession', weight: 8, token: anyValid, body: () => gqlBody('mutation($id: String) { createSession(input: { customSessionId: $id }) { id } }', { id: pick(SESSIONS) }) },
    { name: 'createConnection', weight: 15, token: anyValid, body: () => gqlBody('mutation($id: String!) { createConnection(input: { sessionId: $id }) { token } }', { id: pick(SESSIONS) }) },
    { name: 'createMeeting', weight: 5, token: anyValid, body: () => gqlBody('mutation($id: String) { createMeeting(input: { customMeetingId: $id }) { meetingId } }', { id: pick(SESSIONS) }) },
    { name: 'validateMeeting', weight: 10, token: anyValid, body: () => gqlBody('query($id: String!) { validateMeeting(meetingId: $id) { valid } }', { id: pick(SESSIONS) }) },
    { name: 'issueVideoSdkToken', weight: 10, token: anyValid, body: () => gqlBody('mutation($id: String!) { issueVideoSdkToken(input: { meetingId: $id }) { token } }', { id: pick(SESSIONS) }) },
    { name: 'viewer', weight: 5, token: anyValid, body: () => gqlBody('{ viewer { id roles } }') },
    { name: 'expired caller', weight: 4, token: () => expired, body: () => gqlBody('{ viewer { id } }') },
    { name: 'forged caller', weight: 3, token: () => forged, body: () => gqlBody('mutation { issueLivekitToken(input: { roomName: "x" }) { token } }') },
    { name: 'no caller', weight: 3, body: () => gqlBody('mutation { issueLivekitToken(input: { roomName: "x" }) { token } }') },
    { name: 'oversized body', weight: 1, token: anyValid, body: () => gqlBody(`{ viewer { id } } #${'x'.repeat(70_000)}`) },
    { name: 'aliased document', weight: 2, token: anyValid, body: () => gqlBody(`{ ${Array.from({ length: 20 }, (_, i) => `a${i}: viewer { id }`).join(' ')} }`) },
    { name: 'credential batch', weight: 1, token: anyValid, body: () => gqlBody('mutation { a: issueLivekitToken(input: { roomName: "a" }) { token } b: issueLivekitToken(input: { roomName: "b" }) { token } }') },
    { name: 'bad input', weight: 2, token: anyValid, body: () => gqlBody('mutation { issueLivekitToken(input: { roomName: "../x" }) { token } }') },
  ];
  const next = picker(templates);

  // Provider faults, injected at random moments; the hang is rare (it costs a 1 s deadline).
  const faults: Fault[] = [
    { kind: 'status', status: 500, text: 'soak fault' },
    { kind: 'status', status: 503, text: 'soak fault' },
    { kind: 'status', status: 429, text: 'slow down', headers: { 'retry-after': '1' } },
    { kind: 'reset' },
    { kind: 'garbage' },
    { kind: 'delay', ms: 200 },
  ];
  let faultsInjected = 0;
  let providerRequests = 0;
  const injector = setInterval(() => {
    if (Math.random() < FAULT_RATE * 4) {
      const double = Math.random() < 0.6 ? openvidu : videosdk;
      double.inject(Math.random() < 0.02 ? { kind: 'hang' } : pick(faults));
      faultsInjected += 1;
    }
  }, 50);
  // Keep the doubles' own bookkeeping bounded during long runs.
  const housekeeping = setInterval(() => {
    providerRequests += openvidu.requests.length + videosdk.requests.length;
    openvidu.requests.length = 0;
    videosdk.requests.length = 0;
    for (const session of openvidu.sessions.values()) session.connections = { numberOfElements: 0, content: [] };
    for (const [id, room] of videosdk.rooms) if (!room.customRoomId) videosdk.rooms.delete(id);
  }, 1000);

  const rssStart = await metricValue(port, 'process_resident_memory_bytes');
  // RSS every 10 s, to tell a plateau (allocator warm-up) from steady growth (a leak).
  const rssSamples: number[] = [rssStart];
  const sampler = setInterval(() => {
    void metricValue(port, 'process_resident_memory_bytes').then((v) => Number.isNaN(v) || rssSamples.push(v));
  }, 10_000);

  process.stdout.write(`callgate soak: ${DURATION_S} s, ${CONNECTIONS} connections, fault rate ${FAULT_RATE}, gateway pid ${gateway.pid} (log: ${logFile})\n`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const outcomes = new Map<string, number>();
  const statuses = new Map<number, number>();
  let latencies = new Float64Array(1 << 16);
  let served = 0;
  const started = performance.now();
  const until = started + DURATION_S * 1000;

  const worker = async () => {
    while (performance.now() < until && exited === null) {
      const template = next();
      const t0 = performance.now();
      const { status, text } = await request(agent, port, '/graphql', template.body(), template.token?.());
      const ms = performance.now() - t0;
      if (served === latencies.length) {
        const grown = new Float64Array(latencies.length * 2);
        grown.set(latencies);
        latencies = grown;
      }
      latencies[served] = ms;
      served += 1;
      const outcome = outcomeOf(status, text);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const elapsedS = (performance.now() - started) / 1000;
  clearInterval(injector);
  clearInterval(housekeeping);
  clearInterval(sampler);
  providerRequests += openvidu.requests.length + videosdk.requests.length;

  const crashed = exited !== null;
  const rssEnd = crashed ? NaN : await metricValue(port, 'process_resident_memory_bytes');
  const heapEnd = crashed ? NaN : await metricValue(port, 'nodejs_heap_size_used_bytes');
  const providerErrors = crashed ? {} : await metricByLabel(port, 'callgate_provider_errors_total', 'reason');
  const sorted = latencies.slice(0, served).sort();

  const shutdownStarted = performance.now();
  if (!crashed) gateway.kill('SIGTERM');
  const [exitCode] = crashed ? [exited] : ((await once(gateway, 'exit')) as [number | null]);
  const shutdownMs = Math.round(performance.now() - shutdownStarted);
  agent.destroy();
  probe.destroy();
  await openvidu.close();
  await videosdk.close();

  const byCount = (m: Map<string | number, number>) => [...m].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
  const lines = [
    `requests served: ${served} in ${elapsedS.toFixed(1)} s (${Math.round(served / elapsedS)}/s)`,
    `outcomes by code: ${byCount(outcomes)}`,
    `HTTP statuses: ${byCount(statuses)}`,
    `latency: p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${percentile(sorted, 100).toFixed(1)} ms`,
    `gateway RSS: start ${mib(rssStart)}, end ${mib(rssEnd)}; every 10 s: ${rssSamples.map((v) => (v / 1024 / 1024).toFixed(0)).join(' ')} MiB; heap used at end ${mib(heapEnd)}`,
    `provider requests: ${providerRequests}; faults injected: ${faultsInjected}; provider errors by reason: ${Object.entries(providerErrors).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`,
    crashed ? `gateway CRASHED during the run (exit ${exitCode}); see ${logFile}` : `shutdown: SIGTERM -> exit ${exitCode} in ${shutdownMs} ms`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (stderr.trim()) process.stdout.write(`gateway stderr:\n${stderr}\n`);
  process.exit(crashed || exitCode !== 0 ? 1 : 0);
}

void main();
