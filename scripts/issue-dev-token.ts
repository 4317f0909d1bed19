/**
 * Prints a caller JWT signed with the gateway's HS256 caller secret (AUTH_JWT_SECRET, or the built-in
 * development secret), for Apollo Sandbox and curl:
 *
 *   npm run token -- --sub alice --name Alice --roles moderator [--ttl 3600]
 */
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import { loadConfig } from '../src/config/load-config.js';

const { values } = parseArgs({
  options: {
    sub: { type: 'string', default: 'dev-user' },
    name: { type: 'string' },
    roles: { type: 'string', default: '' },
    ttl: { type: 'string', default: '3600' },
  },
});

const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
if (config.auth.mode !== 'secret' || !config.auth.secret) {
  process.stderr.write('npm run token signs with AUTH_JWT_SECRET; this configuration uses AUTH_JWKS_URL.\n');
  process.exit(1);
}
const roles = values.roles.split(',').map((r) => r.trim()).filter(Boolean);
const claims: Record<string, unknown> = { [config.auth.rolesClaim]: roles };
if (values.name) claims[config.auth.nameClaim] = values.name;
let jwt = new SignJWT(claims)
  .setProtectedHeader({ alg: config.auth.algorithms[0] ?? 'HS256', typ: 'JWT' })
  .setSubject(values.sub)
  .setIssuedAt()
  .setExpirationTime(`${Number(values.ttl)}s`);
if (config.auth.issuer) jwt = jwt.setIssuer(config.auth.issuer);
if (config.auth.audience) jwt = jwt.setAudience(config.auth.audience);
process.stdout.write(`${await jwt.sign(config.auth.secret)}\n`);
