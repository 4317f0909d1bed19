/**
 * Runs the compiled entry point (`node dist/src/main.js`, what `npm start` runs) as a child process
 * with exactly the given environment (plus PATH), and resolves once it logs that it is ready.
 * `entry` and `cwd` run another copy of the build, e.g. one deployed into a temporary folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';

const ENTRY = new URL('../../dist/src/main.js', import.meta.url).pathname;

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
