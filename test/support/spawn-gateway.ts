/**
 * Runs the compiled entry point (`node dist/src/main.js`, what `npm start` runs) as a child process
 * with exactly the given environment (plus PATH), and resolves once it logs that it is ready.
 */
import { spawn, type ChildProcess } from 'node:child_process';

const ENTRY = new URL('../../dist/src/main.js', import.meta.url).pathname;

export interface SpawnedGateway {
  child: ChildProcess;
  port: number;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
}

export async function spawnGateway(env: Record<string, string>): Promise<SpawnedGateway> {
  const child = spawn(process.execPath, [ENTRY], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${output}`)), 15_000);
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      const match = /"port":(\d+)/.exec(output);
      if (match && output.includes('callgate ready')) {
        clearTimeout(timer);
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

