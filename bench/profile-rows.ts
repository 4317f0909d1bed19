/**
 * `node dist-tools/bench/profile-rows.js --out <dir> [--rows a,b] [--duration 20] [--warmup 5]`:
 * where the gateway's CPU goes on one benchmark row at a time. Each row gets its own fresh gateway
 * (the production build, `node --cpu-prof`, the bench's environment and caller pools, pinned like
 * `npm run bench`), `--warmup` seconds of the row's load, then `--duration` seconds more; the gateway
 * is stopped and writes `<dir>/<row>.cpuprofile`. Every profile holds one kind of request, so its
 * shares can be read as shares of that row's CPU per request (printed with the profile's path):
 *
 *   node dist-tools/bench/summarize-cpu-profile.js <dir>/<row>.cpuprofile --skip <warm-up + start-up s>
 *
 * Rows: graphql-hs256-distinct, graphql-hs256-distinct-redis (REDIS_URL to a redis-server started
 * here), graphql-rs256-jwks-distinct, graphql-hs256-repeated,
 * endpoint-hs256-distinct, proxied-1 (the client's createConnection at 1 connection, through the
 * gateway to the OpenVidu double). The profiler costs CPU itself, so the µs printed here are above
 * those of `npm run bench`; compare shares, not these µs, with the bench.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startRedisServer, type TestRedisServer } from '../test/support/redis-server.js';
import { parseRowList } from './lib/bench-args.js';
import { startGateway, writeBenchPolicy, type GatewayVariant } from './lib/bench-servers.js';
import { hs256Pool, newCursor, newRs256Issuer, RS256_AUDIENCE, RS256_ISSUER, rs256Pool, signRs256, startJwksServer, type CallerPool, type JwksServer } from './lib/callers.js';
import { setUpCpuPinning } from './lib/cpu-pinning.js';
import { runLoad, type LoadTarget } from './lib/load.js';
import { startOpenViduDouble, type DoubleProcess } from './lib/server-process.js';
import {
  CALLER,
  distinctCallers,
  gatewayConnectionTarget,
  gatewayEndpointTarget,
  gatewayLivekitTarget,
  mintCallerToken,
  newBenchSecrets,
  trustedDocumentsPath,
} from './lib/targets.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const CONNECTIONS = 50;
const ROWS = ['graphql-hs256-distinct', 'graphql-hs256-distinct-redis', 'graphql-rs256-jwks-distinct', 'graphql-hs256-repeated', 'endpoint-hs256-distinct', 'proxied-1'] as const;
type RowId = (typeof ROWS)[number];

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' }, rows: { type: 'string' }, duration: { type: 'string' }, warmup: { type: 'string' } } });
  if (!values.out) throw new Error('usage: profile-rows --out <dir> [--rows a,b] [--duration 20] [--warmup 5]');
  const out = resolve(values.out);
  mkdirSync(out, { recursive: true });
  const rows = parseRowList(values.rows, ROWS);
  const duration = Number(values.duration ?? 20);
  const warmup = Number(values.warmup ?? 5);

  const secrets = newBenchSecrets();
  const logDir = mkdtempSync(join(tmpdir(), 'callgate-profile-'));
  writeBenchPolicy(logDir);
  const hsPool = hs256Pool(secrets.authSecret, CONNECTIONS);
  const issuer = rows.includes('graphql-rs256-jwks-distinct') ? newRs256Issuer() : undefined;
  const rsPool: CallerPool | undefined = issuer ? await rs256Pool(issuer, CONNECTIONS) : undefined;
  const pinning = setUpCpuPinning(true);
  let jwks: JwksServer | undefined;
  let double: DoubleProcess | undefined;
  let redis: TestRedisServer | undefined;
  // One HS256 caller for the probe and the repeated row: RS256 rows probe with their own.
  const repeated = await mintCallerToken(secrets);
  try {
    for (const row of rows) {
      const variant: GatewayVariant = { trustedDocuments: trustedDocumentsPath(repoRoot) };
      if (row === 'graphql-rs256-jwks-distinct') {
        jwks ??= await startJwksServer(issuer!);
        variant.jwks = { url: jwks.url, issuer: RS256_ISSUER, audience: RS256_AUDIENCE };
      }
      if (row === 'graphql-hs256-distinct-redis') {
        redis ??= await startRedisServer();
        variant.redisUrl = redis.url;
      }
      if (row === 'proxied-1') {
        double ??= await startOpenViduDouble(fileURLToPath(new URL('./openvidu-double-process.js', import.meta.url)), secrets.openviduSecret);
        variant.openviduUrl = double.url;
      }
      const probeToken = variant.jwks ? { token: signRs256(issuer!, 'rs-probe'), sub: 'rs-probe' } : { token: repeated, sub: CALLER.sub };
      const started = performance.now();
      const server = await startGateway(`profile-${row}`, secrets, logDir, variant, {
        nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${out}`, `--cpu-prof-name=${row}.cpuprofile`],
        wrap: pinning.wrap,
        probeToken,
      });
      const url = `http://127.0.0.1:${server.port}`;
      const gql = gatewayLivekitTarget(repoRoot, url, repeated);
      const targets: Record<RowId, () => LoadTarget> = {
        'graphql-hs256-distinct': () => distinctCallers(row, gql, hsPool, newCursor(hsPool)),
        'graphql-hs256-distinct-redis': () => distinctCallers(row, gql, hsPool, newCursor(hsPool)),
        'graphql-rs256-jwks-distinct': () => distinctCallers(row, gql, rsPool!, newCursor(rsPool!)),
        'graphql-hs256-repeated': () => ({ ...gql, name: row }),
        'endpoint-hs256-distinct': () => distinctCallers(row, gatewayEndpointTarget(url, repeated), hsPool, newCursor(hsPool)),
        'proxied-1': () => gatewayConnectionTarget(repoRoot, url, repeated, double!.sessionId),
      };
      const target: LoadTarget = { ...targets[row](), serverPid: server.child.pid };
      const connections = row === 'proxied-1' ? 1 : CONNECTIONS;
      if (warmup > 0) await runLoad(target, { connections, durationSeconds: warmup });
      const skipSeconds = (performance.now() - started) / 1000;
      const result = await runLoad(target, { connections, durationSeconds: duration });
      await server.stop();
      log(
        `${row}: ${Math.round(result.rps)} req/s, p50 ${result.p50Ms.toFixed(2)} ms, ${Math.round(result.cpuUsPerRequest)} µs CPU/request (profiler on), errors ${result.errors}\n` +
          `  node dist-tools/bench/summarize-cpu-profile.js ${join(out, `${row}.cpuprofile`)} --skip ${Math.ceil(skipSeconds)}`,
      );
    }
  } finally {
    await Promise.all([jwks?.stop(), double?.stop(), redis?.stop()]);
    rmSync(logDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`profile-rows failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
