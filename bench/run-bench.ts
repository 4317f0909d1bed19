/**
 * `npm run bench`: the gateway against the sample token servers, in one run on this machine.
 *
 * Every server runs in its own process (RSS and CPU are per process); this process only generates
 * load (autocannon) and reports. Rounds alternate the rows (A B C A B C ...) so drift on a shared
 * machine hits all of them alike; results are medians over rounds and ratios within the run. The run
 * is printed and appended as one JSON object to bench/results/results.jsonl (see lib/results.ts).
 * See docs/performance.md for what is measured and why; `--help` for the flags.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { startRedisServer, type TestRedisServer } from '../test/support/redis-server.js';
import { parseBenchArgs, type BenchOptions } from './lib/bench-args.js';
import { startGateway, startReference, writeBenchPolicy } from './lib/bench-servers.js';
import {
  hs256Pool,
  newCursor,
  newRs256Issuer,
  POOL_FACTOR,
  RS256_AUDIENCE,
  RS256_ISSUER,
  rs256Pool,
  signRs256,
  startJwksServer,
  type CallerPool,
  type JwksServer,
} from './lib/callers.js';
import { setUpCpuPinning, type CpuPinning } from './lib/cpu-pinning.js';
import { median, runLoad, type LoadResult, type LoadTarget } from './lib/load.js';
import { describeMachine, machineLine } from './lib/machine.js';
import { fmt, markdownTable, renderResults } from './lib/report.js';
import {
  appendResults,
  gitCommit,
  judgeQuiet,
  judgeTargets,
  cpuRatio,
  ratio,
  summarize,
  toMiB,
  type MemoryResult,
  type ProxiedResult,
  type RowResult,
  type RunResults,
  type StartupResult,
  type Summary,
} from './lib/results.js';
import { freePort, readRss, startOpenViduDouble, startServer, type DoubleProcess, type ServerProcess } from './lib/server-process.js';
import {
  apolloFloorBody,
  apolloFloorTarget,
  baselineBody,
  baselineTarget,
  CALLER,
  directConnectionTarget,
  distinctCallers,
  gatewayConnectionTarget,
  gatewayEndpointTarget,
  gatewayLivekitTarget,
  mintCallerToken,
  newBenchSecrets,
  probeLivekitTarget,
  probeTarget,
  trustedDocumentsPath,
  type BenchSecrets,
} from './lib/targets.js';
import { VERIFIED_TOKEN_CACHE_SIZE } from '../src/auth/verified-token-cache.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const benchDir = fileURLToPath(new URL('.', import.meta.url));
/** Callers per connection in --quick pools (a smoke test: the cache will hit, nothing is measured). */
const QUICK_CALLERS_PER_CONNECTION = 10;


function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Wall-clock seconds per phase, for the results and for keeping the default run short. */
const phases: Record<string, number> = {};
let phaseStarted = performance.now();
function endPhase(name: string): void {
  const now = performance.now();
  phases[name] = Math.round((now - phaseStarted) / 100) / 10;
  phaseStarted = now;
  log(`  (${name}: ${phases[name]} s)`);
}

function pinningLine(pinning: CpuPinning): string {
  return pinning.serverCpu === null
    ? 'CPU pinning: off (every process on every CPU)'
    : `CPU pinning: servers under test on CPU ${pinning.serverCpu}; load generator, OpenVidu double, redis-server and the JWKS on CPU ${pinning.loadCpu}`;
}

function describeRun(name: string, connections: number, r: LoadResult): string {
  return `  ${name.padEnd(34)} c=${String(connections).padEnd(3)} ${fmt.rps(r.rps).padStart(7)} req/s  p50 ${fmt.ms(r.p50Ms)} ms  p99 ${fmt.ms(r.p99Ms)} ms  CPU ${fmt.us(r.cpuUsPerRequest)} µs/req  errors ${r.errors}`;
}

const reference = (script: string) => join(benchDir, 'baselines', script);

/** Warm-up (discarded), then the measured run. */
async function measure(target: LoadTarget, connections: number, options: BenchOptions): Promise<LoadResult> {
  if (options.warmup > 0) await runLoad(target, { connections, durationSeconds: options.warmup });
  const result = await runLoad(target, { connections, durationSeconds: options.duration });
  log(describeRun(target.name, connections, result));
  return result;
}

/** One throughput row: what it is, and the load that measures it. */
interface Row {
  id: string;
  label: string;
  server: string;
  target: LoadTarget;
}

