/**
 * The arguments of `npm run token` (scripts/issue-dev-token.ts), read without side effects so every
 * refusal can be checked in a unit test: the script prints what this returns and exits with its code.
 */
import { parseArgs } from 'node:util';
import { identityTextProblem } from '../../src/auth/identity-text.js';

export const MAX_TTL_SECONDS = 7 * 24 * 3600;

export const USAGE = `Usage: npm run -s token -- [--sub <id>] [--name <display name>] [--roles <role,...>] [--ttl <seconds>]

Prints a caller token (JWT) signed with AUTH_JWT_SECRET, or with the built-in development secret when
it is unset, for Apollo Sandbox ("Authorization: Bearer <token>") and curl.

  --sub <id>            the caller's identity, the token's sub (default: dev-user)
  --name <name>         display name, in the claim named by AUTH_NAME_CLAIM
  --roles <role,...>    comma-separated policy roles, in the claim named by AUTH_ROLES_CLAIM (default: none)
  --ttl <seconds>       lifetime, 1 to ${MAX_TTL_SECONDS} (default: 3600)
  -h, --help            print this text
`;

export interface DevTokenRequest {
  sub: string;
  name?: string;
  roles: string[];
  ttlSeconds: number;
}

export type DevTokenArgs =
  | { kind: 'token'; request: DevTokenRequest }
  | { kind: 'help' }
  /** A bad argument: the one line naming it (the script adds the usage and exits with 2). */
  | { kind: 'refused'; message: string };

export function readDevTokenArgs(argv: string[]): DevTokenArgs {
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        sub: { type: 'string', default: 'dev-user' },
        name: { type: 'string' },
        roles: { type: 'string', default: '' },
        ttl: { type: 'string', default: '3600' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    // node:util parseArgs explains unknown options, missing values and stray arguments in one sentence.
    return { kind: 'refused', message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { kind: 'help' };
  const subProblem = identityTextProblem(values.sub, 'identity');
  if (subProblem) return { kind: 'refused', message: `--sub ${subProblem} (it becomes the caller's identity)` };
  const ttlSeconds = Number(values.ttl);
  if (!/^\d+$/.test(values.ttl) || ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) {
    return { kind: 'refused', message: `--ttl must be a whole number of seconds between 1 and ${MAX_TTL_SECONDS}` };
  }
  const roles = values.roles.split(',').map((r) => r.trim()).filter(Boolean);
  return { kind: 'token', request: { sub: values.sub, ...(values.name ? { name: values.name } : {}), roles, ttlSeconds } };
}
