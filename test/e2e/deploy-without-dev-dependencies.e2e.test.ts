/**
 * The README's "Deploying" path, for real: the built project (package.json, package-lock.json,
 * node_modules with every dev dependency, dist/src) is reproduced in an empty folder, `npm prune
 * --omit=dev` removes the dev dependencies there, and `node dist/src/main.js` serves in production
 * mode from that folder: no TypeScript, no jest, no source tree. Needs a built dist/src and an
 * installed node_modules (`npm ci`, then `npm test` builds first).
 *
 * node_modules is reproduced with hard links (a copy where the file system cannot link): pruning only
 * removes directory entries, so the project's own files are untouched, and nothing is downloaded. The
 * one file npm rewrites in place, its record of the installed tree, is copied instead.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { copyFileSync, cpSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TokenVerifier } from 'livekit-server-sdk';
import { mintHs256CallerToken } from '../support/caller-tokens.js';
import { spawnGateway, type SpawnedGateway } from '../support/spawn-gateway.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const APP_ORIGIN = 'https://app.example.test';
const LIVEKIT_URL = 'wss://livekit.example.test';
const secret = () => randomBytes(32).toString('base64url');
const secrets = { auth: secret(), livekitKey: `key-${randomBytes(6).toString('hex')}`, livekit: secret() };

/** Hidden lockfile npm rewrites in place when it prunes: copied, never linked. */
const REWRITTEN = new Set(['.package-lock.json']);

/** Recreates the tree `from` at `to` with hard links to its files (copies across file systems), symlinks as symlinks. */
function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) linkTree(source, target);
    else if (entry.isSymbolicLink()) symlinkSync(readlinkSync(source), target);
    else if (REWRITTEN.has(entry.name)) copyFileSync(source, target);
    else {
      try {
        linkSync(source, target);
      } catch {
        copyFileSync(source, target);
      }
    }
  }
}

/** Runs npm in `cwd` with this process's environment minus the npm_* variables an outer `npm test` sets. */
async function npm(args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) && name !== 'NODE_OPTIONS'));
  const child = spawn('npm', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output };
}

describe('deploying the production build without dev dependencies', () => {
  let dir = '';
  let gateway: SpawnedGateway | undefined;
  let child: ChildProcess;
  let url = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'callgate-deploy-'));
    for (const file of ['package.json', 'package-lock.json']) cpSync(join(ROOT, file), join(dir, file));
    cpSync(join(ROOT, 'dist', 'src'), join(dir, 'dist', 'src'), { recursive: true });
    cpSync(join(ROOT, 'policy.example.json'), join(dir, 'policy.json'));
    linkTree(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    // The dev dependencies are there before pruning, so the check below proves that pruning removed them.
    expect(existsSync(join(dir, 'node_modules', 'typescript'))).toBe(true);

    const prune = await npm(['prune', '--omit=dev', '--no-audit', '--no-fund'], dir);
    if (prune.code !== 0) throw new Error(`npm prune --omit=dev failed (${prune.code}):\n${prune.output}`);

    gateway = await spawnGateway(
      {
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: '0',
        AUTH_JWT_SECRET: secrets.auth,
        LIVEKIT_API_KEY: secrets.livekitKey,
        LIVEKIT_API_SECRET: secrets.livekit,
        LIVEKIT_URL,
        CORS_ORIGINS: APP_ORIGIN,
        POLICY_FILE: join(dir, 'policy.json'),
      },
      { entry: join(dir, 'dist', 'src', 'main.js'), cwd: dir },
    );
    child = gateway.child;
    url = `http://127.0.0.1:${gateway.port}/graphql`;
  }, 300_000);

  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('leaves no devDependency installed', () => {
    const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
    const devOnly = Object.keys(lock.packages).filter((path) => path && lock.packages[path]!.dev);
    expect(devOnly).toEqual(expect.arrayContaining(['node_modules/typescript', 'node_modules/jest']));
    expect(devOnly.filter((path) => existsSync(join(dir, path)))).toEqual([]);
    expect(existsSync(join(dir, 'node_modules', 'livekit-server-sdk'))).toBe(true);
  });

  it('issues a LiveKit token that verifies with the configured key, under the policy file', async () => {
    const token = await mintHs256CallerToken(secrets.auth, { sub: 'alice', name: 'Alice' });
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, origin: APP_ORIGIN },
      body: JSON.stringify({ query: 'mutation { issueLivekitToken(input: { roomName: "lobby-demo" }) { token identity serverUrl } }' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    const body = (await res.json()) as { data: { issueLivekitToken: { token: string; identity: string; serverUrl: string } } };
    expect(body.data.issueLivekitToken.serverUrl).toBe(LIVEKIT_URL);
    const claims = await new TokenVerifier(secrets.livekitKey, secrets.livekit).verify(body.data.issueLivekitToken.token);
    expect(claims.sub).toBe('alice');
    expect(claims.video?.room).toBe('lobby-demo');
    // policy.example.json lets a guest watch lobbies only; the built-in policy would allow publishing.
    expect(claims.video?.canSubscribe).toBe(true);
    expect(claims.video?.canPublish).toBe(false);
  });

  it('refuses a caller token signed with another secret', async () => {
    const token = await mintHs256CallerToken(secret(), { sub: 'mallory' });
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ viewer { id } }' }),
    });
    const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('allows the configured origin by CORS and no other', async () => {
    const preflight = (origin: string) =>
      fetch(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
    expect((await preflight(APP_ORIGIN)).headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect((await preflight('https://studio.apollographql.com')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('exits 0 on SIGTERM, having logged none of its secrets', async () => {
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    for (const value of [secrets.auth, secrets.livekit]) expect(gateway!.output()).not.toContain(value);
  });
});
