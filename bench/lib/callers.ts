/**
 * Distinct callers for the benchmark: pools of pre-signed caller tokens, and the JWKS the RS256 gateway
 * fetches its keys from.
 *
 * Real traffic has each participant ask for a token once or a few times, so the gateway's verified-token
 * cache (src/auth/verified-token-cache.ts, a least-recently-used map) rarely helps. A pool here holds
 * more tokens than that cache (`POOL_FACTOR` times its size), split between the connections, and the
 * load runs go on through it where the previous run stopped (`cursor`, lib/load.ts): a token comes
 * back only after every other token of the pool has been sent, by which time a strict LRU of the
 * cache's size has dropped it. The cursor is per server process (`newCursor`). So every request of a
 * distinct-caller row pays for a full signature check, as a cache miss in production does.
 *
 * Tokens are signed here with node:crypto (HS256 with the gateway's secret; RS256 with a key pair whose
 * public half the JWKS below publishes) because a pool takes thousands of signatures; the gateway checks
 * them with jose like any other caller token. RSA signing is slow (about 1–2 ms a token), so RS256
 * pools are signed on worker threads, before the benchmark pins itself to one CPU.
 */
import { createHmac, createPrivateKey, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { VERIFIED_TOKEN_CACHE_SIZE } from '../../src/auth/verified-token-cache.js';

/** Tokens in a pool per entry of the gateway's verified-token cache. */
export const POOL_FACTOR = 1.5;
/** Long enough for the whole run; the gateway still checks `exp` on every request. */
export const CALLER_TOKEN_LIFETIME_SECONDS = 3 * 3600;
export const CALLER_NAME = 'Bench User';

/** `connections` lists of distinct callers, together at least `POOL_FACTOR` x the cache size. */
export interface CallerPool {
  /** tokens[c][i]: the i-th caller of connection c. */
  tokens: string[][];
  /** The `sub` of each token, same layout. */
  subs: string[][];
  size: number;
}

/**
 * Where each connection's list goes on from (lib/load.ts), one per pool and server process: the rows
 * one process serves share it, so that process sees the whole pool between two uses of a token. (Rows
 * on other processes must not advance it: the process would then see only part of the pool in between,
 * and its cache would hit.)
 */
export function newCursor(pool: CallerPool): number[] {
  return pool.tokens.map(() => 0);
}

/** The issuer and audience of RS256 caller tokens (the JWKS gateway requires both in production). */
export const RS256_ISSUER = 'https://idp.bench.invalid/';
export const RS256_AUDIENCE = 'callgate-bench';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function claimsFor(sub: string, extra: Record<string, unknown>): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { sub, name: CALLER_NAME, iat: now, exp: now + CALLER_TOKEN_LIFETIME_SECONDS, ...extra };
}

function layout(connections: number, perConnection: number, prefix: string): string[][] {
  const run = randomUUID().slice(0, 8);
  return Array.from({ length: connections }, (_, c) => Array.from({ length: perConnection }, (_, i) => `${prefix}-${run}-${c}-${i}`));
}

function perConnectionFor(connections: number): number {
  return Math.ceil((VERIFIED_TOKEN_CACHE_SIZE * POOL_FACTOR) / connections);
}

/** HS256 caller tokens for AUTH_JWT_SECRET mode, signed with that secret. */
export function hs256Pool(secret: string, connections: number, perConnection = perConnectionFor(connections)): CallerPool {
  const subs = layout(connections, perConnection, 'hs');
  const header = b64url({ alg: 'HS256', typ: 'JWT' });
  const tokens = subs.map((list) =>
    list.map((sub) => {
      const input = `${header}.${b64url(claimsFor(sub, {}))}`;
      return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
    }),
  );
  return { tokens, subs, size: connections * perConnection };
}

/** An RS256 identity provider of the benchmark's own: a key pair and its kid. */
export interface Rs256Issuer {
  kid: string;
  privateKeyPem: string;
  publicKey: KeyObject;
}

export function newRs256Issuer(): Rs256Issuer {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid: randomUUID(), privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), publicKey };
}

/** Signs RS256 tokens for `subs`; runs on a worker thread (eval'd CommonJS, no file of its own). */
const RS256_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createPrivateKey, sign } = require('node:crypto');
const key = createPrivateKey(workerData.privateKeyPem);
const b64url = (v) => Buffer.from(JSON.stringify(v)).toString('base64url');
const header = b64url({ alg: 'RS256', typ: 'JWT', kid: workerData.kid });
const tokens = workerData.claims.map((claims) => {
  const input = header + '.' + b64url(claims);
  return input + '.' + sign('sha256', Buffer.from(input), key).toString('base64url');
});
parentPort.postMessage(tokens);
`;

/** Signs one RS256 token in this thread (the probes' single callers). */
export function signRs256(issuer: Rs256Issuer, sub: string): string {
  const input = `${b64url({ alg: 'RS256', typ: 'JWT', kid: issuer.kid })}.${b64url(claimsFor(sub, { iss: RS256_ISSUER, aud: RS256_AUDIENCE }))}`;
  return `${input}.${sign('sha256', Buffer.from(input), createPrivateKey(issuer.privateKeyPem)).toString('base64url')}`;
}

/** RS256 caller tokens for AUTH_JWKS_URL mode, signed on one worker thread per CPU. */
export async function rs256Pool(issuer: Rs256Issuer, connections: number, perConnection = perConnectionFor(connections)): Promise<CallerPool> {
  const subs = layout(connections, perConnection, 'rs');
  const claims = subs.flat().map((sub) => claimsFor(sub, { iss: RS256_ISSUER, aud: RS256_AUDIENCE }));
  const workers = Math.max(1, availableParallelism());
  const share = Math.ceil(claims.length / workers);
  const parts = await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      const worker = new Worker(RS256_WORKER, {
        eval: true,
        workerData: { privateKeyPem: issuer.privateKeyPem, kid: issuer.kid, claims: claims.slice(w * share, (w + 1) * share) },
      });
      const [tokens] = (await once(worker, 'message')) as [string[]];
      await worker.terminate();
      return tokens;
    }),
  );
  const flat = parts.flat();
  const tokens = subs.map((list, c) => flat.slice(c * perConnection, c * perConnection + list.length));
  return { tokens, subs, size: flat.length };
}

/** A JWKS endpoint on 127.0.0.1 publishing the issuer's public key (the gateway caches it). */
export interface JwksServer {
  url: string;
  /** Key-set fetches served so far. */
  fetches(): number;
  stop(): Promise<void>;
}

export async function startJwksServer(issuer: Rs256Issuer): Promise<JwksServer> {
  const body = JSON.stringify({ keys: [{ ...issuer.publicKey.export({ format: 'jwk' }), kid: issuer.kid, alg: 'RS256', use: 'sig' }] });
  let fetches = 0;
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/.well-known/jwks.json') {
      fetches += 1;
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=600' }).end(body);
    } else {
      res.writeHead(404).end();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    fetches: () => fetches,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
