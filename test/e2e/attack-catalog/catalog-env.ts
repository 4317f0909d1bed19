/**
 * Shared fixtures for the attack-catalog run: provider doubles with canary secrets, a gateway in test
 * mode with every provider (issuer and audience checked), one in production mode, caller tokens, and
 * helpers that send raw GraphQL over HTTP. Every gateway started here is tracked so the secrets check
 * (SEC-01) can grep all of their logs at the end.
 */
import { randomBytes } from 'node:crypto';
import { expect } from '@jest/globals';
import { TokenVerifier } from 'livekit-server-sdk';
import { mintHs256CallerToken, type CallerClaims, type Hs256TokenOptions } from '../../support/caller-tokens.js';
import { seenResponses, sendRaw } from '../../support/graphql-client.js';
import { startLivekitRoomServiceDouble, type LivekitRoomServiceDouble } from '../../support/doubles/livekit-room-service-double.js';
import { startProviderRig, type ProviderRig } from '../../support/provider-rig.js';
import { startTestGateway, TEST_AUTH_SECRET, type TestGateway } from '../../support/start-test-gateway.js';
import { unlimitedPolicyFile } from '../../support/policy-files.js';

export const ISSUER = 'https://auth.catalog.test';
export const AUDIENCE = 'callgate';
/** Deadline of one provider call on the main gateway (hang and trickle cases wait this long). */
export const PROVIDER_DEADLINE_MS = 800;
export const SLACK_MS = 800;
/**
 * The main gateway's HTTP_HEADERS_TIMEOUT_MS and HTTP_REQUEST_TIMEOUT_MS: short, so slow-client cases
 * end soon, but not shorter than a loaded test machine may stall the worker's event loop. Node counts
 * both from the moment it accepts a connection, and checks them on a timer that runs before pending
 * socket reads: after a stall longer than the headers timeout, a request that arrived on a new
 * connection during the stall is answered 408 before it is read. At 500 / 1,000 ms that happened to
 * PROV-20's ordinary request three times in about twenty full runs with four workers.
 */
export const HEADERS_TIMEOUT_MS = 1000;
export const REQUEST_TIMEOUT_MS = 2000;
export const INVALID_TOKEN_MESSAGE = 'The caller token is invalid or expired.';
export const MISSING_TOKEN_MESSAGE = 'A valid caller token is required (Authorization: Bearer <JWT>).';

export interface RawResult {
  status: number;
  headers: Headers;
  text: string;
  body: { data?: Record<string, any> | null; errors?: Array<{ message: string; extensions?: Record<string, any>; path?: unknown }> };
}

export interface CatalogEnv {
  rig: ProviderRig;
  /** NODE_ENV=test, all providers, HS256 callers with issuer and audience, short HTTP timeouts. */
  gw: TestGateway;
  /** NODE_ENV=production with the same providers and caller secret. */
  prod: TestGateway;
  livekit: { key: string; secret: string; verifier: TokenVerifier };
  /** LiveKit's RoomService (moderation) as every gateway here reaches it (LIVEKIT_API_URL). */
  livekitRoomService: LivekitRoomServiceDouble;
  /** A participant and a moderator for `gw` and `prod`. */
  alice: string;
  mona: string;
  mint(claims: CallerClaims, opts?: Hs256TokenOptions): Promise<string>;
  /** Starts another gateway (tracked for the secrets check); closed by `closeAll`. */
  startGateway(env: Record<string, string | undefined>, options?: { jwks?: boolean }): Promise<TestGateway>;
  /** Every secret, caller token and issued token seen so far (for SEC-01). */
  secrets: Set<string>;
  issuedTokens: Set<string>;
  gateways: TestGateway[];
  closeAll(): Promise<void>;
}

/** POSTs a GraphQL document (or any body) and parses the answer when it is JSON. */
export async function gql(
  gw: TestGateway,
  query: string,
  variables?: Record<string, unknown>,
  opts: { token?: string; headers?: Record<string, string>; body?: string; operationName?: string } = {},
): Promise<RawResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const body = opts.body ?? JSON.stringify({ query, variables, operationName: opts.operationName });
  const res = await sendRaw(gw.graphqlUrl, { method: 'POST', headers, body });
  let parsed: RawResult['body'] = {};
  try {
    parsed = JSON.parse(res.text);
  } catch {
    // not JSON (e.g. a 431 from Node): the status is what matters
  }
  return { ...res, body: parsed };
}

