/**
 * `node dist-tools/bench/compare-builds.js <dist dir> <dist dir> ... [--rounds 5] [--duration 4]
 * [--rows graphql,graphql-distinct,endpoint-distinct]`: the gateway's `issueLivekitToken` path, build
 * against build, in one run. `--rows` picks what each build serves (default `graphql`: one repeated
 * caller over GraphQL; `graphql-distinct` and `endpoint-distinct` are the HS256 distinct-caller rows
 * of `npm run bench`, GraphQL and POST /livekit/token, each build with its own cursor through one pool). Each argument is the `dist`
 * folder of a build (for an older commit: `git worktree add /tmp/old <commit>`, link node_modules,
 * `npx tsc -p tsconfig.build.json`); the express sample of the current build runs as a reference.
 * Servers are pinned like in `npm run bench`, every build gets the same initial warm-up, and rounds
 * alternate the builds. Prints the median req/s and server CPU µs/request, and every round's CPU.
 * This is how the same-run build table in docs/performance.md was made.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { parseRowList } from './lib/bench-args.js';
import { startGateway, startReference, writeBenchPolicy } from './lib/bench-servers.js';
import { setUpCpuPinning } from './lib/cpu-pinning.js';
import { median, runLoad, type LoadResult, type LoadTarget } from './lib/load.js';
import type { ServerProcess } from './lib/server-process.js';
import { hs256Pool, newCursor } from './lib/callers.js';
import {
  baselineBody,
  baselineTarget,
  CALLER,
  distinctCallers,
  gatewayEndpointTarget,
  gatewayLivekitTarget,
  mintCallerToken,
  newBenchSecrets,
} from './lib/targets.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const CONNECTIONS = 50;
const ROWS = ['graphql', 'graphql-distinct', 'endpoint-distinct'] as const;
type RowId = (typeof ROWS)[number];

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { rounds: { type: 'string' }, duration: { type: 'string' }, rows: { type: 'string' } } });
  if (positionals.length === 0) throw new Error('usage: compare-builds <dist dir> [<dist dir> ...] [--rounds 5] [--duration 4]');
  const rounds = Number(values.rounds ?? 5);
  const duration = Number(values.duration ?? 4);
  const rows = parseRowList(values.rows, ROWS, ['graphql']);
  const distinct = rows.some((r) => r !== 'graphql');
  const pinning = setUpCpuPinning(true);
  const secrets = newBenchSecrets();
  const logDir = mkdtempSync(join(tmpdir(), 'callgate-compare-'));
  olderBuildsPolicy(writeBenchPolicy(logDir));
  const callerToken = await mintCallerToken(secrets);
  const pool = distinct ? hs256Pool(secrets.authSecret, CONNECTIONS) : undefined;
  const servers: ServerProcess[] = [];
  const targets: LoadTarget[] = [];
  try {
    for (const dist of positionals.map((d) => resolve(d))) {
      const server = await startGateway(`gateway-${servers.length + 1}`, secrets, logDir, {}, { main: join(dist, 'src', 'main.js'), wrap: pinning.wrap, probeToken: { token: callerToken, sub: CALLER.sub } });
      servers.push(server);
      const url = `http://127.0.0.1:${server.port}`;
      const target = gatewayLivekitTarget(repoRoot, url, callerToken);
      const cursor = pool ? newCursor(pool) : [];
      for (const row of rows) {
        const rowTarget =
          row === 'graphql'
            ? target
            : distinctCallers(`${dist} ${row}`, row === 'endpoint-distinct' ? gatewayEndpointTarget(url, callerToken) : target, pool!, cursor);
        targets.push({ ...rowTarget, name: rows.length > 1 ? `${dist} ${row}` : dist, serverPid: server.child.pid });
      }
    }
    const script = fileURLToPath(new URL('./baselines/express-sample.js', import.meta.url));
    const sample = await startReference('express-sample', script, (url) => baselineTarget('express-sample', url), secrets, logDir, pinning);
    servers.push(sample);
    const sampleTarget = baselineTarget('express-sample', `http://127.0.0.1:${sample.port}`);
    targets.push({
      ...(pool ? distinctCallers('express-sample distinct', sampleTarget, pool, newCursor(pool), baselineBody) : sampleTarget),
      serverPid: sample.child.pid,
    });

    for (const target of targets) await runLoad(target, { connections: CONNECTIONS, durationSeconds: 5 });
    const results = targets.map(() => [] as LoadResult[]);
    for (let round = 0; round < rounds; round += 1) {
      for (const [i, target] of targets.entries()) {
        await runLoad(target, { connections: CONNECTIONS, durationSeconds: 1 });
        results[i].push(await runLoad(target, { connections: CONNECTIONS, durationSeconds: duration }));
      }
    }
    process.stdout.write(`${rounds} rounds of ${duration} s, ${CONNECTIONS} connections, servers on CPU ${pinning.serverCpu ?? 'any'}\n`);
    for (const [i, target] of targets.entries()) {
      const r = results[i];
      const cpu = r.map((x) => x.cpuUsPerRequest);
      process.stdout.write(
        `${target.name}\n  ${Math.round(median(r.map((x) => x.rps)))} req/s, ${Math.round(median(cpu))} µs/request (by round: ${cpu.map(Math.round).join(' / ')}), errors ${r.reduce((s, x) => s + x.errors, 0)}\n`,
      );
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(logDir, { recursive: true, force: true });
  }
}

/**
 * The bench policy without `rooms.moderate` (a permission builds before moderation do not know, and
 * refuse at start-up). Nothing here moderates, so every build issues the same tokens under it.
 */
function olderBuildsPolicy(path: string): string {
  const policy = JSON.parse(readFileSync(path, 'utf8')) as { roles: Record<string, { rooms?: Record<string, unknown> }> };
  for (const role of Object.values(policy.roles)) delete role.rooms?.moderate;
  writeFileSync(path, JSON.stringify(policy));
  return path;
}

main().catch((error: unknown) => {
  process.stderr.write(`compare-builds failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
