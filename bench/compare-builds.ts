/**
 * `node dist-tools/bench/compare-builds.js <dist dir> <dist dir> ... [--rounds 5] [--duration 4]`: the
 * gateway's `issueLivekitToken` path, build against build, in one run. Each argument is the `dist`
 * folder of a build (for an older commit: `git worktree add /tmp/old <commit>`, link node_modules,
 * `npx tsc -p tsconfig.build.json`); the express sample of the current build runs as a reference.
 * Servers are pinned like in `npm run bench`, every build gets the same initial warm-up, and rounds
 * alternate the builds. Prints the median req/s and server CPU µs/request, and every round's CPU.
 * This is how the same-run build table in docs/performance.md was made.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { gatewayEnv, startReference, writeBenchPolicy } from './lib/bench-servers.js';
import { setUpCpuPinning } from './lib/cpu-pinning.js';
import { median, runLoad, type LoadResult, type LoadTarget } from './lib/load.js';
import { freePort, startServer, type ServerProcess } from './lib/server-process.js';
import { baselineTarget, CALLER, gatewayLivekitTarget, mintCallerToken, probeLivekitTarget, type BenchSecrets } from './lib/targets.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const CONNECTIONS = 50;

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { rounds: { type: 'string' }, duration: { type: 'string' } } });
  if (positionals.length === 0) throw new Error('usage: compare-builds <dist dir> [<dist dir> ...] [--rounds 5] [--duration 4]');
  const rounds = Number(values.rounds ?? 5);
  const duration = Number(values.duration ?? 4);
  const pinning = setUpCpuPinning(true);
  const secret = () => randomBytes(32).toString('base64url');
  const secrets: BenchSecrets = { authSecret: secret(), livekitKey: 'bench-key', livekitSecret: secret(), openviduSecret: secret() };
  const logDir = mkdtempSync(join(tmpdir(), 'callgate-compare-'));
  const policyFile = writeBenchPolicy(logDir);
  const callerToken = await mintCallerToken(secrets);
  const servers: ServerProcess[] = [];
  const targets: LoadTarget[] = [];
  try {
    for (const dist of positionals.map((d) => resolve(d))) {
      const port = await freePort();
      const target = gatewayLivekitTarget(repoRoot, `http://127.0.0.1:${port}`, callerToken);
      const server = await startServer({
        name: `gateway-${servers.length + 1}`,
        ...pinning.wrap(process.execPath, [join(dist, 'src', 'main.js')]),
        env: gatewayEnv(secrets, port, policyFile),
        port,
        logDir,
        probe: () => probeLivekitTarget(target, secrets, CALLER.sub),
      });
      servers.push(server);
      targets.push({ ...target, name: dist, serverPid: server.child.pid });
    }
    const script = fileURLToPath(new URL('./baselines/express-sample.js', import.meta.url));
    const sample = await startReference('express-sample', script, (url) => baselineTarget('express-sample', url), secrets, logDir, pinning);
    servers.push(sample);
    targets.push({ ...baselineTarget('express-sample', `http://127.0.0.1:${sample.port}`), serverPid: sample.child.pid });

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

main().catch((error: unknown) => {
  process.stderr.write(`compare-builds failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
