/**
 * Prints a caller JWT signed with the gateway's HS256 caller secret (AUTH_JWT_SECRET, or the built-in
 * development secret), for Apollo Sandbox and curl:
 *
 *   npm run -s token -- --sub alice --name Alice --roles moderator [--ttl 3600]
 *
 * `--help` prints the usage. A bad argument gets one line naming it, then the usage, and exit code 2;
 * a configuration the script cannot sign with gets its reason and exit code 1. Never a stack trace.
 */
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import { identityTextProblem } from '../src/auth/identity-text.js';
import { ConfigError, loadConfig } from '../src/config/load-config.js';

const MAX_TTL_SECONDS = 7 * 24 * 3600;

const USAGE = `Usage: npm run -s token -- [--sub <id>] [--name <display name>] [--roles <role,...>] [--ttl <seconds>]

Prints a caller token (JWT) signed with AUTH_JWT_SECRET, or with the built-in development secret when
it is unset, for Apollo Sandbox ("Authorization: Bearer <token>") and curl.

  --sub <id>            the caller's identity, the token's sub (default: dev-user)
  --name <name>         display name, in the claim named by AUTH_NAME_CLAIM
  --roles <role,...>    comma-separated policy roles, in the claim named by AUTH_ROLES_CLAIM (default: none)
  --ttl <seconds>       lifetime, 1 to ${MAX_TTL_SECONDS} (default: 3600)
  -h, --help            print this text
`;

function fail(message: string, code: number, withUsage: boolean): never {
  process.stderr.write(`npm run token: ${message}\n${withUsage ? `\n${USAGE}` : ''}`);
  process.exit(code);
}

function readArgs() {
  try {
    return parseArgs({
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
    return fail(error instanceof Error ? error.message : String(error), 2, true);
  }
}

const args = readArgs();
if (args.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const subProblem = identityTextProblem(args.sub, 'identity');
if (subProblem) fail(`--sub ${subProblem} (it becomes the caller's identity)`, 2, true);
const ttl = Number(args.ttl);
if (!/^\d+$/.test(args.ttl) || ttl < 1 || ttl > MAX_TTL_SECONDS) {
  fail(`--ttl must be a whole number of seconds between 1 and ${MAX_TTL_SECONDS}`, 2, true);
}

let config;
try {
  config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
} catch (error) {
  if (error instanceof ConfigError) fail(error.message, 1, false);
  throw error;
}
if (config.auth.mode !== 'secret' || !config.auth.secret) {
  fail('this configuration verifies callers with AUTH_JWKS_URL; ask that identity provider for a token instead.', 1, false);
}
const roles = args.roles.split(',').map((r) => r.trim()).filter(Boolean);
const claims: Record<string, unknown> = { [config.auth.rolesClaim]: roles };
if (args.name) claims[config.auth.nameClaim] = args.name;
let jwt = new SignJWT(claims)
  .setProtectedHeader({ alg: config.auth.algorithms[0] ?? 'HS256', typ: 'JWT' })
  .setSubject(args.sub)
  .setIssuedAt()
  .setExpirationTime(`${ttl}s`);
if (config.auth.issuer) jwt = jwt.setIssuer(config.auth.issuer);
if (config.auth.audience) jwt = jwt.setAudience(config.auth.audience);
process.stdout.write(`${await jwt.sign(config.auth.secret)}\n`);
