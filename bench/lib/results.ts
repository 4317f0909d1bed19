/**
 * The benchmark's results: one JSON object per run, appended as one line to a JSON-lines file
 * (bench/results/results.jsonl by default), and the issue's targets with a verdict each. The docs page
 * (docs/performance.md) summarises these objects by hand; the benchmark never edits it.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { median, type LoadResult } from './load.js';
import type { MachineInfo } from './machine.js';

/** A throughput row's figures: medians over rounds, and every round. */
export interface Summary {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  cpuUsPerRequest: number;
  rounds: LoadResult[];
}

export function summarize(rounds: LoadResult[]): Summary {
  return {
    rps: median(rounds.map((r) => r.rps)),
    p50Ms: median(rounds.map((r) => r.p50Ms)),
    p99Ms: median(rounds.map((r) => r.p99Ms)),
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
    cpuUsPerRequest: median(rounds.map((r) => r.cpuUsPerRequest)),
    rounds,
  };
}

/**
 * Ratio of two rows of the same run: the median of the per-round ratios (each round runs the rows back
 * to back, so a round's ratio cancels most of the machine's drift), and the ratio of the medians.
 */
export interface Ratio {
  median: number;
  ofMedians: number;
  byRound: number[];
}

/** Median over rounds of the reference's CPU per request over the row's (above 1: the row is cheaper). */
export function cpuRatio(row: Summary, reference: Summary): number {
  return median(row.rounds.map((r, i) => reference.rounds[i].cpuUsPerRequest / r.cpuUsPerRequest));
}

export function ratio(row: Summary, reference: Summary): Ratio {
  return ratioOfRounds(row.rounds.map((r) => r.rps), reference.rounds.map((r) => r.rps), row.rps, reference.rps);
}

/** Round by round (the rounds ran side by side), and of the two medians. */
function ratioOfRounds(rps: number[], referenceRps: number[], rpsMedian: number, referenceMedian: number): Ratio {
  const byRound = rps.map((value, i) => value / referenceRps[i]);
  return { median: median(byRound), ofMedians: rpsMedian / referenceMedian, byRound };
}

export interface RowResult {
  id: string;
  label: string;
  /** The process that served it (several rows share a gateway process). */
  server: string;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  cpuUsPerRequest: number;
  rpsByRound: number[];
  p99MsByRound: number[];
  /** Against express-sample in the same run; null for express-sample itself. */
  vsExpress: Ratio | null;
  /**
   * express-sample's server CPU per request over this row's (median of rounds), so above 1 means
   * cheaper than the sample, like a req/s ratio: a cross-check that moves far less than req/s when
   * other work on the machine takes CPU time from the servers. Null for express-sample itself.
   */
  cpuVsExpress: number | null;
}

export interface ProxiedResult {
  connections: number;
  gateway: { rps: number; p50Ms: number; p99Ms: number; errors: number; cpuUsPerRequest: number };
  direct: { rps: number; p50Ms: number; p99Ms: number; errors: number; cpuUsPerRequest: number };
  /** Gateway p50 minus direct p50 (median over rounds of each). */
  addedP50Ms: number;
  /** TCP connections the double accepted during each gateway run. */
  providerConnectionsByRound: number[];
}

export interface MemoryResult {
  idleRssMiB: number;
  runs: { requests: number; rps: number; p50Ms: number; p99Ms: number; errors: number; cpuUsPerRequest: number; rssMiB: number }[];
  /** RSS after the last run over RSS after the first, minus 1 (a leak shows as steady growth). */
  growth: number;
}

export interface StartupResult {
  /** Spawn to the first LiveKit token that verifies, in ms, every sample. */
  nodeMs: number[];
  npmMs: number[];
  nodeMedianMs: number | null;
  npmMedianMs: number | null;
}

export interface TargetVerdict {
  id: string;
  what: string;
  target: string;
  measured: string;
  /** null: not measured in this run. */
  met: boolean | null;
}

export interface RunResults {
  schema: 1;
  date: string;
  commit: string | null;
  /** Uncommitted changes in the working tree when the run started. */
  dirty: boolean | null;
  quick: boolean;
  machine: MachineInfo;
  pinning: string;
  settings: Record<string, unknown>;
  /** How the callers and requests were made, in words, for whoever reads the file later. */
  method: Record<string, string>;
  rows: RowResult[];
  proxied: ProxiedResult[];
  startup: StartupResult;
  memory: MemoryResult | null;
  /** Rows from optional modules (e.g. room-event fan-out), by id; absent when the module is not built. */
  optional: Record<string, unknown>;
  /** RSS of each long-running server before and after the throughput and proxied rounds, MiB. */
  serverRssMiB: Record<string, { before: number; after: number }>;
  targets: TargetVerdict[];
  /**
   * Whether the machine looked quiet enough to judge req/s ratios: the 1-minute load average at the
   * start and at the end below the CPU count, and express-sample's req/s within 1.5x across rounds.
   * When false, the verdicts stand as computed but the reasons say why not to cite them.
   */
  quiet: { ok: boolean; reasons: string[] };
  durationSeconds: number;
  /** Wall-clock seconds of each phase (signing, servers, throughput, proxied, optional, startup, memory). */
  phaseSeconds: Record<string, number>;
}

