/**
 * Catalog cases for GraphQL subscriptions over WebSocket (SUB-01..10), with the graphql-ws client over
 * real sockets against the catalog gateway, and one gateway with small subscription limits for the
 * flood cases.
 */
import { request } from 'node:http';
import { expect } from '@jest/globals';
import WebSocket from 'ws';
import { encodeUnsignedJwt } from '../../support/caller-tokens.js';
import { waitFor } from '../../support/provider-rig.js';
import type { TestGateway } from '../../support/start-test-gateway.js';
import { connectWs, type TestWsClient } from '../../support/subscription-client.js';
import { expectCode, expectOk, gql, type CatalogChecks, type CatalogEnv } from './catalog-env.js';

const LIMITS = { SUBSCRIPTIONS_MAX_PER_CONNECTION: '2', SUBSCRIPTIONS_MAX_PER_CALLER: '3', SUBSCRIPTIONS_MAX_CONNECTIONS_PER_IP: '4', SUBSCRIPTIONS_CONNECTION_INIT_TIMEOUT_MS: '200' };

const limitedGateways = new WeakMap<CatalogEnv, Promise<TestGateway>>();
function limitedGateway(env: CatalogEnv): Promise<TestGateway> {
  let gw = limitedGateways.get(env);
  if (!gw) limitedGateways.set(env, (gw = env.startGateway(LIMITS)));
  return gw;
}

