import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AutocannonRequest } from 'autocannon';
import { TokenVerifier } from 'livekit-server-sdk';
import { CreateConnectionDocument, IssueLivekitTokenDocument } from '../../client/generated/graphql.js';
import { mintHs256CallerToken } from '../../test/support/caller-tokens.js';
import { CALLER_NAME, CALLER_TOKEN_LIFETIME_SECONDS, type CallerPool } from './callers.js';
import type { LoadTarget } from './load.js';

/** The secrets and names one benchmark run shares between the gateway, the baselines and the double. */
export interface BenchSecrets {
  authSecret: string;
  livekitKey: string;
  livekitSecret: string;
  openviduSecret: string;
}

/** Fresh random secrets for one run (nothing a benchmark signs is ever valid elsewhere). */
export function newBenchSecrets(): BenchSecrets {
  const secret = () => randomBytes(32).toString('base64url');
  return { authSecret: secret(), livekitKey: 'bench-key', livekitSecret: secret(), openviduSecret: secret() };
}

export const ROOM = 'bench-room';
export const CALLER = { sub: 'bench-user', name: CALLER_NAME };

/**
 * The client's typed operation as client/generated carries it: the manifest text of the document's
 * hash (`__meta__.hash`), byte for byte what `npm run codegen` generated for the client and what a
 * gateway in trusted-documents-only mode accepts.
 */
function operation(repoRoot: string, document: object): string {
  const hash = (document as { __meta__?: { hash?: string } }).__meta__?.hash;
  const text = hash ? manifestOf(repoRoot)[hash] : undefined;
  if (!text) throw new Error(`client/generated has no manifest text for ${hash ?? 'a document without a hash'}`);
  return text;
}

/** The trusted-documents manifest the benchmark's gateways run with (GRAPHQL_TRUSTED_DOCUMENTS). */
export const trustedDocumentsPath = (repoRoot: string): string => `${repoRoot}/client/generated/persisted-documents.json`;

/** The manifest, read once per run (every target of the run reads it). */
const manifests = new Map<string, Record<string, string>>();
function manifestOf(repoRoot: string): Record<string, string> {
  let manifest = manifests.get(repoRoot);
  if (!manifest) manifests.set(repoRoot, (manifest = JSON.parse(readFileSync(trustedDocumentsPath(repoRoot), 'utf8')) as Record<string, string>));
  return manifest;
}

const isGraphqlSuccess = (field: string, tokenStart: string) => (body: string) =>
  body.startsWith(`{"data":{"${field}":{`) && body.includes(`"token":"${tokenStart}`) && !body.includes('"errors"');

export function mintCallerToken(secrets: BenchSecrets, sub = CALLER.sub): Promise<string> {
  return mintHs256CallerToken(secrets.authSecret, { sub, name: CALLER.name }, { expiresIn: `${CALLER_TOKEN_LIFETIME_SECONDS}s` });
}

/** The body a browser client POSTs: the operation's name, its text and the variables. */
function graphqlBody(query: string, variables: unknown): string {
  const operationName = /^mutation (\w+)/.exec(query)![1];
  return JSON.stringify({ operationName, query, variables });
}

/** A GraphQL POST to the gateway as a browser client sends it: operation name, query, variables, bearer token. */
function graphqlTarget(name: string, baseUrl: string, callerToken: string, query: string, variables: unknown, field: string, tokenStart: string): LoadTarget {
  return {
    name,
    url: `${baseUrl}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${callerToken}` },
    body: graphqlBody(query, variables),
    verifyBody: isGraphqlSuccess(field, tokenStart),
  };
}

/** `issueLivekitToken` through the gateway: caller JWT, GraphQL POST, policy, signing. */
export function gatewayLivekitTarget(repoRoot: string, baseUrl: string, callerToken: string): LoadTarget {
  const query = operation(repoRoot, IssueLivekitTokenDocument);
  const variables = { input: { roomName: ROOM, participantName: CALLER.name } };
  return graphqlTarget('gateway', baseUrl, callerToken, query, variables, 'issueLivekitToken', 'ey');
}

/**
 * The same operation document on the apollo-floor reference server: no caller token (it has no
 * authentication), the participant name as identity.
 */
export function apolloFloorTarget(repoRoot: string, baseUrl: string): LoadTarget {
  const query = operation(repoRoot, IssueLivekitTokenDocument);
  const target = graphqlTarget('apollo-floor', baseUrl, 'unused', query, { input: { roomName: ROOM, participantName: CALLER.name } }, 'issueLivekitToken', 'ey');
  const { authorization: _unused, ...headers } = target.headers;
  return { ...target, headers };
}

/**
 * The same request from the pool's distinct callers: connection c sends pool.tokens[c] in turn, from
 * where `cursor` (one per pool and server process, callers.ts) says the last run stopped. `bodyFor`
 * gives a per-caller body where the caller shows in the body (the baselines, which have no
 * authentication, get the caller as `participantName`); otherwise the body is the base's.
 * The baselines get the bearer header too, so every server parses the same request size.
 */
