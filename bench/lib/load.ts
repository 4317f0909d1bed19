import autocannon, { type AutocannonClient, type AutocannonRequest } from 'autocannon';
import { readCpuSeconds } from './server-process.js';

/** One kind of request to fire at one server. */
export interface LoadTarget {
  name: string;
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** A response that fails this check counts as an error even with status 200 (e.g. GraphQL errors). */
  verifyBody: (body: string) => boolean;
  /** Per-connection request lists (e.g. a distinct caller per request); connection i gets lists[i % n]. */
  requestsPerConnection?: AutocannonRequest[][];
  /** Who the first of `requestsPerConnection` asks as (a token for them must come back), when it is a pool of callers. */
  firstCaller?: string;
  /**
   * Where each list goes on from, shared by the targets one server process serves from the same caller
   * pool: a run starts each connection where the previous run of any of them stopped, so a warm-up
   * run, a measured run and the next target never replay the same callers back to back (callers.ts).
   */
  cursor?: number[];
  /** The process serving the target, whose CPU time per request is reported. */
  serverPid?: number;
}

export interface LoadResult {
  completed: number;
  durationSeconds: number;
  rps: number;
  /** Percentiles of every response's latency, in ms with sub-millisecond precision. */
  p50Ms: number;
  p99Ms: number;
  /** Socket errors, timeouts, non-2xx answers and bodies that failed `verifyBody`. */
  errors: number;
  /**
   * CPU time the serving process used per completed request (user + system, all its threads), in
   * microseconds. Unlike req/s it barely moves when other work competes for the machine's cores.
   */
  cpuUsPerRequest: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs autocannon against a target for `durationSeconds` (or exactly `amount` requests).
 * Latencies are taken from autocannon's per-response event rather than its histogram, which keeps
 * whole milliseconds only: a 1-connection overhead below 1 ms would otherwise be invisible.
 */
export async function runLoad(
  target: LoadTarget,
  load: { connections: number; durationSeconds?: number; amount?: number },
): Promise<LoadResult> {
  const latencies: number[] = [];
  let connectionIndex = 0;
  const lists = target.requestsPerConnection;
  const cursor = target.cursor ?? lists?.map(() => 0);
  const listOfClient = new Map<AutocannonClient, number>();
  const answered = lists?.map(() => 0) ?? [];
  const setupClient = (client: AutocannonClient) => {
    const index = connectionIndex++ % lists!.length;
    const list = lists![index];
    const from = cursor![index] % list.length;
    listOfClient.set(client, index);
    client.setRequests(from === 0 ? list : [...list.slice(from), ...list.slice(0, from)]);
  };
  const instance = autocannon({
    url: target.url,
    method: target.method,
    headers: target.headers,
    body: target.body,
    connections: load.connections,
    ...(load.amount ? { amount: load.amount } : { duration: load.durationSeconds ?? 10 }),
    timeout: 10,
    verifyBody: target.verifyBody,
    ...(lists ? { setupClient } : {}),
  });
  instance.on('response', (client: AutocannonClient, _status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    if (lists) answered[listOfClient.get(client)!] += 1;
  });
  const cpuBefore = target.serverPid ? readCpuSeconds(target.serverPid) : Number.NaN;
  const result = await instance;
  const cpuAfter = target.serverPid ? readCpuSeconds(target.serverPid) : Number.NaN;
  if (lists) answered.forEach((n, i) => (cursor![i] = (cursor![i] + n) % lists[i].length));
  const sorted = Float64Array.from(latencies).sort();
  const completed = result.requests.total;
  return {
    completed,
    durationSeconds: result.duration,
    rps: completed / result.duration,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    errors: result.errors + result.non2xx + result.mismatches,
    cpuUsPerRequest: ((cpuAfter - cpuBefore) * 1e6) / completed,
  };
}