/** Asserts exactly one error with this code (and the HTTP status when given); returns the error. */
export function expectCode(result: RawResult, code: string, status?: number) {
  expect((result.body.errors ?? []).map((e) => e.extensions?.code)).toEqual([code]);
  if (status !== undefined) expect(result.status).toBe(status);
  expect(result.body.data?.[Object.keys(result.body.data ?? {})[0] ?? ''] ?? null).toBeNull();
  return result.body.errors![0];
}

/** Asserts success and returns `data`. */
export function expectOk(result: RawResult): Record<string, any> {
  if (result.body.errors?.length) throw new Error(`expected no errors, got ${result.text}`);
  expect(result.status).toBe(200);
  return result.body.data!;
}

/** Every request the provider doubles (REST and LiveKit's RoomService) received since their last reset. */
export function providerCalls(env: CatalogEnv): number {
  return env.rig.openvidu.requests.length + env.rig.videosdk.requests.length + env.livekitRoomService.requests.length;
}

const random = (label: string) => `${label}-${randomBytes(18).toString('hex')}`;

export async function createCatalogEnv(): Promise<CatalogEnv> {
  const rig = await startProviderRig();
  const livekitKey = random('lk-key');
  const livekitSecret = random('lk-secret');
  const gateways: TestGateway[] = [];
  const secrets = new Set<string>([...rig.canaries, livekitSecret, TEST_AUTH_SECRET]);
  const issuedTokens = new Set<string>();
  const livekitRoomService = await startLivekitRoomServiceDouble({ apiKey: livekitKey, apiSecret: livekitSecret });

  const base = {
    ...rig.env,
    LIVEKIT_API_URL: livekitRoomService.url,
    LIVEKIT_TIMEOUT_MS: String(PROVIDER_DEADLINE_MS),
    LIVEKIT_API_KEY: livekitKey,
    LIVEKIT_API_SECRET: livekitSecret,
    AUTH_ISSUER: ISSUER,
    AUTH_AUDIENCE: AUDIENCE,
    OPENVIDU_TIMEOUT_MS: String(PROVIDER_DEADLINE_MS),
    VIDEOSDK_TIMEOUT_MS: String(PROVIDER_DEADLINE_MS),
    // Cases stand alone; PROV-18 and PROV-09 use gateways with a low threshold of their own.
    PROVIDER_BREAKER_THRESHOLD: '1000',
    // Rate limiting has cases of its own; the rest send many requests as one caller.
    POLICY_FILE: unlimitedPolicyFile(),
    // Likewise the per-caller bound on provider calls in flight (RATE-/LOAD- cases test it).
    PROVIDER_MAX_IN_FLIGHT_PER_CALLER: '1000',
  };
  const startGateway: CatalogEnv['startGateway'] = async (env, options = {}) => {
    const gw = await startTestGateway({ ...base, ...(options.jwks ? { AUTH_JWT_SECRET: undefined } : {}), ...env });
    gateways.push(gw);
    return gw;
  };

  const gw = await startGateway({
    HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
    HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    HTTP_KEEP_ALIVE_TIMEOUT_MS: '1000',
  });
  const prod = await startGateway({
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    CORS_ORIGINS: 'https://app.example.com',
    LIVEKIT_URL: 'wss://livekit.catalog.test',
  });

  const mint = async (claims: CallerClaims, opts: Hs256TokenOptions = {}) => {
    const token = await mintHs256CallerToken(TEST_AUTH_SECRET, claims, { issuer: ISSUER, audience: AUDIENCE, ...opts });
    secrets.add(token);
    return token;
  };

  return {
    rig,
    gw,
    prod,
    livekit: { key: livekitKey, secret: livekitSecret, verifier: new TokenVerifier(livekitKey, livekitSecret) },
    livekitRoomService,
    alice: await mint({ sub: 'alice', name: 'Alice' }),
    mona: await mint({ sub: 'mona', name: 'Mona', roles: ['moderator'] }),
    mint,
    startGateway,
    secrets,
    issuedTokens,
    gateways,
    async closeAll() {
      await Promise.all(gateways.map((g) => g.close()));
      await rig.close();
      await livekitRoomService.close();
    },
  };
}

/** Every response body any test in this file received, for the secrets check. */
export { seenResponses };

/** One executable catalog case: throws (an assertion) when the gateway does not behave as expected. */
export type CatalogCheck = (env: CatalogEnv) => Promise<void>;
export type CatalogChecks = Record<string, CatalogCheck>;
