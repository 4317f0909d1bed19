/**
 * Prints a caller JWT signed with the gateway's HS256 caller secret (AUTH_JWT_SECRET, or the built-in
 * development secret), for Apollo Sandbox and curl:
 *
 *   npm run -s token -- --sub alice --name Alice --roles moderator [--ttl 3600]
 *
 * `--help` prints the usage. A bad argument gets one line naming it, then the usage, and exit code 2;
 * a configuration the script cannot sign with gets its reason and exit code 1. Never a stack trace.
 */
import { SignJWT } from 'jose';
import { ConfigError, loadConfig } from '../src/config/load-config.js';
import { readDevTokenArgs, USAGE } from './lib/dev-token-args.js';

function fail(message: string, code: number, withUsage: boolean): never {
  process.stderr.write(`npm run token: ${message}\n${withUsage ? `\n${USAGE}` : ''}`);
  process.exit(code);
}

const args = readDevTokenArgs(process.argv.slice(2));
if (args.kind === 'help') {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (args.kind === 'refused') fail(args.message, 2, true);
const { request } = args;

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
const claims: Record<string, unknown> = { [config.auth.rolesClaim]: request.roles };
if (request.name) claims[config.auth.nameClaim] = request.name;
let jwt = new SignJWT(claims)
  .setProtectedHeader({ alg: config.auth.algorithms[0] ?? 'HS256', typ: 'JWT' })
  .setSubject(request.sub)
  .setIssuedAt()
  .setExpirationTime(`${request.ttlSeconds}s`);
if (config.auth.issuer) jwt = jwt.setIssuer(config.auth.issuer);
if (config.auth.audience) jwt = jwt.setAudience(config.auth.audience);
process.stdout.write(`${await jwt.sign(config.auth.secret)}\n`);
