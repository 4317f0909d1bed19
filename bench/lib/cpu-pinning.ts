import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';

/**
 * Where the benchmark's processes run. With two or more CPUs and `taskset` (util-linux) available,
 * every server under test runs on the last CPU and the load generator on the first, so the servers
 * never compete with autocannon for a core, and every server gets the same one. On a shared 2-core
 * machine that removes most of the run-to-run spread that scheduling adds. `--no-pin` turns it off.
 */
export interface CpuPinning {
  /** The CPU the servers run on, or null when nothing is pinned. */
  serverCpu: number | null;
  loadCpu: number | null;
  /** The command and arguments that start `command args` on the server CPU. */
  wrap(command: string, args: string[]): { command: string; args: string[] };
  /** The same on every CPU (start-up is timed with the whole machine; children inherit this process's CPU). */
  wrapAll(command: string, args: string[]): { command: string; args: string[] };
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Decides the pinning and moves this process (every thread of it) onto the load CPU. */
export function setUpCpuPinning(enabled: boolean): CpuPinning {
  const count = cpus().length;
  if (!enabled || count < 2 || !hasTaskset()) {
    const same = (command: string, args: string[]) => ({ command, args });
    return { serverCpu: null, loadCpu: null, wrap: same, wrapAll: same };
  }
  const serverCpu = count - 1;
  const loadCpu = 0;
  execFileSync('taskset', ['-a', '-p', '-c', String(loadCpu), String(process.pid)], { stdio: 'ignore' });
  return {
    serverCpu,
    loadCpu,
    wrap: (command, args) => ({ command: 'taskset', args: ['-c', String(serverCpu), command, ...args] }),
    wrapAll: (command, args) => ({ command: 'taskset', args: ['-c', `0-${count - 1}`, command, ...args] }),
  };
}
