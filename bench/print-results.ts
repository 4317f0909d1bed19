/**
 * `node dist-tools/bench/print-results.js [file] [--run <n>]`: prints a run from the results file
 * (default bench/results/results.jsonl; the last run, or the n-th, 1-based, negative from the end) as
 * the Markdown `npm run bench` printed at the end of it, to summarise in docs/performance.md by hand.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_RESULTS_FILE } from './lib/bench-args.js';
import { renderResults } from './lib/report.js';
import type { RunResults } from './lib/results.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const { positionals, values } = parseArgs({ allowPositionals: true, options: { run: { type: 'string' } } });
const file = positionals[0] ?? join(repoRoot, DEFAULT_RESULTS_FILE);
const runs = readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '');
const n = Number(values.run ?? -1);
const line = runs.at(n > 0 ? n - 1 : n);
if (!Number.isInteger(n) || n === 0 || line === undefined) {
  process.stderr.write(`${file} has ${runs.length} run(s); --run takes 1..${runs.length} or -1..-${runs.length}\n`);
  process.exit(2);
}
process.stdout.write(`${renderResults(JSON.parse(line) as RunResults)}\n`);
