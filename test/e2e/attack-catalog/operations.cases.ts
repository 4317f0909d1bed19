/**
 * Catalog areas secrets-logging (SEC-*) and config (CFG-*): what reaches responses and log lines, and
 * what the configuration refuses at start-up.
 */
import { expect } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { formatError } from '../../../src/errors/format-error.js';
import { configProblems } from '../../support/config-problems.js';
import { sendRaw } from '../../support/graphql-client.js';
import { expectCode, expectOk, gql, INVALID_TOKEN_MESSAGE, seenResponses, type CatalogChecks, type CatalogEnv } from './catalog-env.js';

const CONNECTION = 'mutation C($id: String!) { createConnection(input: { sessionId: $id }) { token } }';

/** The problems loadConfig reports for an environment (empty when it loads). */
export const problemsOf = (env: Record<string, string>): string[] => configProblems(env);

/** Fields a provider failure log line may carry; nothing else (no URL, header, body or got options). */
const PROVIDER_LOG_FIELDS = ['level', 'time', 'service', 'reqId', 'callerId', 'msg', 'provider', 'operation', 'attempt', 'status', 'reason', 'errorCode', 'durationMs', 'outcome', 'alert'];

/**
 * Requests that put every kind of secret-bearing answer through both gateways (`gw` and `prod`):
 * a LiveKit, an OpenVidu and a VideoSDK credential each, provider refusals that echo the gateway's
 * request, a connection reset, and rejected caller tokens. Returns the credentials it was issued.
 */
async function secretsTraffic(env: CatalogEnv): Promise<{ issued: string[] }> {
  const issued: string[] = [];
  const keep = (token: string) => {
    issued.push(token);
    env.issuedTokens.add(token);
  };
  for (const gw of [env.gw, env.prod]) {
    const room = `sec01-${issued.length}`;
    keep(expectOk(await gql(gw, `mutation { issueLivekitToken(input: { roomName: "${room}" }) { token } }`, undefined, { token: env.alice })).issueLivekitToken.token);
    env.rig.openvidu.addSession(room);
    keep(expectOk(await gql(gw, CONNECTION, { id: room }, { token: env.alice })).createConnection.token);
    env.rig.videosdk.addRoom({ customRoomId: room });
    keep(expectOk(await gql(gw, `mutation { issueVideoSdkToken(input: { meetingId: "${room}" }) { token } }`, undefined, { token: env.alice })).issueVideoSdkToken.token);
    // Refusals whose text carries the provider URL, and a reset: each ends in a failure log line.
    env.rig.openvidu.inject({ kind: 'status', status: 401, text: `Unauthorized: ${env.rig.openvidu.url} ${env.rig.canaries.join(' ')}` });
    expectCode(await gql(gw, CONNECTION, { id: room }, { token: env.alice }), 'PROVIDER_ERROR');
    env.rig.videosdk.inject({ kind: 'status', status: 500, text: env.rig.canaries.join(' ') });
    expect((await gql(gw, 'mutation { createMeeting { meetingId } }', undefined, { token: env.alice })).body.errors).toHaveLength(1);
    env.rig.openvidu.inject({ kind: 'reset' });
    expectCode(await gql(gw, CONNECTION, { id: room }, { token: env.alice }), 'PROVIDER_ERROR');
    // Rejected caller tokens: another audience, and a valid one cut short.
    expectCode(await gql(gw, '{ viewer { id } }', undefined, { token: await env.mint({ sub: 'sec01' }, { audience: 'another-app' }) }), 'UNAUTHENTICATED', 401);
    expectCode(await gql(gw, '{ viewer { id } }', undefined, { token: env.alice.slice(0, -4) }), 'UNAUTHENTICATED', 401);
  }
  return { issued };
}