async function throughputRounds(rows: Row[], options: BenchOptions): Promise<Map<string, Summary>> {
  if (options.initialWarmup > 0) {
    log(`initial warm-up: ${options.initialWarmup} s per row`);
    for (const row of rows) await runLoad(row.target, { connections: options.connections, durationSeconds: options.initialWarmup });
  }
  const results = new Map<string, LoadResult[]>(rows.map((r) => [r.id, []]));
  for (let round = 1; round <= options.rounds; round += 1) {
    log(`round ${round}/${options.rounds} (token rows, ${options.connections} connections)`);
    for (const row of rows) results.get(row.id)!.push(await measure(row.target, options.connections, options));
  }
  return new Map([...results].map(([id, rounds]) => [id, summarize(rounds)]));
}

async function proxiedRounds(double: DoubleProcess, gateway: LoadTarget, direct: LoadTarget, options: BenchOptions): Promise<ProxiedResult[]> {
  const out: ProxiedResult[] = [];
  for (const connections of options.proxiedConnections) {
    const g: LoadResult[] = [];
    const d: LoadResult[] = [];
    const opened: number[] = [];
    for (let round = 1; round <= options.rounds; round += 1) {
      log(`round ${round}/${options.rounds} (createConnection, ${connections} connection${connections > 1 ? 's' : ''})`);
      const before = await double.stats();
      g.push(await measure(gateway, connections, options));
      opened.push((await double.stats()).connections - before.connections);
      d.push(await measure(direct, connections, options));
    }
    const gs = summarize(g);
    const ds = summarize(d);
    const figures = (s: Summary) => ({ rps: s.rps, p50Ms: s.p50Ms, p99Ms: s.p99Ms, errors: s.errors, cpuUsPerRequest: s.cpuUsPerRequest });
    out.push({ connections, gateway: figures(gs), direct: figures(ds), addedP50Ms: gs.p50Ms - ds.p50Ms, providerConnectionsByRound: opened });
  }
  return out;
}

/**
 * Start-up: spawn to the first LiveKit token that verifies, for `node dist/src/main.js` and for
 * `npm start`, alternating, on every CPU (start-up is what an operator sees), nothing else running.
 */
async function measureStartups(secrets: BenchSecrets, logDir: string, options: BenchOptions, pinning: CpuPinning): Promise<StartupResult> {
  const nodeMs: number[] = [];
  const npmMs: number[] = [];
  for (let i = 0; i < options.startups; i += 1) {
    for (const command of ['node', 'npm'] as const) {
      const server = await startGateway(`startup-${command}`, secrets, logDir, { trustedDocuments: trustedDocumentsPath(repoRoot) }, { command, wrap: pinning.wrapAll });
      (command === 'node' ? nodeMs : npmMs).push(server.startupMs);
      await server.stop();
      log(`  ${command === 'node' ? 'node dist/src/main.js' : 'npm start'} to first verified token: ${server.startupMs.toFixed(0)} ms`);
    }
  }
  return {
    nodeMs,
    npmMs,
    nodeMedianMs: nodeMs.length ? median(nodeMs) : null,
    npmMedianMs: npmMs.length ? median(npmMs) : null,
  };
}

/**
 * Memory: a fresh in-memory gateway, idle RSS 1 s after its first token, then back-to-back runs of
 * distinct-caller GraphQL requests (the headline row's traffic) with RSS 1 s after each.
 */
async function measureMemory(secrets: BenchSecrets, logDir: string, options: BenchOptions, pinning: CpuPinning, pool: CallerPool): Promise<MemoryResult> {
  const gateway = await startGateway('gateway-memory', secrets, logDir, { trustedDocuments: trustedDocumentsPath(repoRoot) }, { wrap: pinning.wrap });
  try {
    await sleep(1000);
    const idle = readRss(gateway.child.pid!);
    log(`  idle RSS ${fmt.mib(idle)}`);
    const base = gatewayLivekitTarget(repoRoot, `http://127.0.0.1:${gateway.port}`, await mintCallerToken(secrets));
    const target = { ...distinctCallers('gateway memory run', base, pool, newCursor(pool)), serverPid: gateway.child.pid };
    const runs: MemoryResult['runs'] = [];
    for (let i = 1; i <= options.memoryRuns; i += 1) {
      const result = await runLoad(target, { connections: options.connections, amount: options.memoryRequests });
      await sleep(1000);
      const rss = readRss(gateway.child.pid!);
      runs.push({ requests: options.memoryRequests, rps: result.rps, p50Ms: result.p50Ms, p99Ms: result.p99Ms, errors: result.errors, cpuUsPerRequest: result.cpuUsPerRequest, rssMiB: toMiB(rss) });
      log(`${describeRun(`memory run ${i}`, options.connections, result)}  RSS ${fmt.mib(rss)}`);
    }
    return { idleRssMiB: toMiB(idle), runs, growth: runs[runs.length - 1].rssMiB / runs[0].rssMiB - 1 };
  } finally {
    await gateway.stop();
  }
}

