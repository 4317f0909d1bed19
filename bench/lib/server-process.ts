import { fork, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, readFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A server under test, running in its own process so RSS and CPU are its own. */
export interface ServerProcess {
  name: string;
  child: ChildProcess;
  port: number;
  /** From spawn to the first successful probe answer. */
  startupMs: number;
  /** Where the process's stdout and stderr go (a file: no pipe for the benchmark to drain). */
  logFile: string;
  stop(): Promise<void>;
}

/** A free port on 127.0.0.1 (bind port 0, read it, release it). */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Resident set size of a process in bytes, from /proc (Linux). */
export function readRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  if (!kb) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb) * 1024;
}

/** CPU time (user + system, all threads) a process has used so far, in seconds, from /proc (Linux). */
export function readCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15 overall.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** USER_HZ: 100 on every mainstream Linux build. */
const CLOCK_TICKS_PER_SECOND = 100;

function tail(file: string, bytes = 2000): string {
  try {
    const text = readFileSync(file, 'utf8');
    return text.slice(-bytes);
  } catch {
    return '';
  }
}

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  port: number;
  logDir: string;
  /** Resolves true once the server answers a real request correctly. */
  probe: () => Promise<boolean>;
  /** Start a new process group, so `stop` also ends children (needed for `npm start`). */
  processGroup?: boolean;
  /** Working directory (`npm start` needs the repository's); default this process's. */
  cwd?: string;
  timeoutMs?: number;
}

/** Spawns a server and waits until `probe` succeeds, polling every 5 ms. */
export async function startServer(options: StartOptions): Promise<ServerProcess> {
  const logFile = join(options.logDir, `${options.name}-${options.port}.log`);
  const fd = openSync(logFile, 'a');
  const started = performance.now();
  const child = spawn(options.command, options.args, {
    env: options.env,
    cwd: options.cwd,
    stdio: ['ignore', fd, fd],
    detached: options.processGroup ?? false,
  });
  closeSync(fd);
  const deadline = started + (options.timeoutMs ?? 20_000);
  let exited = false;
  child.once('exit', () => (exited = true));
  for (;;) {
    if (exited) throw new Error(`${options.name} exited before answering:\n${tail(logFile)}`);
    if (await options.probe().catch(() => false)) break;
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.name} did not answer within ${options.timeoutMs ?? 20_000} ms:\n${tail(logFile)}`);
    }
    await sleep(5);
  }
  const startupMs = performance.now() - started;
  return {
    name: options.name,
    child,
    port: options.port,
    startupMs,
    logFile,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exit = once(child, 'exit');
      const signal = (name: NodeJS.Signals) =>
        options.processGroup && child.pid ? process.kill(-child.pid, name) : child.kill(name);
      signal('SIGTERM');
      const timer = setTimeout(() => signal('SIGKILL'), 15_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

export interface DoubleStats {
  connections: number;
  open: number;
  requests: number;
}

export interface DoubleProcess {
  url: string;
  sessionId: string;
  child: ChildProcess;
  /** TCP connections the double accepted since it started, those open now, and requests served. */
  stats(): Promise<DoubleStats>;
  stop(): Promise<void>;
}

/** Forks the OpenVidu double process (IPC channel for its counters). */
export async function startOpenViduDouble(script: string, secret: string): Promise<DoubleProcess> {
  const child = fork(script, [], { env: { PATH: process.env.PATH ?? '', OPENVIDU_SECRET: secret }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const [ready] = (await once(child, 'message')) as [{ type: string; url: string; sessionId: string }];
  if (ready.type !== 'ready') throw new Error('the OpenVidu double did not start');
  return {
    url: ready.url,
    sessionId: ready.sessionId,
    child,
    async stats() {
      const answer = once(child, 'message') as Promise<[DoubleStats]>;
      child.send({ type: 'stats' });
      const [{ connections, open, requests }] = await answer;
      return { connections, open, requests };
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exit = once(child, 'exit');
      child.disconnect();
      await exit;
    },
  };
}
