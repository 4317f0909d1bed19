import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Seconds per measured run. */
  duration: number;
  /** Seconds of unmeasured load before each measured run. */
  warmup: number;
  rounds: number;
  connections: number;
  /** Memory mode instead of the throughput bench: `memoryRuns` back-to-back runs of `memoryRequests`. */
  memory: boolean;
  memoryRuns: number;
  memoryRequests: number;
  /** Times `npm start` is measured to its first answer. */
  startups: number;
  /** Run the gateway under `node --cpu-prof`, profiles written here. */
  cpuProfDir: string | undefined;
  /** Write the results into docs/performance.md (otherwise print only). */
  write: boolean;
  /** Seconds of load each server gets once, before the first round (JIT and caches settle). */
  initialWarmup: number;
  /** Servers on one CPU, the load generator on another (see lib/cpu-pinning.ts). */
  pin: boolean;
}

const HELP = `npm run bench -- [options]
  --duration <s>          seconds per measured run (default 8)
  --warmup <s>            seconds of warm-up load before each measured run (default 2)
  --initial-warmup <s>    seconds of load each server gets once before the first round (default 5)
  --no-pin                do not pin servers and load generator to separate CPUs
  --rounds <n>            rounds, each running every server once in turn (default 3, minimum 3)
  --connections <n>       concurrent connections for the throughput runs (default 50)
  --startups <n>          npm start measurements (default 3)
  --memory                memory mode: back-to-back fixed-size runs against the gateway, RSS after each
  --memory-runs <n>       runs in memory mode (default 5)
  --memory-requests <n>   requests per run in memory mode (default 100000)
  --cpu-prof <dir>        run the gateway under node --cpu-prof, writing profiles to <dir>
  --no-write              print the results without updating docs/performance.md`;

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
      duration: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      connections: { type: 'string' },
      startups: { type: 'string' },
      memory: { type: 'boolean', default: false },
      'memory-runs': { type: 'string' },
      'memory-requests': { type: 'string' },
      'cpu-prof': { type: 'string' },
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
  return {
    duration: positive('duration', values.duration, 8),
    warmup: positive('warmup', values.warmup, 2, 0),
    rounds: positive('rounds', values.rounds, 3, 3),
    connections: positive('connections', values.connections, 50),
    startups: positive('startups', values.startups, 3, 0),
    memory: values.memory,
    memoryRuns: positive('memory-runs', values['memory-runs'], 5, 2),
    memoryRequests: positive('memory-requests', values['memory-requests'], 100_000),
    cpuProfDir: values['cpu-prof'],
    write: !values['no-write'],
    initialWarmup: positive('initial-warmup', values['initial-warmup'], 5, 0),
    pin: !values['no-pin'],
  };
}