/** The key of the room-event fan-out figures in the results' `optional` object. */
const FANOUT_ROW = 'room-event-fanout-500';

/**
 * Room-event fan-out (bench/room-event-fanout.ts): delivery of one webhook event to 500 subscribers.
 * Imported here, not at the top: it loads the gateway's modules into this process, which the other
 * rows never need. A failure is stored in place of the figures; it does not end the run.
 */
async function runFanoutRow(quick: boolean): Promise<Record<string, unknown>> {
  log(`optional row ${FANOUT_ROW}`);
  try {
    const { fanoutBenchmark } = await import('./room-event-fanout.js');
    const result = await fanoutBenchmark({ subscribers: 500, events: quick ? 5 : 50 });
    log(`  ${JSON.stringify(result)}`);
    return { [FANOUT_ROW]: result };
  } catch (error) {
    log(`  failed: ${String(error)}`);
    return { [FANOUT_ROW]: { error: error instanceof Error ? error.message : String(error) } };
  }
}

async function runBench(options: BenchOptions, secrets: BenchSecrets, logDir: string): Promise<void> {
  const started = performance.now();
  phaseStarted = started;
  const machine = describeMachine();
  log(machineLine(machine));
  const connections = options.connections;
  const perConnection = options.quick ? QUICK_CALLERS_PER_CONNECTION : undefined;

  // Caller pools first, on every CPU (RS256 signing is the slow part), before the bench pins itself.
  log('signing caller pools');
  const hsPool = hs256Pool(secrets.authSecret, connections, perConnection);
  const issuer = newRs256Issuer();
  const rsPool = await rs256Pool(issuer, connections, perConnection);
  log(`  ${hsPool.size} HS256 and ${rsPool.size} RS256 callers (verified-token cache: ${VERIFIED_TOKEN_CACHE_SIZE})`);
  endPhase('signing');

  const pinning = setUpCpuPinning(options.pin);
  log(pinningLine(pinning));
  const trustedDocuments = trustedDocumentsPath(repoRoot);
  let double: DoubleProcess | undefined;
  let redis: TestRedisServer | undefined;
  let jwks: JwksServer | undefined;
  const servers: ServerProcess[] = [];
  const results: Partial<RunResults> = {};
  try {
    double = await startOpenViduDouble(join(benchDir, 'openvidu-double-process.js'), secrets.openviduSecret);
    // Children of this (pinned) process inherit the load CPU: redis-server runs beside the load generator.
    redis = await startRedisServer();
    jwks = await startJwksServer(issuer);
    const firstHs = { token: hsPool.tokens[0][0], sub: hsPool.subs[0][0] };
    const gateway = await startGateway('gateway', secrets, logDir, { openviduUrl: double.url, trustedDocuments }, { nodeArgs: options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : [], wrap: pinning.wrap });
    servers.push(gateway);
    const gatewayRedis = await startGateway('gateway-redis', secrets, logDir, { redisUrl: redis.url, trustedDocuments }, { wrap: pinning.wrap, probeToken: firstHs });
    servers.push(gatewayRedis);
    const gatewayJwks = await startGateway(
      'gateway-jwks',
      secrets,
      logDir,
      { jwks: { url: jwks.url, issuer: RS256_ISSUER, audience: RS256_AUDIENCE }, trustedDocuments },
      { wrap: pinning.wrap, probeToken: { token: signRs256(issuer, 'rs-probe'), sub: 'rs-probe' } },
    );
    servers.push(gatewayJwks);
    const express = await startReference('express-sample', reference('express-sample.js'), (url) => baselineTarget('express-sample', url), secrets, logDir, pinning);
    servers.push(express);
    const nodeHttp = await startReference('node-http', reference('node-http-sample.js'), (url) => baselineTarget('node-http', url), secrets, logDir, pinning);
    servers.push(nodeHttp);
    const floor = await startReference('apollo-floor', reference('apollo-floor.js'), (url) => apolloFloorTarget(repoRoot, url), secrets, logDir, pinning);
    servers.push(floor);
    await sleep(500);
    const rssBefore = servers.map((s) => readRss(s.child.pid!));
    log(`gateway answered ${gateway.startupMs.toFixed(0)} ms after spawn (pinned, beside the other servers)`);
    endPhase('servers');

    const url = (s: ServerProcess) => `http://127.0.0.1:${s.port}`;
    const repeatedToken = await mintCallerToken(secrets);
    const on = (server: ServerProcess, target: LoadTarget) => ({ ...target, serverPid: server.child.pid });
    const gql = (server: ServerProcess) => gatewayLivekitTarget(repoRoot, url(server), repeatedToken);
    const endpoint = (server: ServerProcess) => gatewayEndpointTarget(url(server), repeatedToken);
    // One cursor per pool and server process (callers.ts): the rows a process serves go on through the pool together.
    const hsOnGateway = newCursor(hsPool);
    const hsOnRedis = newCursor(hsPool);
    const rows: Row[] = [
      { id: 'express-sample', label: 'express-sample POST /token, distinct participants', server: 'express-sample', target: on(express, distinctCallers('express-sample', baselineTarget('express-sample', url(express)), hsPool, newCursor(hsPool), baselineBody)) },
      { id: 'graphql-hs256-distinct', label: 'GraphQL issueLivekitToken, distinct callers, HS256', server: 'gateway', target: on(gateway, distinctCallers('gateway graphql hs256 distinct', gql(gateway), hsPool, hsOnGateway)) },
      { id: 'node-http', label: 'node-http POST /token, distinct participants', server: 'node-http', target: on(nodeHttp, distinctCallers('node-http', baselineTarget('node-http', url(nodeHttp)), hsPool, newCursor(hsPool), baselineBody)) },
      { id: 'endpoint-hs256-distinct', label: 'POST /livekit/token, distinct callers, HS256', server: 'gateway', target: on(gateway, distinctCallers('gateway endpoint hs256 distinct', endpoint(gateway), hsPool, hsOnGateway)) },
      { id: 'graphql-rs256-jwks-distinct', label: 'GraphQL issueLivekitToken, distinct callers, RS256 via JWKS', server: 'gateway-jwks', target: on(gatewayJwks, distinctCallers('gateway graphql rs256 distinct', gql(gatewayJwks), rsPool, newCursor(rsPool))) },
      { id: 'graphql-hs256-repeated', label: 'GraphQL issueLivekitToken, repeated caller (reference)', server: 'gateway', target: on(gateway, { ...gql(gateway), name: 'gateway graphql repeated' }) },
      { id: 'graphql-hs256-distinct-redis', label: 'GraphQL issueLivekitToken, distinct callers, HS256, REDIS_URL', server: 'gateway-redis', target: on(gatewayRedis, distinctCallers('gateway-redis graphql distinct', gql(gatewayRedis), hsPool, hsOnRedis)) },
      { id: 'endpoint-hs256-distinct-redis', label: 'POST /livekit/token, distinct callers, HS256, REDIS_URL', server: 'gateway-redis', target: on(gatewayRedis, distinctCallers('gateway-redis endpoint distinct', endpoint(gatewayRedis), hsPool, hsOnRedis)) },
      { id: 'apollo-floor', label: 'apollo-floor reference (no gateway features), distinct participants', server: 'apollo-floor', target: on(floor, distinctCallers('apollo-floor', apolloFloorTarget(repoRoot, url(floor)), hsPool, newCursor(hsPool), apolloFloorBody(repoRoot))) },
    ];
    const connection = on(gateway, gatewayConnectionTarget(repoRoot, url(gateway), repeatedToken, double.sessionId));
    const direct = { ...directConnectionTarget(double.url, secrets, double.sessionId), serverPid: double.child.pid };
    // Every row's first request must come back as a token that verifies, for the caller that asked.
    for (const row of rows) {
      const first = row.target.requestsPerConnection?.[0]?.[0];
      const identity = row.target.firstCaller ?? CALLER.sub;
      if (!first && !(await probeTarget(row.target))) throw new Error(`${row.id} does not answer the benchmark request correctly`);
      if (!(await probeLivekitTarget(row.target, secrets, identity))) throw new Error(`${row.id}: its first answer is not a token for ${identity}`);
    }
    for (const target of [connection, direct]) {
      if (!(await probeTarget(target))) throw new Error(`${target.name} does not answer the benchmark request correctly`);
    }

    const summaries = await throughputRounds(rows, options);
    endPhase('throughput');
    const express0 = summaries.get('express-sample')!;
    results.rows = rows.map((row): RowResult => {
      const s = summaries.get(row.id)!;
      return {
        id: row.id,
        label: row.label,
        server: row.server,
        rps: s.rps,
        p50Ms: s.p50Ms,
        p99Ms: s.p99Ms,
        errors: s.errors,
        cpuUsPerRequest: s.cpuUsPerRequest,
        rpsByRound: s.rounds.map((r) => r.rps),
        p99MsByRound: s.rounds.map((r) => r.p99Ms),
        vsExpress: row.id === 'express-sample' ? null : ratio(s, express0),
        cpuVsExpress: row.id === 'express-sample' ? null : cpuRatio(s, express0),
      };
    });
    results.proxied = await proxiedRounds(double, connection, direct, options);
    endPhase('proxied');
    results.serverRssMiB = Object.fromEntries(servers.map((s, i) => [s.name, { before: toMiB(rssBefore[i]), after: toMiB(readRss(s.child.pid!)) }]));
    log(`JWKS fetched ${jwks.fetches()} time(s) by the RS256 gateway`);

    results.optional = await runFanoutRow(options.quick);
  } finally {
    await Promise.all(servers.splice(0).map((s) => s.stop()));
    await Promise.all([double?.stop(), redis?.stop(), jwks?.stop()]);
  }
  endPhase('optional');

  log(`start-up (${options.startups} sample(s) of each command)`);
  const startup = await measureStartups(secrets, logDir, options, pinning);
  endPhase('startup');
  let memory: MemoryResult | null = null;
  if (options.memory) {
    log(`memory: idle, then ${options.memoryRuns} x ${fmt.rps(options.memoryRequests)} distinct-caller GraphQL requests`);
    memory = await measureMemory(secrets, logDir, options, pinning, hsPool);
    endPhase('memory');
  }

  const rowMap = new Map(results.rows!.map((r) => [r.id, r]));
  const run: RunResults = {
    schema: 1,
    date: machine.date,
    ...gitCommit(repoRoot),
    quick: options.quick,
    machine,
    pinning: pinningLine(pinning),
    settings: {
      rounds: options.rounds,
      durationSeconds: options.duration,
      warmupSeconds: options.warmup,
      initialWarmupSeconds: options.initialWarmup,
      connections,
      startups: options.startups,
      proxiedConnections: options.proxiedConnections,
      memoryRuns: options.memory ? options.memoryRuns : 0,
      memoryRequests: options.memoryRequests,
      hs256Callers: hsPool.size,
      rs256Callers: rsPool.size,
      verifiedTokenCacheSize: VERIFIED_TOKEN_CACHE_SIZE,
    },
    method: {
      callers: `distinct rows: ${connections} connections each cycling through its own callers, ${POOL_FACTOR}x the verified-token cache in all, going on where the previous run stopped, so a token returns only after the whole pool (the cache never hits); repeated row: one caller token`,
      graphql: 'POST /graphql with the client/generated IssueLivekitToken document text (trusted-documents manifest, only-mode on) and its variables',
      endpoint: 'POST /livekit/token with {"room_name","participant_name"} and the caller bearer token; 201 expected',
      baselines: 'POST /token with {roomName, participantName = the distinct caller\'s sub}; the same bearer header is sent and ignored (no authentication)',
      redis: 'REDIS_URL to a redis-server the bench starts on a free port, beside the load generator',
      jwks: 'AUTH_JWKS_URL to a JWKS the bench serves on 127.0.0.1 (one 2048-bit RSA key), AUTH_ISSUER and AUTH_AUDIENCE set',
      startup: 'spawn to the first issueLivekitToken answer whose token verifies (TokenVerifier), polling every 5 ms, all CPUs, no other server running',
      memory: 'a fresh in-memory gateway: RSS 1 s after its first token, then back-to-back fixed-size runs of the headline row\'s traffic, RSS 1 s after each',
    },
    rows: results.rows!,
    proxied: results.proxied!,
    startup,
    memory,
    optional: results.optional ?? {},
    serverRssMiB: results.serverRssMiB!,
    targets: judgeTargets(rowMap, results.proxied!, startup, memory),
    quiet: judgeQuiet(machine.cpus, Number(machine.loadAverage.split(' ')[0]), loadavg()[0], rowMap.get('express-sample')),
    durationSeconds: (performance.now() - started) / 1000,
    phaseSeconds: phases,
  };
  log(renderResults(run));
  if (options.resultsFile) {
    const file = isAbsolute(options.resultsFile) ? options.resultsFile : join(repoRoot, options.resultsFile);
    appendResults(file, run);
    log(`appended to ${file}`);
  }
}

async function main(): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2));
  const secrets = newBenchSecrets();
  const logDir = mkdtempSync(join(tmpdir(), 'callgate-bench-'));
  try {
    writeBenchPolicy(logDir);
    await runBench(options, secrets, logDir);
  } finally {
    rmSync(logDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
