/**
 * `npm run token` (the compiled scripts/issue-dev-token.js) as a user meets it on day one: `--help`
 * prints usage, a bad argument gets one clear line and the usage (exit 2, no stack trace), and the token
 * it prints is accepted by the caller-token rules (checked with jose against the development secret).
 * Each argument rule is a unit test (test/unit/scripts/dev-token-args.test.ts); here the script is run
 * once per kind of outcome.
 */
import { execFile } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { jwtVerify } from 'jose';
import { DEV_DEFAULTS } from '../../src/config/load-config.js';

const SCRIPT = new URL('../../dist-tools/scripts/issue-dev-token.js', import.meta.url).pathname;

/** Runs the script in a child process; the cases run side by side (`it.concurrent`). */
function runToken(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SCRIPT, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const STACK_FRAME = /^\s+at /m;

describe('npm run token', () => {
  it.concurrent('--help prints the usage on stdout and exits 0', async () => {
    const run = await runToken(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm run -s token -- /);
    for (const option of ['--sub', '--name', '--roles', '--ttl']) expect(run.stdout).toContain(option);
    expect(run.stderr).toBe('');
  });

  it.concurrent.each([
    ['an empty --sub', ['--sub', ''], /--sub must not be empty/],
    ['an unknown option', ['--bogus'], /Unknown option '--bogus'/],
  ])('refuses %s with a clear line, the usage and exit code 2', async (_label, args, message) => {
    const run = await runToken(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const [first] = run.stderr.split('\n');
    expect(first).toMatch(/^npm run token: /);
    expect(first).toMatch(message);
    expect(run.stderr).toContain('Usage: npm run -s token -- ');
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it.concurrent('prints a caller token the gateway accepts, signed with the development secret', async () => {
    const run = await runToken(['--sub', 'alice', '--name', 'Alice', '--roles', 'moderator, member', '--ttl', '120']);
    expect(run.code).toBe(0);
    const { payload } = await jwtVerify(run.stdout.trim(), new TextEncoder().encode(DEV_DEFAULTS.authSecret), { algorithms: ['HS256'] });
    expect(payload).toMatchObject({ sub: 'alice', name: 'Alice', roles: ['moderator', 'member'] });
    expect(payload.exp! - payload.iat!).toBe(120);
  });

  it.concurrent('names the variable, not a stack, when the configuration is invalid', async () => {
    const run = await runToken(['--sub', 'alice'], { NODE_ENV: 'production' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^npm run token: /);
    expect(run.stderr).toMatch(/AUTH_/);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });
});