export const operationsChecks: CatalogChecks = {
  'SEC-01': async (env) => {
    // Its own traffic first, so the case stands alone (run with -t 'SEC-01'): a credential from every
    // provider on both gateways, provider refusals and faults, and rejected caller tokens. In a full
    // run the responses and logs of every case before it are searched too.
    const own = await secretsTraffic(env);
    const responses = seenResponses.join('\n');
    const logs = env.gateways.flatMap((g) => g.logs).join('\n');
    // The capture works: each token issued above reached the client in its own response.
    expect(own.issued).toHaveLength(6);
    for (const token of own.issued) expect(responses).toContain(token);
    expect(logs).toContain('"msg":"provider call failed"');
    for (const secret of env.secrets) {
      expect(responses).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
    // Issued tokens appear only in their own success response, never in a log line.
    for (const token of env.issuedTokens) expect(logs).not.toContain(token);
    const managementTokens = new Set(env.rig.videosdk.requests.map((r) => r.headers.authorization).filter(Boolean));
    expect(managementTokens.size).toBeGreaterThan(0);
    for (const token of managementTokens) expect(`${responses}\n${logs}`).not.toContain(token);
  },

  'SEC-02': async (env) => {
    env.rig.openvidu.addSession('sec');
    env.rig.openvidu.inject({
      kind: 'status',
      status: 401,
      text: `Request failed with status code 401 (Unauthorized): POST ${env.rig.openvidu.url}/openvidu/api/sessions/sec/connection`,
    });
    const res = await gql(env.gw, CONNECTION, { id: 'sec' }, { token: env.alice });
    expect(expectCode(res, 'PROVIDER_ERROR').message).toBe("The openvidu provider refused the gateway's credentials.");
    expect(res.text).not.toMatch(/127\.0\.0\.1|openvidu\/api|Unauthorized|Request failed/);
  },

  'SEC-03': async (env) => {
    const logsFrom = env.gw.logs.length;
    env.rig.openvidu.addSession('sec');
    env.rig.openvidu.inject({ kind: 'reset' });
    expectCode(await gql(env.gw, CONNECTION, { id: 'sec' }, { token: env.alice }), 'PROVIDER_ERROR');
    const failures = env.gw.logRecords().slice(logsFrom).filter((r) => r.msg === 'provider call failed');
    expect(failures).toHaveLength(1);
    expect(Object.keys(failures[0]).filter((k) => !PROVIDER_LOG_FIELDS.includes(k))).toEqual([]);
    expect(failures[0]).toMatchObject({ provider: 'openvidu', operation: 'createConnection', errorCode: 'ECONNRESET' });
    const text = env.gw.logs.slice(logsFrom).join('\n');
    for (const secret of env.rig.canaries) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/options|authorization|127\.0\.0\.1/i);
  },

  'SEC-04': async (env) => {
    const email = `pii-${Date.now()}@example.com`;
    const token = await env.mint({ sub: 'pii', email, name: 'Private Person' }, { audience: 'another-app' });
    const logsFrom = env.gw.logs.length;
    const res = await gql(env.gw, '{ viewer { id } }', undefined, { token });
    expect(expectCode(res, 'UNAUTHENTICATED', 401).message).toBe(INVALID_TOKEN_MESSAGE);
    const logs = env.gw.logs.slice(logsFrom).join('\n');
    for (const leak of [token, email, 'Private Person']) {
      expect(res.text).not.toContain(leak);
      expect(logs).not.toContain(leak);
    }
  },

  'SEC-06': async (env) => {
    // OpenVidu's enum has RELAYED, which the schema cannot represent: an unexpected failure in a resolver.
    env.rig.openvidu.inject({ kind: 'status', status: 200, body: { id: 'ses_A1', createdAt: Date.now(), mediaMode: 'RELAYED', recordingMode: 'MANUAL' } });
    const res = await gql(env.prod, 'mutation { createSession { id mediaMode } }', undefined, { token: env.alice, headers: { 'x-request-id': 'sec-06' } });
    expect(expectCode(res, 'INTERNAL_SERVER_ERROR').message).toBe('Internal server error.');
    expect(res.text).not.toMatch(/RELAYED|stacktrace|at .+\.js|Enum/);
    const reqId = res.headers.get('x-request-id');
    expect(env.prod.logRecords().some((r) => r.reqId === reqId && r.msg === 'unexpected error (masked for the client)')).toBe(true);
  },

  'SEC-07': async (env) => {
    for (const token of ['not-a-jwt', await env.mint({ sub: 'x' }, { expiresIn: -3600 })]) {
      const res = await gql(env.gw, '{ viewer { id } }', undefined, { token });
      expectCode(res, 'UNAUTHENTICATED', 401);
      expect(res.text).not.toMatch(/Context creation failed|JWT|JWS|jose/);
    }
  },

  'SEC-08': async (env) => {
    const bodies = await Promise.all(['/healthz', '/readyz', '/metrics'].map(async (path) => (await sendRaw(`${env.gw.url}${path}`, {})).text));
    // The start-up lines are the first ones each gateway wrote; all of its lines are checked anyway.
    const everything = [...bodies, ...env.gateways.flatMap((g) => g.logs)].join('\n');
    for (const secret of env.secrets) expect(everything).not.toContain(secret);
    expect(bodies.join('\n')).not.toContain(env.rig.openvidu.url);
  },

  'SEC-09': async (env) => {
    const logsFrom = env.gw.logs.length;
    await sendRaw(`${env.gw.graphqlUrl}?access_token=${env.mona}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${env.alice}` },
      body: JSON.stringify({ query: 'mutation { issueLivekitToken(input: { roomName: "logged" }) { token } }' }),
    }).then((res) => env.issuedTokens.add(JSON.parse(res.text).data.issueLivekitToken.token));
    const logs = env.gw.logs.slice(logsFrom).join('\n');
    expect(logs).toContain('"operation":"issueLivekitToken"');
    for (const leak of [env.alice, env.mona, ...env.issuedTokens]) expect(logs).not.toContain(leak);
  },

  'SEC-10': async () => {
    const throwingGetter = Object.defineProperty(new Error('x'), 'message', { get: () => { throw new Error('getter'); } });
    const odd: unknown[] = ['a string', null, undefined, {}, { message: 42 }];
    // As thrown, and as Apollo hands them over (wrapped); graphql-js itself cannot wrap the throwing getter.
    for (const thrown of [...odd, throwingGetter]) {
      const forms = odd.includes(thrown) ? [thrown, new GraphQLError('wrapped', { originalError: thrown as Error })] : [thrown];
      for (const error of forms) {
        const out = formatError({ message: 'raw detail' }, error, false);
        expect(out).toEqual(expect.objectContaining({ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }));
      }
    }
  },

  'CFG-01': async () => {
    const problems = problemsOf({ OPENVIDU_URL: 'https://ov.example.com', VIDEOSDK_SECRET: 'vsdk-secret-value-0123456789abcdef0123' });
    expect(problems).toEqual(expect.arrayContaining(['OPENVIDU_SECRET: required when OPENVIDU_URL is set', 'VIDEOSDK_API_KEY: required when VIDEOSDK_SECRET is set']));
    expect(problems.join('\n')).not.toContain('vsdk-secret-value');
  },

  'CFG-02': async () => {
    const base = { NODE_ENV: 'production', AUTH_JWT_SECRET: 'a'.repeat(40), LIVEKIT_URL: 'wss://livekit.example.com' };
    expect(problemsOf({ ...base, LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 'short-secret' })).toEqual(['LIVEKIT_API_SECRET: must be at least 32 bytes']);
    expect(problemsOf({ ...base, LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 'b'.repeat(40), VIDEOSDK_API_KEY: 'k', VIDEOSDK_SECRET: 'short' })).toEqual([
      'VIDEOSDK_SECRET: must be at least 32 bytes',
    ]);
    expect(problemsOf({ ...base, AUTH_JWT_SECRET: 'short', LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 'b'.repeat(40) })).toEqual([
      'AUTH_JWT_SECRET: must be at least 32 bytes',
    ]);
  },

  'CFG-03': async () => {
    const base = { NODE_ENV: 'production', LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 'b'.repeat(40), LIVEKIT_URL: 'wss://livekit.example.com' };
    expect(problemsOf({ ...base, AUTH_JWKS_URL: 'http://idp.example.com/jwks', AUTH_ISSUER: 'https://idp.example.com', AUTH_AUDIENCE: 'callgate' })).toEqual([
      'AUTH_JWKS_URL: must use https in production',
    ]);
    expect(problemsOf({ ...base, AUTH_JWKS_URL: 'https://idp.example.com/jwks' })).toEqual(['AUTH_ISSUER and AUTH_AUDIENCE: required in production with AUTH_JWKS_URL']);
    expect(problemsOf({ ...base, AUTH_JWKS_URL: 'https://idp.example.com/jwks', AUTH_ISSUER: 'i', AUTH_AUDIENCE: 'a', AUTH_ALGORITHMS: 'HS256' })).toEqual([
      'AUTH_ALGORITHMS: only asymmetric algorithms are allowed with AUTH_JWKS_URL',
    ]);
  },
};