/** See RunResults.quiet. */
export function judgeQuiet(cpus: number, loadAtStart: number, loadAtEnd: number, express: RowResult | undefined): RunResults['quiet'] {
  const reasons: string[] = [];
  if (loadAtStart >= cpus) reasons.push(`load average ${loadAtStart.toFixed(2)} at the start on ${cpus} CPUs`);
  if (loadAtEnd >= cpus) reasons.push(`load average ${loadAtEnd.toFixed(2)} at the end on ${cpus} CPUs`);
  if (express && express.rpsByRound.length > 1) {
    const spread = Math.max(...express.rpsByRound) / Math.min(...express.rpsByRound);
    if (spread > 1.5) reasons.push(`express-sample moved ${spread.toFixed(1)}x between rounds`);
  }
  return { ok: reasons.length === 0, reasons };
}

export const toMiB = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;

export function gitCommit(repoRoot: string): { commit: string | null; dirty: boolean | null } {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: repoRoot, encoding: 'utf8' });
    return { commit, dirty: status.trim().length > 0 };
  } catch {
    return { commit: null, dirty: null };
  }
}

const x = (n: number) => `${n.toFixed(2)}x`;
const ms = (n: number) => `${n.toFixed(2)} ms`;

/** The issue's targets, each judged on this run's figures (same-run ratios unless absolute). */
export function judgeTargets(
  rows: Map<string, RowResult>,
  proxied: ProxiedResult[],
  startup: StartupResult,
  memory: MemoryResult | null,
): TargetVerdict[] {
  const out: TargetVerdict[] = [];
  const express = rows.get('express-sample');
  const vsExpress = (id: string, what: string, min: number, withP99 = false) => {
    const row = rows.get(id);
    if (!row?.vsExpress || !express) {
      out.push({ id, what, target: `>= ${x(min)}`, measured: 'not measured', met: null });
      return;
    }
    const rpsMet = row.vsExpress.median >= min;
    const p99Met = row.p99Ms <= express.p99Ms;
    out.push({
      id,
      what,
      target: withP99 ? `>= ${x(min)} req/s, p99 <= the sample's` : `>= ${x(min)} req/s`,
      measured: `${x(row.vsExpress.median)} (CPU/req ${row.cpuVsExpress === null ? '-' : x(row.cpuVsExpress)})${withP99 ? `; p99 ${ms(row.p99Ms)} vs ${ms(express.p99Ms)}` : ''}`,
      met: withP99 ? rpsMet && p99Met : rpsMet,
    });
  };
  vsExpress('graphql-hs256-distinct', 'GraphQL issueLivekitToken, distinct callers, HS256', 1.0, true);
  vsExpress('graphql-rs256-jwks-distinct', 'GraphQL issueLivekitToken, distinct callers, RS256 through a JWKS', 0.8);
  vsExpress('graphql-hs256-repeated', 'GraphQL issueLivekitToken, repeated caller', 1.2);
  vsExpress('endpoint-hs256-distinct', 'POST /livekit/token, distinct callers, HS256', 1.5);
  for (const [redisId, memoryId] of [
    ['graphql-hs256-distinct-redis', 'graphql-hs256-distinct'],
    ['endpoint-hs256-distinct-redis', 'endpoint-hs256-distinct'],
  ]) {
    const redis = rows.get(redisId);
    const inMemory = rows.get(memoryId);
    const what = `${redis?.label ?? redisId} vs the same row in memory mode`;
    if (!redis || !inMemory) {
      out.push({ id: redisId, what, target: '>= 0.90x', measured: 'not measured', met: null });
      continue;
    }
    const r = ratioOfRounds(redis.rpsByRound, inMemory.rpsByRound, redis.rps, inMemory.rps);
    out.push({ id: redisId, what, target: '>= 0.90x', measured: x(r.median), met: r.median >= 0.9 });
  }
  out.push(
    startup.nodeMedianMs === null
      ? { id: 'startup-node', what: 'start-up to first token, node dist/src/main.js', target: '<= 0.6 s', measured: 'not measured', met: null }
      : {
          id: 'startup-node',
          what: 'start-up to first token, node dist/src/main.js',
          target: '<= 0.6 s',
          measured: `${(startup.nodeMedianMs / 1000).toFixed(2)} s (median of ${startup.nodeMs.length})`,
          met: startup.nodeMedianMs <= 600,
        },
  );
  if (memory) {
    const after = memory.runs[memory.runs.length - 1].rssMiB;
    out.push(
      { id: 'memory-idle', what: 'idle RSS after start-up', target: '<= 90 MiB', measured: `${memory.idleRssMiB} MiB`, met: memory.idleRssMiB <= 90 },
      { id: 'memory-loaded', what: `RSS after ${memory.runs.length} x ${memory.runs[0].requests} requests`, target: '<= 160 MiB', measured: `${after} MiB`, met: after <= 160 },
      { id: 'memory-growth', what: 'RSS growth, first run to last', target: '<= 10%', measured: `${(memory.growth * 100).toFixed(1)}%`, met: memory.growth <= 0.1 },
    );
  } else {
    for (const id of ['memory-idle', 'memory-loaded', 'memory-growth']) out.push({ id, what: id, target: 'see issue', measured: 'not measured (--no-memory)', met: null });
  }
  const one = proxied.find((p) => p.connections === 1);
  out.push(
    one
      ? { id: 'proxied-added-p50', what: 'proxied createConnection, added p50 at 1 connection', target: '<= 0.5 ms', measured: ms(one.addedP50Ms), met: one.addedP50Ms <= 0.5 }
      : { id: 'proxied-added-p50', what: 'proxied createConnection, added p50 at 1 connection', target: '<= 0.5 ms', measured: 'not measured', met: null },
  );
  return out;
}

/** The per-round figures of a row as a Summary (for ratio()). */
/** Appends the run as one line; creates the folder if needed. */
export function appendResults(file: string, results: RunResults): void {
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify(results)}\n`);
}
