import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Seconds per measured run. */
  duration: number;
  /** Seconds of unmeasured load before each measured run. */
  warmup: number;
  rounds: number;
  connections: number;
  /** The memory phase (idle RSS, then `memoryRuns` back-to-back runs of `memoryRequests`). */
  memory: boolean;
  memoryRuns: number;
  memoryRequests: number;
  /** Start-up samples of each command (`node dist/src/main.js`, `npm start`). */
  startups: number;
  /** Connection counts of the proxied createConnection rows. */
  proxiedConnections: number[];
  /** Run the in-memory gateway under `node --cpu-prof`, profiles written here. */
  cpuProfDir: string | undefined;
  /** The JSON-lines file the run's results object is appended to, or null (print only). */
  resultsFile: string | null;
  /** Seconds of load each target gets once, before the first round (JIT and caches settle). */
  initialWarmup: number;
  /** Servers on one CPU, the load generator on another (see lib/cpu-pinning.ts). */
  pin: boolean;
  /** Every row, briefly: a smoke test of the benchmark, not a measurement. */
  quick: boolean;
}

export const DEFAULT_RESULTS_FILE = 'bench/results/results.jsonl';
export const QUICK_RESULTS_FILE = 'test-output/bench/results-quick.jsonl';

const HELP = `npm run bench -- [options]
  --quick                 every row for about a second: checks the benchmark works, measures nothing
                          (results go to ${QUICK_RESULTS_FILE})
  --duration <s>          seconds per measured run (default 4)
  --warmup <s>            seconds of warm-up load before each measured run (default 1)
  --initial-warmup <s>    seconds of load each target gets once before the first round (default 2)
  --rounds <n>            rounds, each running every throughput row once in turn (default 3, minimum 3)
  --connections <n>       concurrent connections for the throughput rows (default 50)
  --startups <n>          start-up samples of node dist/src/main.js and of npm start, each (default 3)
  --proxied-connections <n,...>  connection counts for proxied createConnection (default 1)
  --no-memory             skip the memory phase (idle RSS, then 5 x 100k requests)
  --memory-runs <n>       runs in the memory phase (default 5)
  --memory-requests <n>   requests per memory run (default 100000)
  --no-pin                do not pin servers and load generator to separate CPUs
  --cpu-prof <dir>        run the in-memory gateway under node --cpu-prof, writing profiles to <dir>
  --results <file>        append the run's JSON object to <file> (default ${DEFAULT_RESULTS_FILE})
  --no-write              print the results without appending them anywhere`;

function positive(name: string, value: string | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}`);
  return n;
}

/** Parses the bench flags; prints help and exits for --help. Throws on a bad value. */
export function parseBenchArgs(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      connections: { type: 'string' },
      startups: { type: 'string' },
      'proxied-connections': { type: 'string' },
      'no-memory': { type: 'boolean', default: false },
      'memory-runs': { type: 'string' },
      'memory-requests': { type: 'string' },
      'cpu-prof': { type: 'string' },
      results: { type: 'string' },
      'no-write': { type: 'boolean', default: false },
      'initial-warmup': { type: 'string' },
      'no-pin': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    process.exit(0);
  }
  const quick = values.quick;
  const proxied = (values['proxied-connections'] ?? '1').split(',').map((c) => positive('proxied-connections', c.trim(), 1));
  return {
    duration: positive('duration', values.duration, quick ? 1 : 4),
    warmup: positive('warmup', values.warmup, quick ? 0 : 1, 0),
    rounds: positive('rounds', values.rounds, quick ? 1 : 3, quick ? 1 : 3),
    connections: positive('connections', values.connections, 50),
    startups: positive('startups', values.startups, quick ? 1 : 3, 0),
    proxiedConnections: proxied,
    memory: !values['no-memory'],
    memoryRuns: positive('memory-runs', values['memory-runs'], quick ? 2 : 5, 2),
    memoryRequests: positive('memory-requests', values['memory-requests'], quick ? 2000 : 100_000),
    cpuProfDir: values['cpu-prof'],
    resultsFile: values['no-write'] ? null : (values.results ?? (quick ? QUICK_RESULTS_FILE : DEFAULT_RESULTS_FILE)),
    initialWarmup: positive('initial-warmup', values['initial-warmup'], quick ? 1 : 2, 0),
    pin: !values['no-pin'],
    quick,
  };
}

/** A `--rows a,b` list: the names given (all of `known` when unset); an unknown name is an error naming the known ones. */
export function parseRowList<T extends string>(value: string | undefined, known: readonly T[], fallback: readonly T[] = known): T[] {
  if (value === undefined) return [...fallback];
  const rows = value.split(',') as T[];
  const unknown = rows.filter((r) => !known.includes(r));
  if (unknown.length > 0) throw new Error(`unknown rows ${unknown.join(', ')}; known: ${known.join(', ')}`);
  return rows;
}
