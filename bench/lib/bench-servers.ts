import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_POLICY } from '../../src/policy/default-policy.js';
import type { CpuPinning } from './cpu-pinning.js';
import type { LoadTarget } from './load.js';
import { freePort, startServer, type ServerProcess } from './server-process.js';
import { CALLER, gatewayLivekitTarget, mintCallerToken, probeLivekitTarget, type BenchSecrets } from './targets.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Where writeBenchPolicy puts the policy file in a benchmark's working folder. */
export const benchPolicyPath = (dir: string): string => join(dir, 'bench-policy.json');

/**
 * Writes, into `dir`, the built-in policy with rate-limit budgets no benchmark reaches: one caller on
 * loopback sends tens of thousands of requests a minute. The limiter still runs (and costs) on every
 * request. Returns the file's path.
 */
export function writeBenchPolicy(dir: string): string {
  const path = benchPolicyPath(dir);
  const budget = { points: 1_000_000, durationSeconds: 1 };
  writeFileSync(path, JSON.stringify({ ...DEFAULT_POLICY, rateLimits: { perCaller: budget, perIp: budget } }));
  return path;
}

/** What sets one benchmark gateway apart from the others. */
export interface GatewayVariant {
  /** The OpenVidu double, for the proxied rows. */
  openviduUrl?: string;
  /** AUTH_JWKS_URL mode (RS256 callers, issuer and audience required) instead of AUTH_JWT_SECRET. */
  jwks?: { url: string; issuer: string; audience: string };
  /** REDIS_URL: rate limits, room ownership and events in Redis, as production replicas run. */
  redisUrl?: string;
  /** GRAPHQL_TRUSTED_DOCUMENTS (with only-mode): the client manifest, as docs/operations.md recommends for first-party apps. */
  trustedDocuments?: string;
}

/** The gateway's environment in every benchmark: production mode, HS256 callers unless JWKS, the bench policy. */
export function gatewayEnv(secrets: BenchSecrets, port: number, policyFile: string, variant: GatewayVariant = {}): Record<string, string> {
  const { openviduUrl, jwks, redisUrl, trustedDocuments } = variant;
  return {
    POLICY_FILE: policyFile,
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    ...(jwks
      ? { AUTH_JWKS_URL: jwks.url, AUTH_ISSUER: jwks.issuer, AUTH_AUDIENCE: jwks.audience }
      : { AUTH_JWT_SECRET: secrets.authSecret }),
    LIVEKIT_API_KEY: secrets.livekitKey,
    LIVEKIT_API_SECRET: secrets.livekitSecret,
    LIVEKIT_URL: 'wss://livekit.bench.invalid',
    ...(openviduUrl ? { OPENVIDU_URL: openviduUrl, OPENVIDU_SECRET: secrets.openviduSecret } : {}),
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    ...(trustedDocuments ? { GRAPHQL_TRUSTED_DOCUMENTS: trustedDocuments, GRAPHQL_TRUSTED_DOCUMENTS_ONLY: 'true' } : {}),
  };
}

/**
 * Starts a reference server from `scriptPath` (a baseline, or apollo-floor) on the server CPU, and
 * waits until its token for `targetFor(baseUrl)` verifies, naming the participant as identity.
 */
export async function startReference(
  name: string,
  scriptPath: string,
  targetFor: (baseUrl: string) => LoadTarget,
  secrets: BenchSecrets,
  logDir: string,
  pinning: CpuPinning,
): Promise<ServerProcess> {
  const port = await freePort();
  const target = targetFor(`http://127.0.0.1:${port}`);
  return startServer({
    name,
    ...pinning.wrap(process.execPath, [scriptPath]),
    env: { PATH: process.env.PATH ?? '', PORT: String(port), LIVEKIT_API_KEY: secrets.livekitKey, LIVEKIT_API_SECRET: secrets.livekitSecret },
    port,
    logDir,
    probe: () => probeLivekitTarget(target, secrets, CALLER.name),
  });
}

export interface StartGatewayOptions {
  /** `npm start` instead of `node <main>` (start-up is timed both ways). */
  command?: 'node' | 'npm';
  /** The gateway's entry point (another build's, for compare-builds); default the production build's dist/src/main.js. */
  main?: string;
  /** Node flags before the entry point (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
  wrap: CpuPinning['wrap'];
  /** The caller of the first request; default a fresh HS256 token for CALLER. */
  probeToken?: { token: string; sub: string };
}

/**
 * Spawns a gateway with the benchmark environment (gatewayEnv, the policy writeBenchPolicy put in
 * `logDir`) and waits for its first LiveKit token that verifies for the probe caller.
 */
export async function startGateway(name: string, secrets: BenchSecrets, logDir: string, variant: GatewayVariant, options: StartGatewayOptions): Promise<ServerProcess> {
  const port = await freePort();
  const probeToken = options.probeToken ?? { token: await mintCallerToken(secrets), sub: CALLER.sub };
  const probe = gatewayLivekitTarget(repoRoot, `http://127.0.0.1:${port}`, probeToken.token);
  const npm = options.command === 'npm';
  const main = options.main ?? join(repoRoot, 'dist', 'src', 'main.js');
  return startServer({
    name,
    ...options.wrap(npm ? 'npm' : process.execPath, npm ? ['start', '--silent'] : [...(options.nodeArgs ?? []), main]),
    env: gatewayEnv(secrets, port, benchPolicyPath(logDir), variant),
    port,
    logDir,
    probe: () => probeLivekitTarget(probe, secrets, probeToken.sub),
    processGroup: npm,
    cwd: repoRoot,
  });
}
