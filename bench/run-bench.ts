/**
 * `npm run bench`: the gateway against the sample token servers, in one run on this machine.
 *
 * Every server runs in its own process (RSS and CPU are per process); this process only generates
 * load (autocannon) and reports. Rounds alternate the servers (A B C A B C ...) so drift on a shared
 * machine hits all of them alike; results are medians over rounds and ratios within the run.
 * See docs/performance.md for what is measured and why; `--help` for the flags.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseBenchArgs, type BenchOptions } from './lib/bench-args.js';
import { benchPolicyPath, gatewayEnv, startReference, writeBenchPolicy } from './lib/bench-servers.js';
import { setUpCpuPinning, type CpuPinning } from './lib/cpu-pinning.js';
import { runLoad, median, type LoadResult, type LoadTarget } from './lib/load.js';
import { describeMachine, machineLine, type MachineInfo } from './lib/machine.js';
import { fmt, markdownTable, writeSection } from './lib/report.js';
import { freePort, readRss, startOpenViduDouble, startServer, type DoubleProcess, type ServerProcess } from './lib/server-process.js';
import {
  apolloFloorTarget,
  baselineTarget,
  CALLER,
  directConnectionTarget,
  gatewayColdCallerTarget,
  gatewayConnectionTarget,
  gatewayLivekitTarget,
  mintCallerToken,
  probeLivekitTarget,
  probeTarget,
  type BenchSecrets,
} from './lib/targets.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** The production build (`npm run build`) is what is measured; this script runs from the tools build. */
const dist = join(repoRoot, 'dist');
const benchDir = fileURLToPath(new URL('.', import.meta.url));
const reportFile = join(repoRoot, 'docs', 'performance.md');
/** Got's keep-alive pool per provider (src/providers/http/provider-http.ts). */
const PROVIDER_POOL_SIZE = 50;
/** Callers per connection for the cold-cache row: 50 x 400 = 20,000 distinct callers per cycle. */
const COLD_CALLERS_PER_CONNECTION = 400;

const secret = () => randomBytes(32).toString('base64url');

interface Servers {
  double: DoubleProcess;
  gateway: ServerProcess;
  express: ServerProcess;
  nodeHttp: ServerProcess;
  floor: ServerProcess;
}

