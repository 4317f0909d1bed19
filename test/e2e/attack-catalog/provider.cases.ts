/**
 * Catalog area provider-faults (PROV-*): OpenVidu and VideoSDK doubles misbehaving on the wire while
 * the gateway serves GraphQL. The catalog's PROVIDER_UNAVAILABLE for a plain provider failure maps to
 * our PROVIDER_ERROR / PROVIDER_TIMEOUT; PROVIDER_UNAVAILABLE is kept for an open circuit (PROV-18).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from '@jest/globals';
import { createDoubleServer } from '../../support/doubles/double-server.js';
import { waitFor } from '../../support/provider-rig.js';
import { fakeWallClock } from '../../support/wall-clock.js';
import {
  expectCode,
  expectOk,
  gql,
  PROVIDER_DEADLINE_MS,
  SLACK_MS,
  type CatalogChecks,
  type CatalogEnv,
} from './catalog-env.js';

const CONNECTION = 'mutation C($id: String!) { createConnection(input: { sessionId: $id }) { token } }';
const SESSION = 'mutation S($id: String) { createSession(input: { customSessionId: $id }) { id alreadyExisted } }';
const MEETING = 'mutation { createMeeting { meetingId } }';
const VALIDATE = 'query V($id: String!) { validateMeeting(meetingId: $id) { valid } }';

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await run();
  return { result, ms: Date.now() - started };
}

const connect = (env: CatalogEnv, id = 'prov') => {
  env.rig.openvidu.addSession(id);
  return gql(env.gw, CONNECTION, { id }, { token: env.alice });
};
const validate = (env: CatalogEnv, id = 'prov-room') => {
  env.rig.videosdk.addRoom({ customRoomId: id });
  return gql(env.gw, VALIDATE, { id }, { token: env.alice });
};

/** Every .ts file under a directory, recursively. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

export const providerChecks: CatalogChecks = {
  'PROV-01': async (env) => {
    env.rig.openvidu.inject({ kind: 'hang' });
    const { result, ms } = await timed(() => connect(env));
    expect(expectCode(result, 'PROVIDER_TIMEOUT').extensions?.provider).toBe('openvidu');
    expect(ms).toBeLessThan(PROVIDER_DEADLINE_MS + SLACK_MS);
    env.rig.videosdk.inject({ kind: 'hang' });
    expectCode((await timed(() => validate(env))).result, 'PROVIDER_TIMEOUT');
  },

  'PROV-03': async (env) => {
    env.rig.videosdk.inject({ kind: 'reset' }, 2);
    const { result, ms } = await timed(() => validate(env));
    expect(expectOk(result).validateMeeting.valid).toBe(true);
    expect(env.rig.videosdk.requests).toHaveLength(3);
    expect(ms).toBeLessThan(PROVIDER_DEADLINE_MS);
  },

  'PROV-04': async (env) => {
    env.rig.openvidu.inject({ kind: 'reset' });
    const res = await connect(env);
    expectCode(res, 'PROVIDER_ERROR');
    expect(env.rig.openvidu.requests).toHaveLength(1);
    expect(res.text).not.toContain('wss://');
  },

  'PROV-05': async (env) => {
    env.rig.openvidu.inject({ kind: 'status', status: 503, text: 'restarting' });
    const session = expectOk(await gql(env.gw, SESSION, { id: 'retry-me' }, { token: env.alice })).createSession;
    expect(session.id).toBe('retry-me');
    expect(env.rig.openvidu.findRequests('POST', '/openvidu/api/sessions')).toHaveLength(2);
    expect([...env.rig.openvidu.sessions.keys()]).toEqual(['retry-me']);
  },

  'PROV-06': async (env) => {
    env.rig.openvidu.inject({ kind: 'status', status: 500, text: 'x' });
    expectCode(await connect(env), 'PROVIDER_ERROR');
    expect(env.rig.openvidu.requests).toHaveLength(1);
    env.rig.videosdk.inject({ kind: 'status', status: 500, text: 'x' });
    expectCode(await gql(env.gw, MEETING, undefined, { token: env.alice }), 'PROVIDER_ERROR');
    expect(env.rig.videosdk.requests).toHaveLength(1);
    expect(env.rig.videosdk.rooms.size).toBe(0);
  },

  'PROV-07': async (env) => {
    env.rig.openvidu.addSession('exists');
    expect(expectOk(await gql(env.gw, SESSION, { id: 'exists' }, { token: env.alice })).createSession).toEqual({ id: 'exists', alreadyExisted: true });
    expect(env.rig.openvidu.requests.map((r) => r.method)).toEqual(['POST', 'GET']);
  },

  'PROV-08': async (env) => {
    // No combined join in this API: a closed session is NOT_FOUND for the client to recreate; no loop.
    const res = await gql(env.gw, CONNECTION, { id: 'gone' }, { token: env.alice });
    expect(expectCode(res, 'NOT_FOUND').extensions?.resource).toBe('session');
    expect(env.rig.openvidu.requests).toHaveLength(1);
  },

  'PROV-09': async (env) => {
    const gw = await env.startGateway({ PROVIDER_BREAKER_THRESHOLD: '2' });
    const logsFrom = gw.logs.length;
    env.rig.videosdk.injectAlways({ kind: 'status', status: 401, body: { error: 'Token is invalid or expired' } });
    env.rig.videosdk.addRoom({ customRoomId: 'creds' });
    for (let i = 0; i < 2; i++) {
      const res = await gql(gw, VALIDATE, { id: 'creds' }, { token: env.alice });
      expect(expectCode(res, 'PROVIDER_ERROR').message).toBe("The videosdk provider refused the gateway's credentials.");
      expect(res.text).not.toContain('Token is invalid');
    }
    // Not retried, even though validateMeeting is a read.
    expect(env.rig.videosdk.requests).toHaveLength(2);
    const alerts = gw.logRecords().slice(logsFrom).filter((r) => r.alert === 'provider_credentials_rejected');
    expect(alerts).toHaveLength(2);
    expect(Object.keys(alerts[0]).sort()).toEqual(
      ['alert', 'attempt', 'durationMs', 'level', 'msg', 'operation', 'outcome', 'provider', 'reason', 'reqId', 'callerId', 'service', 'status', 'time'].sort(),
    );
    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    expect(metrics).toMatch(/^callgate_provider_errors_total\{provider="videosdk",operation="validateMeeting",reason="credentials_rejected"\} 2$/m);
    // Reported, but the replica stays in service for the other providers.
    const ready = await fetch(`${gw.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'degraded', checks: expect.arrayContaining([{ name: 'videosdk-circuit', ok: false, detail: 'open' }]) });
    env.rig.videosdk.clearFaults();
  },

  'PROV-10': async (env) => {
    const marker = 'BODY-MARKER-7f3a';
    const faults = [
      { kind: 'status', status: 200, text: `<html>${marker}</html>`, headers: { 'content-type': 'text/html' } },
      { kind: 'status', status: 200, text: `{"id":"con_1","token":"${marker}`, headers: { 'content-type': 'application/json' } },
      { kind: 'status', status: 200, text: marker },
    ] as const;
    const logsFrom = env.gw.logs.length;
    for (const fault of faults) {
      env.rig.openvidu.inject(fault);
      const res = await connect(env);
      expectCode(res, 'PROVIDER_ERROR');
      expect(res.text).not.toContain(marker);
    }
    expect(env.gw.logs.slice(logsFrom).join('\n')).not.toContain(marker);
  },

  'PROV-11': async (env) => {
    for (const token of [undefined, null, 42, '']) {
      env.rig.openvidu.inject({ kind: 'status', status: 200, body: { id: 'con_X', object: 'connection', sessionId: 'prov', token, extra: { surprise: true } } });
      const res = await connect(env);
      expectCode(res, 'PROVIDER_ERROR');
      expect(res.body.data?.createConnection ?? null).toBeNull();
    }
  },

  'PROV-12': async (env) => {
    env.rig.videosdk.inject({ kind: 'status', status: 429, text: 'slow down', headers: { 'retry-after': '3600' } });
    const { result, ms } = await timed(() => validate(env));
    expectCode(result, 'PROVIDER_ERROR');
    expect(ms).toBeLessThan(SLACK_MS);
    expect(env.rig.videosdk.requests).toHaveLength(1);
  },

  'PROV-13': async (env) => {
    env.rig.openvidu.inject({ kind: 'trickle', intervalMs: 100 });
    const { result, ms } = await timed(() => connect(env));
    expectCode(result, 'PROVIDER_TIMEOUT');
    expect(ms).toBeGreaterThanOrEqual(PROVIDER_DEADLINE_MS - 50);
    expect(ms).toBeLessThan(PROVIDER_DEADLINE_MS + SLACK_MS);
  },

  'PROV-14': async (env) => {
    const hundredMiB = 100 * 1024 * 1024;
    for (const chunked of [false, true]) {
      env.rig.openvidu.inject({ kind: 'huge', bytes: hundredMiB, chunked });
      const rssBefore = process.memoryUsage().rss;
      const { result } = await timed(() => connect(env));
      expect(expectCode(result, 'PROVIDER_ERROR').message).toMatch(/larger than 1048576 bytes/);
      // The gateway runs in this process: nothing close to 100 MiB was buffered.
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(hundredMiB / 2);
      await waitFor(() => env.rig.openvidu.openConnectionCount <= 1, 'the oversized response socket to be dropped');
    }
  },

  'PROV-15': async (env) => {
    const elsewhere = await createDoubleServer((_req, res) => void res.end('{}'));
    try {
      env.rig.openvidu.inject({ kind: 'status', status: 302, headers: { location: `${elsewhere.url}/openvidu/api/sessions/prov/connection` } });
      expectCode(await connect(env), 'PROVIDER_ERROR');
      expect(elsewhere.requests).toHaveLength(0);
    } finally {
      await elsewhere.close();
    }
  },

  'PROV-16': async () => {
    // Loopback doubles speak plain HTTP, so a bad certificate cannot be served here; what can be
    // checked is that nothing in the gateway switches certificate verification off.
    const offenders = sourceFiles(new URL('../../../src', import.meta.url).pathname).filter((file) =>
      /rejectUnauthorized|NODE_TLS_REJECT_UNAUTHORIZED|checkServerIdentity/.test(readFileSync(file, 'utf8')),
    );
    expect(offenders).toEqual([]);
  },

  'PROV-18': async (env) => {
    const gw = await env.startGateway({ PROVIDER_BREAKER_THRESHOLD: '5', PROVIDER_BREAKER_HALF_OPEN_MS: '2500' });
    // The half-open delay runs on the wall clock, which this case holds still and then moves: no
    // probe slips in however slow the machine, and recovery needs no sleep.
    const clock = fakeWallClock();
    try {
      env.rig.openvidu.addSession('outage');
      env.rig.openvidu.injectAlways({ kind: 'status', status: 503, text: 'down' });
      const codes: string[] = [];
      const send = async () => {
        const res = await gql(gw, CONNECTION, { id: 'outage' }, { token: env.alice });
        codes.push(String(res.body.errors?.[0]?.extensions?.code));
      };
      for (let i = 0; i < 5; i++) await send();
      // From now on the provider would hang to the call deadline: an answer that waited on it would
      // be PROVIDER_TIMEOUT, and the double would see the request.
      env.rig.openvidu.clearFaults();
      env.rig.openvidu.injectAlways({ kind: 'hang' });
      for (let i = 0; i < 25; i++) await send();
      // Fails fast: five real failures, then the open circuit answers without calling the provider.
      expect(codes.slice(0, 5)).toEqual(Array(5).fill('PROVIDER_ERROR'));
      expect(new Set(codes.slice(5))).toEqual(new Set(['PROVIDER_UNAVAILABLE']));
      expect(env.rig.openvidu.requests).toHaveLength(5);
      // Recovery: the provider is back; after the half-open delay one probe closes the circuit.
      env.rig.openvidu.clearFaults();
      clock.advance(2499);
      expectCode(await gql(gw, CONNECTION, { id: 'outage' }, { token: env.alice }), 'PROVIDER_UNAVAILABLE');
      clock.advance(2);
      for (let i = 0; i < 3; i++) expectOk(await gql(gw, CONNECTION, { id: 'outage' }, { token: env.alice }));
    } finally {
      clock.restore();
    }
  },

  'PROV-19': async (env) => {
    const results = await Promise.all(Array.from({ length: 50 }, () => gql(env.gw, SESSION, { id: 'crowded' }, { token: env.alice })));
    for (const res of results) expect(expectOk(res).createSession.id).toBe('crowded');
    expect(results.filter((r) => r.body.data?.createSession.alreadyExisted === false)).toHaveLength(1);
    expect([...env.rig.openvidu.sessions.keys()]).toEqual(['crowded']);
    expect(results.every((r) => r.status < 500)).toBe(true);
  },

  'PROV-20': async (env) => {
    // Idle keep-alive sockets from earlier cases may still be open: compare with the count before.
    const socketsBefore = env.rig.openvidu.openConnectionCount;
    env.rig.openvidu.addSession('abort');
    env.rig.openvidu.inject({ kind: 'delay', ms: 400 });
    const controller = new AbortController();
    const aborted = fetch(env.gw.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${env.alice}` },
      body: JSON.stringify({ query: CONNECTION, variables: { id: 'abort' } }),
      signal: controller.signal,
    }).catch((error: Error) => error.name);
    await waitFor(() => env.rig.openvidu.requests.length === 1, 'the provider call to start');
    controller.abort();
    expect(await aborted).toBe('AbortError');
    // The provider call completes harmlessly; the gateway keeps serving and holds no extra socket.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expectOk(await connect(env, 'abort'));
    await waitFor(() => env.rig.openvidu.openConnectionCount <= socketsBefore + 1, 'provider sockets to settle');
  },
};