/** Runs `body` with graphql-ws clients that are all closed afterwards, whatever happens. */
async function withClients(body: (connect: (gw: TestGateway, params: Record<string, unknown> | null) => TestWsClient) => Promise<void>): Promise<void> {
  const clients: TestWsClient[] = [];
  try {
    await body((gw, params) => {
      const client = connectWs(gw.wsUrl, params);
      clients.push(client);
      return client;
    });
  } finally {
    await Promise.all(clients.map((c) => c.dispose()));
  }
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A raw WebSocket's close (code, reason), or the HTTP status when the upgrade is refused. */
function rawOutcome(url: string, protocols: string | string[] | undefined, onOpen?: (ws: WebSocket) => void): Promise<{ close?: [number, string]; status?: number; body?: string }> {
  return new Promise((resolve) => {
    const ws = protocols === undefined ? new WebSocket(url) : new WebSocket(url, protocols);
    ws.on('open', () => onOpen?.(ws));
    ws.on('close', (code, reason) => resolve({ close: [code, reason.toString()] }));
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    ws.on('error', () => undefined);
  });
}

export const subscriptionChecks: CatalogChecks = {
  'SUB-01': async (env) => {
    const expired = await env.mint({ sub: 'alice' }, { expiresIn: -120 });
    const unsigned = encodeUnsignedJwt({ alg: 'none', typ: 'JWT' }, { sub: 'alice', exp: Math.floor(Date.now() / 1000) + 600 });
    const before = env.gw.gateway.subscriptions.activeSubscriptions;
    await withClients(async (connect) => {
      for (const params of [null, { authorization: env.alice }, bearer(unsigned), bearer(expired), { authorization: `Basic ${env.alice}` }]) {
        const client = connect(env.gw, params);
        const watch = client.watch('livekit', 'catalog-subs');
        expect(await client.closed).toEqual({ code: 4401, reason: 'Unauthorized' });
        expect(await watch.ended).toEqual({ kind: 'closed', code: 4401, reason: 'Unauthorized' });
      }
    });
    expect(env.gw.gateway.subscriptions.activeSubscriptions).toBe(before);
  },

  'SUB-03': async (env) => {
    expectOk(await gql(env.gw, 'mutation { createSession(input: { customSessionId: "catalog-sub-private", access: { mode: RESTRICTED } }) { id } }', undefined, { token: env.alice }));
    const stranger = await env.mint({ sub: 'catalog-stranger' });
    await withClients(async (connect) => {
      const client = connect(env.gw, bearer(stranger));
      const restricted = await client.watch('openvidu', 'catalog-sub-private').ended;
      const unknown = await client.watch('openvidu', 'catalog-sub-nothing').ended;
      expect(restricted).toMatchObject({ kind: 'error', errors: [{ message: 'No OpenVidu session has this id.', extensions: { code: 'NOT_FOUND', resource: 'session' } }] });
      expect(unknown).toEqual(restricted);
      // The owner is let in.
      connect(env.gw, bearer(env.alice)).watch('openvidu', 'catalog-sub-private');
      await waitFor(() => env.gw.gateway.subscriptions.activeSubscriptions >= 1, 'the owner subscription');
    });
  },

  'SUB-04': async (env) => {
    const gw = await limitedGateway(env);
    const flooder = await env.mint({ sub: 'catalog-flooder' });
    await withClients(async (connect) => {
      const first = connect(gw, bearer(flooder));
      first.watch('livekit', 'flood-1');
      first.watch('livekit', 'flood-2');
      await waitFor(() => gw.gateway.subscriptions.activeSubscriptions === 2, 'two subscriptions');
      expect(await first.watch('livekit', 'flood-3').ended).toMatchObject({ kind: 'error', errors: [{ extensions: { code: 'RATE_LIMITED', limit: 'subscriptions_connection' } }] });
      const second = connect(gw, bearer(flooder));
      second.watch('livekit', 'flood-4');
      await waitFor(() => gw.gateway.subscriptions.activeSubscriptions === 3, 'three subscriptions');
      expect(await second.watch('livekit', 'flood-5').ended).toMatchObject({ kind: 'error', errors: [{ extensions: { code: 'RATE_LIMITED', limit: 'subscriptions_caller' } }] });
      // Two more sockets (another caller's, so they stay open) reach the per-address limit of 4; the
      // fifth upgrade is refused before any WebSocket exists.
      connect(gw, bearer(env.alice)).watch('livekit', 'flood-6');
      connect(gw, bearer(env.alice)).watch('livekit', 'flood-7');
      await waitFor(() => gw.gateway.subscriptions.connections === 4, 'four connections');
      const refused = await rawOutcome(gw.wsUrl, 'graphql-transport-ws');
      expect(refused.status).toBe(429);
      expect(JSON.parse(refused.body!)).toMatchObject({ errors: [{ extensions: { code: 'RATE_LIMITED', limit: 'connections' } }] });
    });
    await waitFor(() => gw.gateway.subscriptions.connections === 0, 'the sockets to close');
  },

  'SUB-05': async (env) => {
    await withClients(async (connect) => {
      const client = connect(env.gw, bearer(env.alice));
      const outcome = client.run(`subscription { roomEvents(provider: LIVEKIT, roomId: "x") { id ${'__typename '.repeat(2000)} } }`);
      expect((await client.closed).code).toBe(1009);
      expect(await outcome).toMatchObject({ kind: 'closed', code: 1009 });
    });
  },

  'SUB-06': async (env) => {
    // No subprotocol, and the retired subscriptions-transport-ws one: the socket is closed with 4406.
    expect((await rawOutcome(env.gw.wsUrl, undefined)).close?.[0]).toBe(4406);
    // The handshake never agrees to the legacy subprotocol: the 101 names none (the client then gives up).
    const agreed = await new Promise<string | undefined>((resolve, reject) => {
      const req = request(env.gw.wsUrl.replace(/^ws/, 'http'), {
        headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', 'sec-websocket-protocol': 'graphql-ws' },
      });
      req.on('upgrade', (res, socket) => {
        socket.destroy();
        resolve(res.headers['sec-websocket-protocol']);
      });
      req.on('response', (res) => reject(new Error(`no upgrade: ${res.statusCode}`)));
      req.on('error', reject);
      req.end();
    });
    expect(agreed).toBeUndefined();
    expect(env.gw.gateway.subscriptions.activeSubscriptions).toBe(0);
  },

  'SUB-07': async (env) => {
    const issued = env.rig.openvidu.requests.length;
    await withClients(async (connect) => {
      const client = connect(env.gw, bearer(env.alice));
      for (const query of ['mutation { issueLivekitToken(input: { roomName: "catalog-ws" }) { token } }', 'mutation { createSession { id } }', 'query { viewer { id } }']) {
        const outcome = await client.run(query);
        expect(outcome).toMatchObject({ kind: 'error', errors: [{ message: 'Only subscriptions run over WebSocket; send queries and mutations to /graphql over HTTP.', extensions: { code: 'BAD_REQUEST' } }] });
        expect(outcome.data).toEqual([]);
      }
    });
    expect(env.rig.openvidu.requests.length).toBe(issued);
    // In production a misspelt field is refused without naming the schema's fields (as over HTTP).
    await withClients(async (connect) => {
      const outcome = await connect(env.prod, bearer(env.alice)).run('subscription { roomEvent(provider: LIVEKIT, roomId: "x") { id } }');
      expect(outcome).toMatchObject({ kind: 'error', errors: [{ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] });
      expect(JSON.stringify(outcome)).not.toContain('roomEvents');
    });
  },

  'SUB-08': async (env) => {
    const gw = await limitedGateway(env);
    // A subscribe before connection_init: 4401. No connection_init at all: 4408 after the init timeout.
    const early = await rawOutcome(gw.wsUrl, 'graphql-transport-ws', (ws) =>
      ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { roomEvents(provider: LIVEKIT, roomId: "x") { id } }' } })),
    );
    expect(early.close).toEqual([4401, 'Unauthorized']);
    expect((await rawOutcome(gw.wsUrl, 'graphql-transport-ws')).close).toEqual([4408, 'Connection initialisation timeout']);
  },

  'SUB-10': async (env) => {
    const before = env.rig.openvidu.requests.length;
    for (const token of [env.alice, undefined]) {
      const result = await gql(env.gw, 'subscription { roomEvents(provider: OPENVIDU, roomId: "catalog-http") { id } }', undefined, { token });
      expectCode(result, 'BAD_REQUEST', 400);
      expect(result.body.errors![0].message).toBe('Subscriptions run over WebSocket (the graphql-ws protocol) on /graphql, not over HTTP.');
    }
    expect(env.rig.openvidu.requests.length).toBe(before);
  },

  'SUB-09': async (env) => {
    for (const path of ['/', '/webhooks/livekit', '/graphqlx', '/livekit/token']) {
      const outcome = await rawOutcome(`${env.gw.wsUrl.replace(/\/graphql$/, '')}${path}`, 'graphql-transport-ws');
      expect([path, outcome.status]).toEqual([path, 404]);
    }
  },
};