export function distinctCallers(name: string, base: LoadTarget, pool: CallerPool, cursor: number[], bodyFor?: (sub: string) => string): LoadTarget {
  const requestsPerConnection: AutocannonRequest[][] = pool.tokens.map((tokens, c) =>
    tokens.map((token, i) => ({
      method: base.method,
      body: bodyFor ? bodyFor(pool.subs[c][i]) : base.body,
      headers: { ...base.headers, authorization: `Bearer ${token}` },
    })),
  );
  return { ...base, name, requestsPerConnection, cursor, firstCaller: pool.subs[0][0] };
}

/** LiveKit's standard token endpoint on the gateway: `POST /livekit/token`, answered 201 with `participant_token`. */
export function gatewayEndpointTarget(baseUrl: string, callerToken: string): LoadTarget {
  return {
    name: 'gateway POST /livekit/token',
    url: `${baseUrl}/livekit/token`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${callerToken}` },
    body: JSON.stringify({ room_name: ROOM, participant_name: CALLER.name }),
    verifyBody: (body) => body.startsWith('{"server_url":') && body.includes('"participant_token":"ey'),
  };
}

/** The baselines' body for one caller: the caller as the participant, as a tutorial client sends it. */
export const baselineBody = (participantName: string): string => JSON.stringify({ roomName: ROOM, participantName });

/** The apollo-floor body for one caller (its identity is the participant name). */
export function apolloFloorBody(repoRoot: string): (participantName: string) => string {
  const query = operation(repoRoot, IssueLivekitTokenDocument);
  return (participantName) => graphqlBody(query, { input: { roomName: ROOM, participantName } });
}

/** `POST /token` on a baseline (express-sample or node-http). */
export function baselineTarget(name: string, baseUrl: string): LoadTarget {
  return {
    name,
    url: `${baseUrl}/token`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: baselineBody(CALLER.name),
    verifyBody: (body) => body.startsWith('"ey'),
  };
}

/** `createConnection` through the gateway, proxied to the OpenVidu double. */
export function gatewayConnectionTarget(repoRoot: string, baseUrl: string, callerToken: string, sessionId: string): LoadTarget {
  const query = operation(repoRoot, CreateConnectionDocument);
  return graphqlTarget('gateway createConnection', baseUrl, callerToken, query, { input: { sessionId } }, 'createConnection', 'wss://');
}

/** The request the gateway makes for that mutation, sent straight to the double. */
export function directConnectionTarget(doubleUrl: string, secrets: BenchSecrets, sessionId: string): LoadTarget {
  return {
    name: 'direct to OpenVidu double',
    url: `${doubleUrl}/openvidu/api/sessions/${sessionId}/connection`,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`OPENVIDUAPP:${secrets.openviduSecret}`).toString('base64')}`,
    },
    body: JSON.stringify({
      type: 'WEBRTC',
      role: 'PUBLISHER',
      data: JSON.stringify({ userId: CALLER.sub, name: CALLER.name }),
    }),
    verifyBody: (body) => body.includes('"token":"wss://'),
  };
}

/** The LiveKit token in an answer: the baselines' JSON string, the GraphQL field, or the standard endpoint's field. */
function livekitTokenOf(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  const object = body as { data?: { issueLivekitToken?: { token?: string } }; participant_token?: string } | null;
  return object?.data?.issueLivekitToken?.token ?? object?.participant_token;
}

/**
 * Sends one request of a LiveKit target (its first distinct caller, if it has them) and checks the
 * answer is a real token: it verifies with the LiveKit key, joins the bench room, and names the
 * expected identity. Used as the readiness probe and before every load, so a server that answers fast
 * but wrong never gets benchmarked.
 */
export async function probeLivekitTarget(target: LoadTarget, secrets: BenchSecrets, identity: string): Promise<boolean> {
  const first = target.requestsPerConnection?.[0]?.[0];
  const res = await fetch(target.url, { method: target.method, headers: first?.headers ?? target.headers, body: first?.body ?? target.body });
  if (res.status !== 200 && res.status !== 201) return false;
  const token = livekitTokenOf(await res.json());
  if (!token) return false;
  const claims = await new TokenVerifier(secrets.livekitKey, secrets.livekitSecret).verify(token);
  return claims.sub === identity && claims.video?.room === ROOM && claims.video?.roomJoin === true;
}

/** One request of any target; true when the server answered it as the load run expects. */
export async function probeTarget(target: LoadTarget): Promise<boolean> {
  const res = await fetch(target.url, { method: target.method, headers: target.headers, body: target.body });
  return res.status >= 200 && res.status < 300 && target.verifyBody(await res.text());
}
