import { machineLine } from './machine.js';
import type { RunResults } from './results.js';

/** A GitHub-flavoured Markdown table; numbers are expected pre-formatted. */
export function markdownTable(headers: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

export const fmt = {
  rps: (n: number) => Math.round(n).toLocaleString('en-US'),
  ms: (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '-'),
  us: (n: number) => (Number.isFinite(n) ? String(Math.round(n)) : '-'),
  ratio: (n: number) => `${n.toFixed(2)}x`,
  mib: (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`,
  verdict: (met: boolean) => (met ? '**met**' : '**not met**'),
};

const phaseList = (phases: Record<string, number> | undefined): string =>
  phases && Object.keys(phases).length
    ? ` (${Object.entries(phases)
        .map(([phase, seconds]) => `${phase} ${seconds.toFixed(0)} s`)
        .join(', ')})`
    : '';

/** The run as Markdown: rows, proxied, start-up, memory, optional rows and the targets with verdicts. */
export function renderResults(results: RunResults): string {
  const rowTable = markdownTable(
    ['row', 'server', 'req/s (median)', 'p50 ms', 'p99 ms', 'errors', 'server CPU µs/req', 'req/s vs express-sample (median of rounds)', 'CPU/req, express-sample / row', 'req/s by round'],
    results.rows.map((r) => [
      r.label,
      r.server,
      fmt.rps(r.rps),
      fmt.ms(r.p50Ms),
      fmt.ms(r.p99Ms),
      String(r.errors),
      fmt.us(r.cpuUsPerRequest),
      r.vsExpress ? `${fmt.ratio(r.vsExpress.median)} (of medians ${fmt.ratio(r.vsExpress.ofMedians)})` : '-',
      r.cpuVsExpress === null ? '-' : fmt.ratio(r.cpuVsExpress),
      r.rpsByRound.map(fmt.rps).join(' / '),
    ]),
  );
  const proxied = markdownTable(
    ['connections', 'gateway p50 ms', 'direct p50 ms', 'added p50 ms', 'gateway p99 ms', 'gateway req/s', 'gateway CPU µs/req', 'provider connections opened, by round'],
    results.proxied.map((p) => [
      String(p.connections),
      fmt.ms(p.gateway.p50Ms),
      fmt.ms(p.direct.p50Ms),
      fmt.ms(p.addedP50Ms),
      fmt.ms(p.gateway.p99Ms),
      fmt.rps(p.gateway.rps),
      fmt.us(p.gateway.cpuUsPerRequest),
      p.providerConnectionsByRound.join(' / '),
    ]),
  );
  const memory = results.memory
    ? markdownTable(
        ['memory run', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'server CPU µs/req', 'RSS after, MiB'],
        results.memory.runs.map((r, i) => [String(i + 1), fmt.rps(r.rps), fmt.ms(r.p50Ms), fmt.ms(r.p99Ms), String(r.errors), fmt.us(r.cpuUsPerRequest), String(r.rssMiB)]),
      )
    : 'memory phase skipped (--no-memory)';
  const targets = markdownTable(
    ['target', 'what', 'measured', 'verdict'],
    results.targets.map((t) => [t.target, t.what, t.measured, t.met === null ? '-' : fmt.verdict(t.met)]),
  );
  return [
      '',
      `## Results${results.quick ? ' (--quick: a smoke test, not a measurement)' : ''}`,
      '',
      machineLine(results.machine),
      results.pinning,
      `commit ${results.commit ?? 'unknown'}${results.dirty ? ' (with uncommitted changes)' : ''}; ${results.durationSeconds.toFixed(0)} s in all${phaseList(results.phaseSeconds)}`,
      '',
      rowTable,
      '',
      proxied,
      '',
      `Start-up to the first verified token: node dist/src/main.js ${results.startup.nodeMs.map((s) => s.toFixed(0)).join(', ') || '-'} ms; npm start ${results.startup.npmMs.map((s) => s.toFixed(0)).join(', ') || '-'} ms.`,
      results.memory ? `Idle RSS after start-up: ${results.memory.idleRssMiB} MiB; growth first run to last: ${(results.memory.growth * 100).toFixed(1)}%.` : '',
      '',
      memory,
      '',
      Object.keys(results.optional).length ? `Optional rows: ${JSON.stringify(results.optional)}\n` : '',
      results.quiet && !results.quiet.ok
        ? `**Not a quiet run** (${results.quiet.reasons.join('; ')}): the req/s verdicts below are not to be cited; read the CPU cross-check.\n`
        : '',
      targets,
      '',
    ].join('\n');
}
