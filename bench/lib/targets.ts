import { readFileSync } from 'node:fs';
import type { AutocannonRequest } from 'autocannon';
import { TokenVerifier } from 'livekit-server-sdk';
import { mintHs256CallerToken } from '../../test/support/caller-tokens.js';
import type { LoadTarget } from './load.js';

/** The secrets and names one benchmark run shares between the gateway, the baselines and the double. */
export interface BenchSecrets {
  authSecret: string;
  livekitKey: string;
  livekitSecret: string;
  openviduSecret: string;
}

export const ROOM = 'bench-room';
export const CALLER = { sub: 'bench-user', name: 'Bench User' };
/** Long enough for the memory mode; the gateway still checks `exp` on every request. */
const CALLER_TOKEN_LIFETIME = '3h';

/** The client's own operation documents (client/operations), as a browser app would send them. */
function operation(repoRoot: string, file: string, name: string): string {
  const text = readFileSync(`${repoRoot}/client/operations/${file}`, 'utf8');
  const start = text.indexOf(`mutation ${name}`);
  if (start < 0) throw new Error(`no operation ${name} in ${file}`);
  const next = text.indexOf('\nmutation ', start + 1);
  return text.slice(start, next < 0 ? undefined : next).trim();
}

const isGraphqlSuccess = (field: string, tokenStart: string) => (body: string) =>
  body.startsWith(`{"data":{"${field}":{`) && body.includes(`"token":"${tokenStart}`) && !body.includes('"errors"');

export function mintCallerToken(secrets: BenchSecrets, sub = CALLER.sub): Promise<string> {
  return mintHs256CallerToken(secrets.authSecret, { sub, name: CALLER.name }, { expiresIn: CALLER_TOKEN_LIFETIME });
}

/** A GraphQL POST to the gateway as a browser client sends it: operation name, query, variables, bearer token. */
function graphqlTarget(name: string, baseUrl: string, callerToken: string, query: string, variables: unknown, field: string, tokenStart: string): LoadTarget {
  const operationName = /^mutation (\w+)/.exec(query)![1];
  return {
    name,
    url: `${baseUrl}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${callerToken}` },
    body: JSON.stringify({ operationName, query, variables }),
    verifyBody: isGraphqlSuccess(field, tokenStart),
  };
}

/** `issueLivekitToken` through the gateway: caller JWT, GraphQL POST, policy, signing. */
export function gatewayLivekitTarget(repoRoot: string, baseUrl: string, callerToken: string): LoadTarget {
  const query = operation(repoRoot, 'livekit.graphql', 'IssueLivekitToken');
  const variables = { input: { roomName: ROOM, participantName: CALLER.name } };
  return graphqlTarget('gateway', baseUrl, callerToken, query, variables, 'issueLivekitToken', 'ey');
}

/**
 * The same operation document on the apollo-floor reference server: no caller token (it has no
 * authentication), the participant name as identity.
 */
export function apolloFloorTarget(repoRoot: string, baseUrl: string): LoadTarget {
  const query = operation(repoRoot, 'livekit.graphql', 'IssueLivekitToken');
  const target = graphqlTarget('apollo-floor', baseUrl, 'unused', query, { input: { roomName: ROOM, participantName: CALLER.name } }, 'issueLivekitToken', 'ey');
  const { authorization: _unused, ...headers } = target.headers;
  return { ...target, headers };
}

/**
 * The same request, but every connection cycles through its own callers (`perConnection` distinct
 * tokens each), so no caller token repeats before `connections * perConnection` requests: with more
 * callers than the verified-token cache holds, every request pays for a full signature check.
 */
export async function gatewayColdCallerTarget(
  base: LoadTarget,
  secrets: BenchSecrets,
  connections: number,
  perConnection: number,
): Promise<LoadTarget> {
  const lists: AutocannonRequest[][] = [];
  for (let c = 0; c < connections; c += 1) {
    const list: AutocannonRequest[] = [];
    for (let i = 0; i < perConnection; i += 1) {
      const token = await mintCallerToken(secrets, `caller-${c}-${i}-${Math.random().toString(36).slice(2, 8)}`);
      list.push({ method: 'POST', body: base.body, headers: { ...base.headers, authorization: `Bearer ${token}` } });
    }
    lists.push(list);
  }
  return { ...base, name: 'gateway, cold caller cache', requestsPerConnection: lists };
}

/** `POST /token` on a baseline (express-sample or node-http). */
export function baselineTarget(name: string, baseUrl: string): LoadTarget {
  return {
    name,
    url: `${baseUrl}/token`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ roomName: ROOM, participantName: CALLER.name }),
    verifyBody: (body) => body.startsWith('"ey'),
  };
}

/** `createConnection` through the gateway, proxied to the OpenVidu double. */
export function gatewayConnectionTarget(repoRoot: string, baseUrl: string, callerToken: string, sessionId: string): LoadTarget {
  const query = operation(repoRoot, 'openvidu.graphql', 'CreateConnection');
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

/**
 * Sends one request of a LiveKit target and checks the answer is a real token: it verifies with the
 * LiveKit key, joins the bench room, and names the expected identity. Used as the readiness probe,
 * so a server that answers fast but wrong never gets benchmarked.
 */
export async function probeLivekitTarget(target: LoadTarget, secrets: BenchSecrets, identity: string): Promise<boolean> {
  const res = await fetch(target.url, { method: target.method, headers: target.headers, body: target.body });
  if (res.status !== 200) return false;
  const body = (await res.json()) as string | { data?: { issueLivekitToken?: { token?: string } } };
  const token = typeof body === 'string' ? body : body.data?.issueLivekitToken?.token;
  if (!token) return false;
  const claims = await new TokenVerifier(secrets.livekitKey, secrets.livekitSecret).verify(token);
  return claims.sub === identity && claims.video?.room === ROOM && claims.video?.roomJoin === true;
}

/** One request of any target; true when the server answered it as the load run expects. */
export async function probeTarget(target: LoadTarget): Promise<boolean> {
  const res = await fetch(target.url, { method: target.method, headers: target.headers, body: target.body });
  return res.status === 200 && target.verifyBody(await res.text());
}