function pinningLine(pinning: CpuPinning): string {
  return pinning.serverCpu === null
    ? 'CPU pinning: off (every process on every CPU)'
    : `CPU pinning: servers under test on CPU ${pinning.serverCpu}, load generator and OpenVidu double on CPU ${pinning.loadCpu}`;
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

function describeRun(name: string, connections: number, r: LoadResult): string {
  return `  ${name.padEnd(30)} c=${String(connections).padEnd(3)} ${fmt.rps(r.rps).padStart(7)} req/s  p50 ${fmt.ms(r.p50Ms)} ms  p99 ${fmt.ms(r.p99Ms)} ms  CPU ${fmt.us(r.cpuUsPerRequest)} µs/req  errors ${r.errors}`;
}

async function startGateway(
  secrets: BenchSecrets,
  double: DoubleProcess,
  logDir: string,
  options: { command?: 'node' | 'npm'; cpuProfDir?: string; wrap: CpuPinning['wrap'] },
): Promise<ServerProcess> {
  const port = await freePort();
  const probe = gatewayLivekitTarget(repoRoot, `http://127.0.0.1:${port}`, await mintCallerToken(secrets));
  const npm = options.command === 'npm';
  const profile = options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : [];
  return startServer({
    name: npm ? 'gateway-npm-start' : 'gateway',
    ...options.wrap(npm ? 'npm' : process.execPath, npm ? ['start', '--silent'] : [...profile, join(dist, 'src', 'main.js')]),
    env: gatewayEnv(secrets, port, benchPolicyPath(logDir), double.url),
    port,
    logDir,
    probe: () => probeLivekitTarget(probe, secrets, CALLER.sub),
    processGroup: npm,
  });
}

const reference = (script: string) => join(benchDir, 'baselines', script);

/** Warm-up (discarded), then the measured run. */
async function measure(target: LoadTarget, connections: number, options: BenchOptions): Promise<LoadResult> {
  if (options.warmup > 0) await runLoad(target, { connections, durationSeconds: options.warmup });
  const result = await runLoad(target, { connections, durationSeconds: options.duration });
  log(describeRun(target.name, connections, result));
  return result;
}

interface Summary {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  cpuUsPerRequest: number;
  rounds: LoadResult[];
}

function summarize(rounds: LoadResult[]): Summary {
  return {
    rps: median(rounds.map((r) => r.rps)),
    p50Ms: median(rounds.map((r) => r.p50Ms)),
    p99Ms: median(rounds.map((r) => r.p99Ms)),
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
    cpuUsPerRequest: median(rounds.map((r) => r.cpuUsPerRequest)),
    rounds,
  };
}

/** Each server's one-off warm-up before the first round: its JIT and caches settle before anything counts. */
async function initialWarmup(targets: LoadTarget[], options: BenchOptions): Promise<void> {
  if (options.initialWarmup === 0) return;
  log(`initial warm-up: ${options.initialWarmup} s per target`);
  for (const target of targets) await runLoad(target, { connections: options.connections, durationSeconds: options.initialWarmup });
}

async function throughputRounds(targets: LoadTarget[], options: BenchOptions): Promise<Map<string, Summary>> {
  await initialWarmup(targets, options);
  const results = new Map<string, LoadResult[]>(targets.map((t) => [t.name, []]));
  for (let round = 1; round <= options.rounds; round += 1) {
    log(`round ${round}/${options.rounds} (issueLivekitToken / POST /token, ${options.connections} connections)`);
    for (const target of targets) results.get(target.name)!.push(await measure(target, options.connections, options));
  }
  return new Map([...results].map(([name, rounds]) => [name, summarize(rounds)]));
}

interface ProxiedResult {
  connections: number;
  gateway: Summary;
  direct: Summary;
  /** TCP connections the double accepted during each gateway run (warm-up + measured). */
  providerConnections: number[];
  /** Connections open at the double right after each gateway run (the gateway's idle pool, plus none else). */
  providerOpen: number[];
  /** Requests the double served during each gateway run, for scale. */
  providerRequests: number[];
}

async function proxiedRounds(servers: Servers, gateway: LoadTarget, direct: LoadTarget, options: BenchOptions): Promise<ProxiedResult[]> {
  const out: ProxiedResult[] = [];
  for (const connections of [1, 50]) {
    const g: LoadResult[] = [];
    const d: LoadResult[] = [];
    const opened: number[] = [];
    const open: number[] = [];
    const served: number[] = [];
    for (let round = 1; round <= options.rounds; round += 1) {
      log(`round ${round}/${options.rounds} (createConnection, ${connections} connection${connections > 1 ? 's' : ''})`);
      const before = await servers.double.stats();
      g.push(await measure(gateway, connections, options));
      const after = await servers.double.stats();
      opened.push(after.connections - before.connections);
      open.push(after.open);
      served.push(after.requests - before.requests);
      d.push(await measure(direct, connections, options));
    }
    out.push({ connections, gateway: summarize(g), direct: summarize(d), providerConnections: opened, providerOpen: open, providerRequests: served });
  }
  return out;
}

async function measureNpmStart(secrets: BenchSecrets, double: DoubleProcess, logDir: string, times: number, pinning: CpuPinning): Promise<number[]> {
  const startups: number[] = [];
  for (let i = 0; i < times; i += 1) {
    const server = await startGateway(secrets, double, logDir, { command: 'npm', wrap: pinning.wrapAll });
    startups.push(server.startupMs);
    await server.stop();
    log(`  npm start to first issued token: ${server.startupMs.toFixed(0)} ms`);
  }
  return startups;
}

function throughputReport(
  pinning: string,
  machine: MachineInfo,
  options: BenchOptions,
  results: Map<string, Summary>,
  proxied: ProxiedResult[],
  rss: { name: string; before: number; after: number }[],
  startup: { node: number; npm: number[] },
): string {
  const gw = results.get('gateway')!;
  const express = results.get('express-sample')!;
  const floor = results.get('node-http')!;
  const apolloFloor = results.get('apollo-floor');
  const row = (name: string, s: Summary) => [
    name,
    fmt.rps(s.rps),
    fmt.ms(s.p50Ms),
    fmt.ms(s.p99Ms),
    String(s.errors),
    fmt.us(s.cpuUsPerRequest),
    s.rounds.map((r) => fmt.rps(r.rps)).join(' / '),
  ];
  const throughput = markdownTable(
    ['server', 'req/s (median)', 'p50 ms', 'p99 ms', 'errors', 'server CPU µs/request', 'req/s by round'],
    [...results].map(([name, s]) => row(name, s)),
  );
  const vsExpress = gw.rps / express.rps;
  const vsFloor = gw.rps / floor.rps;
  // Each round runs the servers back to back, so a per-round ratio cancels most of the machine's drift.
  const perRound = (other: Summary) => gw.rounds.map((r, i) => r.rps / other.rounds[i].rps);
  const roundRatios = (other: Summary) => `${perRound(other).map(fmt.ratio).join(' / ')} (median ${fmt.ratio(median(perRound(other)))})`;
  const proxiedRows = proxied.flatMap((p) => [
    [`gateway → double`, String(p.connections), fmt.rps(p.gateway.rps), fmt.ms(p.gateway.p50Ms), fmt.ms(p.gateway.p99Ms), String(p.gateway.errors), fmt.us(p.gateway.cpuUsPerRequest), `${p.providerConnections.join(' / ')} (for ${p.providerRequests.map(fmt.rps).join(' / ')} requests; open after: ${p.providerOpen.join(' / ')})`],
    [`direct to double`, String(p.connections), fmt.rps(p.direct.rps), fmt.ms(p.direct.p50Ms), fmt.ms(p.direct.p99Ms), String(p.direct.errors), fmt.us(p.direct.cpuUsPerRequest), '-'],
  ]);
  const overhead = (p: ProxiedResult) => p.gateway.p50Ms - p.direct.p50Ms;
  const one = proxied.find((p) => p.connections === 1)!;
  const fifty = proxied.find((p) => p.connections === 50)!;
  const maxOpened = Math.max(...proxied.flatMap((p) => p.providerConnections));
  const gatewayRss = rss.find((r) => r.name === 'gateway')!;
  const npmStart = median(startup.npm);
  const targets = markdownTable(
    ['target', 'measured', 'verdict'],
    [
      ['issueLivekitToken ≥ 1.2x express-sample req/s', fmt.ratio(vsExpress), fmt.verdict(vsExpress >= 1.2)],
      ['gateway p99 ≤ express-sample p99', `${fmt.ms(gw.p99Ms)} vs ${fmt.ms(express.p99Ms)} ms`, fmt.verdict(gw.p99Ms <= express.p99Ms)],
      ['issueLivekitToken ≥ 0.5x node-http req/s', fmt.ratio(vsFloor), fmt.verdict(vsFloor >= 0.5)],
      ['proxied createConnection: ≤ 1 ms added to the median at 1 connection', `${fmt.ms(overhead(one))} ms`, fmt.verdict(overhead(one) <= 1)],
      [`provider connections per run ≤ pool size (${PROVIDER_POOL_SIZE})`, `at most ${maxOpened}`, fmt.verdict(maxOpened <= PROVIDER_POOL_SIZE)],
      ['npm start to first answered request < 2 s', `${(npmStart / 1000).toFixed(2)} s (median of ${startup.npm.length})`, startup.npm.length ? fmt.verdict(npmStart < 2000) : '-'],
    ],
  );
  return [
    `### Latest results (\`npm run bench\`)`,
    '',
    machineLine(machine),
    '',
    `Settings: ${options.rounds} rounds, ${options.duration} s measured after ${options.warmup} s warm-up per run (and ${options.initialWarmup} s of load per target before the first round), ${options.connections} connections, autocannon on 127.0.0.1; every server in its own process. ${pinning}. Latency percentiles are per run (every response, sub-ms precision); the table shows the median over rounds. "Server CPU" is the serving process's user + system time (all threads) divided by the requests it completed.`,
    '',
    '**issueLivekitToken through the gateway vs `POST /token` on the baselines**',
    '',
    throughput,
    '',
    `Ratios: gateway / express-sample = **${fmt.ratio(vsExpress)}**, gateway / node-http = **${fmt.ratio(vsFloor)}** (medians over rounds). ` +
      `Round by round: gateway / express-sample ${roundRatios(express)}; gateway / node-http ${roundRatios(floor)}. ` +
      `Server CPU per request, gateway / express-sample: ${fmt.ratio(gw.cpuUsPerRequest / express.cpuUsPerRequest)} (below 1 = cheaper).` +
      (results.has('gateway, cold caller cache')
        ? ` With every request from a different caller (no verified-token cache hit): ${fmt.ratio(results.get('gateway, cold caller cache')!.rps / express.rps)} of express-sample.`
        : '') +
      (apolloFloor
        ? ` The apollo-floor reference (Fastify + Apollo + signing, no gateway features) serves ${fmt.ratio(apolloFloor.rps / express.rps)} of express-sample at ${fmt.us(apolloFloor.cpuUsPerRequest)} µs/request; the gateway's own work (authentication, type-graphql, validation, policy, rate limit, audit and request logs, metrics) is the difference, about ${fmt.us(gw.cpuUsPerRequest - apolloFloor.cpuUsPerRequest)} µs/request.`
        : ''),
    '',
    '**Proxied createConnection (gateway → OpenVidu double) vs the same request straight to the double**',
    '',
    markdownTable(['path', 'connections', 'req/s (median)', 'p50 ms', 'p99 ms', 'errors', 'server CPU µs/request', 'TCP connections the gateway opened to the provider, by round'], proxiedRows),
    '',
    `Added median latency: ${fmt.ms(overhead(one))} ms at 1 connection, ${fmt.ms(overhead(fifty))} ms at 50 connections.`,
    '',
    '**Memory and start-up**',
    '',
    markdownTable(
      ['process', 'RSS before load', 'RSS after all runs'],
      rss.map((r) => [r.name, fmt.mib(r.before), fmt.mib(r.after)]),
    ),
    '',
    `Start-up to the first issued token: \`node dist/src/main.js\` ${startup.node.toFixed(0)} ms; \`npm start\` ${startup.npm.map((s) => `${s.toFixed(0)} ms`).join(', ') || 'not measured'}.`,
    '',
    '**Targets**',
    '',
    targets,
    '',
    `Gateway RSS: ${fmt.mib(gatewayRss.before)} before, ${fmt.mib(gatewayRss.after)} after. For the memory target run \`npm run bench -- --memory\`.`,
  ].join('\n');
}

async function runThroughputBench(options: BenchOptions, secrets: BenchSecrets, logDir: string, pinning: CpuPinning): Promise<void> {
  const machine = describeMachine();
  log(machineLine(machine));
  log(pinningLine(pinning));
  const double = await startOpenViduDouble(join(benchDir, 'openvidu-double-process.js'), secrets.openviduSecret);
  const gateway = await startGateway(secrets, double, logDir, { cpuProfDir: options.cpuProfDir, wrap: pinning.wrap });
  const servers: Servers = {
    double,
    gateway,
    express: await startReference('express-sample', reference('express-sample.js'), (url) => baselineTarget('express-sample', url), secrets, logDir, pinning),
    nodeHttp: await startReference('node-http', reference('node-http-sample.js'), (url) => baselineTarget('node-http', url), secrets, logDir, pinning),
    floor: await startReference('apollo-floor', reference('apollo-floor.js'), (url) => apolloFloorTarget(repoRoot, url), secrets, logDir, pinning),
  };
  const processes = [servers.gateway, servers.express, servers.nodeHttp, servers.floor];
  try {
    await sleep(500);
    const rssBefore = processes.map((p) => readRss(p.child.pid!));
    log(`gateway answered ${gateway.startupMs.toFixed(0)} ms after spawn`);

    const callerToken = await mintCallerToken(secrets);
    const gatewayUrl = `http://127.0.0.1:${gateway.port}`;
    const livekit = gatewayLivekitTarget(repoRoot, gatewayUrl, callerToken);
    const cold = await gatewayColdCallerTarget(livekit, secrets, options.connections, COLD_CALLERS_PER_CONNECTION);
    const targets = [
      { ...livekit, serverPid: gateway.child.pid },
      { ...baselineTarget('express-sample', `http://127.0.0.1:${servers.express.port}`), serverPid: servers.express.child.pid },
      { ...baselineTarget('node-http', `http://127.0.0.1:${servers.nodeHttp.port}`), serverPid: servers.nodeHttp.child.pid },
      { ...cold, serverPid: gateway.child.pid },
      { ...apolloFloorTarget(repoRoot, `http://127.0.0.1:${servers.floor.port}`), serverPid: servers.floor.child.pid },
    ];
    const connection = { ...gatewayConnectionTarget(repoRoot, gatewayUrl, callerToken, double.sessionId), serverPid: gateway.child.pid };
    const direct = { ...directConnectionTarget(double.url, secrets, double.sessionId), serverPid: double.child.pid };
    for (const target of [...targets, connection, direct]) {
      if (!(await probeTarget(target))) throw new Error(`${target.name} does not answer the benchmark request correctly`);
    }

    const results = await throughputRounds(targets, options);
    const proxied = await proxiedRounds(servers, connection, direct, options);
    const rss = processes.map((p, i) => ({ name: p.name, before: rssBefore[i], after: readRss(p.child.pid!) }));
    log(`measuring npm start (${options.startups}x)`);
    const npm = await measureNpmStart(secrets, double, logDir, options.startups, pinning);

    const report = throughputReport(pinningLine(pinning), machine, options, results, proxied, rss, { node: gateway.startupMs, npm });
    log(`\n${report}\n`);
    if (options.write) {
      writeSection(reportFile, 'results', report);
      log(`written to ${reportFile}`);
    }
  } finally {
    await Promise.all([...processes.map((p) => p.stop()), double.stop()]);
  }
}

async function runMemoryBench(options: BenchOptions, secrets: BenchSecrets, logDir: string, pinning: CpuPinning): Promise<void> {
  const machine = describeMachine();
  log(machineLine(machine));
  log(pinningLine(pinning));
  const double = await startOpenViduDouble(join(benchDir, 'openvidu-double-process.js'), secrets.openviduSecret);
  const gateway = await startGateway(secrets, double, logDir, { cpuProfDir: options.cpuProfDir, wrap: pinning.wrap });
  try {
    await sleep(500);
    const before = readRss(gateway.child.pid!);
    const base = gatewayLivekitTarget(repoRoot, `http://127.0.0.1:${gateway.port}`, await mintCallerToken(secrets));
    const runs: { result: LoadResult; rss: number }[] = [];
    for (let i = 1; i <= options.memoryRuns; i += 1) {
      // A fresh set of callers every run, so the verified-token cache keeps filling and evicting.
      const target = await gatewayColdCallerTarget(base, secrets, options.connections, COLD_CALLERS_PER_CONNECTION);
      const result = await runLoad({ ...target, serverPid: gateway.child.pid }, { connections: options.connections, amount: options.memoryRequests });
      await sleep(1000);
      const rss = readRss(gateway.child.pid!);
      runs.push({ result, rss });
      log(`${describeRun(`run ${i}`, options.connections, result)}  RSS ${fmt.mib(rss)}`);
    }
    const first = runs[0].rss;
    const last = runs[runs.length - 1].rss;
    const growth = last / first - 1;
    const report = [
      '### Latest memory results (`npm run bench -- --memory`)',
      '',
      machineLine(machine),
      '',
      `${pinningLine(pinning)}.`,
      '',
      `${options.memoryRuns} back-to-back runs of ${fmt.rps(options.memoryRequests)} \`issueLivekitToken\` requests (${options.connections} connections), each run from ${fmt.rps(options.connections * COLD_CALLERS_PER_CONNECTION)} new callers so the verified-token cache keeps filling and evicting. RSS read 1 s after each run; before any load: ${fmt.mib(before)}.`,
      '',
      markdownTable(
        ['run', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'server CPU µs/request', 'RSS after'],
        runs.map((r, i) => [String(i + 1), fmt.rps(r.result.rps), fmt.ms(r.result.p50Ms), fmt.ms(r.result.p99Ms), String(r.result.errors), fmt.us(r.result.cpuUsPerRequest), fmt.mib(r.rss)]),
      ),
      '',
      `RSS after the last run is ${Math.abs(growth * 100).toFixed(1)}% ${growth >= 0 ? 'above' : 'below'} RSS after the first: target (within 10%) ${fmt.verdict(Math.abs(growth) <= 0.1)}.`,
    ].join('\n');
    log(`\n${report}\n`);
    if (options.write) {
      writeSection(reportFile, 'memory', report);
      log(`written to ${reportFile}`);
    }
  } finally {
    await Promise.all([gateway.stop(), double.stop()]);
  }
}

async function main(): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2));
  const secrets: BenchSecrets = { authSecret: secret(), livekitKey: 'bench-key', livekitSecret: secret(), openviduSecret: secret() };
  const logDir = mkdtempSync(join(tmpdir(), 'callgate-bench-'));
  try {
    writeBenchPolicy(logDir);
    const pinning = setUpCpuPinning(options.pin);
    if (options.memory) await runMemoryBench(options, secrets, logDir, pinning);
    else await runThroughputBench(options, secrets, logDir, pinning);
  } finally {
    rmSync(logDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
