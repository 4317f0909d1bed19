/**
 * `npm run token`'s argument rules (scripts/lib/dev-token-args.ts), without a child process: every
 * refusal names the argument in one line; the e2e test (dev-token-script) runs the script itself.
 */
import { describe, expect, it } from '@jest/globals';
import { MAX_TTL_SECONDS, readDevTokenArgs, USAGE } from '../../../scripts/lib/dev-token-args.js';

describe('npm run token arguments', () => {
  it.each([['--help'], ['-h']])('%s asks for the usage, which names every option', (flag) => {
    expect(readDevTokenArgs([flag])).toEqual({ kind: 'help' });
    for (const option of ['--sub', '--name', '--roles', '--ttl', '--help']) expect(USAGE).toContain(option);
  });

  it.each([
    ['an empty --sub', ['--sub', ''], /^--sub must not be empty/],
    ['a blank --sub', ['--sub', '   '], /^--sub must not start or end with a space/],
    ['a 129-byte --sub', ['--sub', 'x'.repeat(129)], /^--sub must be at most 128 UTF-8 bytes/],
    ['--ttl 0', ['--ttl', '0'], /^--ttl must be a whole number of seconds between 1 and 604800$/],
    ['--ttl abc', ['--ttl', 'abc'], /^--ttl must be a whole number of seconds between 1 and/],
    ['--ttl 1.5', ['--ttl', '1.5'], /^--ttl must be a whole number/],
    ['a --ttl over a week', ['--ttl', String(MAX_TTL_SECONDS + 1)], /^--ttl must be a whole number/],
    ['an unknown option', ['--bogus'], /Unknown option '--bogus'/],
    ['--sub without a value', ['--sub'], /--sub/],
    ['a stray argument', ['extra'], /Unexpected argument 'extra'/],
  ])('refuses %s with one line naming it', (_label, argv, message) => {
    const args = readDevTokenArgs(argv);
    expect(args.kind).toBe('refused');
    if (args.kind !== 'refused') return;
    expect(args.message).toMatch(message);
    expect(args.message).not.toContain('\n');
  });

  it('reads the caller, trimmed roles and the lifetime; the defaults without arguments', () => {
    expect(readDevTokenArgs(['--sub', 'alice', '--name', 'Alice', '--roles', ' moderator, member ,', '--ttl', '120'])).toEqual({
      kind: 'token',
      request: { sub: 'alice', name: 'Alice', roles: ['moderator', 'member'], ttlSeconds: 120 },
    });
    expect(readDevTokenArgs([])).toEqual({ kind: 'token', request: { sub: 'dev-user', roles: [], ttlSeconds: 3600 } });
    expect(readDevTokenArgs(['--ttl', String(MAX_TTL_SECONDS)])).toMatchObject({ kind: 'token', request: { ttlSeconds: MAX_TTL_SECONDS } });
  });
});
