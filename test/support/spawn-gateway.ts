/**
 * Runs the compiled entry point (`node dist/src/main.js`, what `npm start` runs) as a child process
 * with exactly the given environment (plus PATH), and resolves once it logs that it is ready.
 * `entry` and `cwd` run another copy of the build, e.g. one deployed into a temporary folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';

const ENTRY = new URL('../../dist/src/main.js', import.meta.url).pathname;

/** How long `spawnGateway` waits for the ready line before it kills the process; hooks that call it allow more. */
export const GATEWAY_START_TIMEOUT_MS = 30_000;

export interface SpawnedGateway {
  child: ChildProcess;
  port: number;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
}

export async function spawnGateway(env: Record<string, string>, options: { entry?: string; cwd?: string } = {}): Promise<SpawnedGateway> {
  const child = spawn(process.execPath, [options.entry ?? ENTRY], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    // A bound for a start-up that never comes, not a speed requirement: a loaded machine starts slowly.
    const fail = (reason: string) => {
      clearTimeout(timer);
      if (child.exitCode === null) child.kill('SIGKILL');
      reject(new Error(`gateway did not start (${reason}):\n${output}`));
    };
    const timer = setTimeout(() => fail('no ready line'), GATEWAY_START_TIMEOUT_MS);
    const onClose = (code: number | null) => fail(`exited with ${code}`);
    child.once('close', onClose);
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      const match = /"port":(\d+)/.exec(output);
      if (match && output.includes('callgate ready')) {
        clearTimeout(timer);
        child.off('close', onClose);
        resolve(Number(match[1]));
      }
    });
  });
  return { child, port, output: () => output };
}

/**
 * Runs the entry point with a configuration it must refuse: resolves with the exit code and what it
 * wrote once it exits. Rejects if it becomes ready instead (or has not exited after `timeoutMs`).
 */
export async function runRefusedGateway(env: Record<string, string>, timeoutMs = 15_000): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawn(process.execPath, [ENTRY], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`gateway did not exit:\n${stdout}${stderr}`));
    }, timeoutMs);
    // 'close' comes after the exit, once stdout and stderr are drained.
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}

