/**
 * A throw-away `redis-server` (the Debian package; .ci/run installs it) on 127.0.0.1 and a free port,
 * never the machine's own Redis on 6379. No persistence, so every start is empty. Tests can kill it,
 * freeze it (SIGSTOP, to play a hung server) and start it again on the same port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { unusedPortUrl } from './doubles/double-server.js';

export interface TestRedisServer {
  url: string;
  port: number;
  /** SIGKILL, as a crash would: open connections drop at once. */
  kill(): Promise<void>;
  /** Starts a fresh (empty) server on the same port after `kill()`. */
  restart(): Promise<void>;
  /** SIGSTOP: the socket stays open but nothing answers. */
  freeze(): void;
  /** SIGCONT after `freeze()`. */
  thaw(): void;
  /** Stops the server if it runs; for afterAll. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

/** Sends PING over a raw socket; resolves true on +PONG. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('data', (data) => finish(data.toString().startsWith('+PONG')));
    socket.once('connect', () => socket.write('PING\r\n'));
  });
}

function spawnRedis(port: number): ChildProcess {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--protected-mode', 'yes', '--loglevel', 'warning'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return child;
}

async function waitUntilUp(child: ChildProcess, port: number, output: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`redis-server exited before answering PING:\n${output()}`);
    }
    if (await ping(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server did not answer PING on port ${port} within 10 s:\n${output()}`);
}

export async function startRedisServer(): Promise<TestRedisServer> {
  const port = Number(new URL(await unusedPortUrl()).port);
  let child: ChildProcess | null = null;
  let stderr = '';

  const start = async () => {
    stderr = '';
    const started = spawnRedis(port);
    started.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    started.once('error', (error) => (stderr += `\n${error.message} (is the redis-server package installed? .ci/run installs it)`));
    child = started;
    await waitUntilUp(started, port, () => stderr);
  };

  const kill = async () => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = once(running, 'exit');
    running.kill('SIGCONT');
    running.kill('SIGKILL');
    await exited;
  };

  await start();
  return {
    url: `redis://${HOST}:${port}`,
    port,
    kill,
    restart: start,
    freeze: () => void child?.kill('SIGSTOP'),
    thaw: () => void child?.kill('SIGCONT'),
    stop: kill,
  };
}
