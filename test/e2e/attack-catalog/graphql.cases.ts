/**
 * Catalog areas graphql-dos (GQL-*) and http-transport (HTTP-*): document limits, batching,
 * introspection, CSRF, bodies and slow clients, response statuses and request ids, as raw HTTP
 * against the gateway.
 */
import http from 'node:http';
import net from 'node:net';
import { expect } from '@jest/globals';
import { sendRaw } from '../../support/graphql-client.js';
import { unusedPortUrl } from '../../support/doubles/double-server.js';
import { waitFor } from '../../support/provider-rig.js';
import type { TestGateway } from '../../support/start-test-gateway.js';
import { expectCode, expectOk, gql, HEADERS_TIMEOUT_MS, providerCalls, REQUEST_TIMEOUT_MS, SLACK_MS, type CatalogChecks } from './catalog-env.js';

const CSRF_MESSAGE = /blocked as a potential Cross-Site Request Forgery/;
const CREATE = 'mutation { createSession(input: { customSessionId: "csrf" }) { id } }';

/** A deep introspection selection: only the depth limit can refuse it in test mode (introspection is on). */
const deepType = (levels: number) => `__type(name: "Query") { fields { type ${'{ ofType '.repeat(levels)}{ name }${' }'.repeat(levels)} } }`;

/**
 * The document is refused before execution with this code (graphql-js may add its own validation
 * errors next to the limit's, e.g. one per repeated directive) and nothing ran.
 */
async function expectLimitRejected(gw: TestGateway, query: string, token: string, code = 'GRAPHQL_VALIDATION_FAILED') {
  const res = await gql(gw, query, undefined, { token });
  expect(res.status).toBe(400);
  expect(res.body.data).toBeUndefined();
  expect(new Set((res.body.errors ?? []).map((e) => e.extensions?.code))).toEqual(new Set([code]));
  return res;
}

const messages = (res: { body: { errors?: Array<{ message: string }> } }) => (res.body.errors ?? []).map((e) => e.message).join('\n');

/** Opens a raw TCP connection and resolves when the server closes it (with the bytes it sent back). */
function untilClosed(socket: net.Socket): Promise<string> {
  return new Promise((resolve) => {
    let received = '';
    socket.on('data', (d) => (received += d.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(received));
  });
}

function connect(gw: TestGateway): Promise<net.Socket> {
  const { port } = new URL(gw.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Streams a chunked body until the server answers; resolves with the status and how much was sent. */
function streamUntilAnswered(gw: TestGateway, limitBytes: number): Promise<{ status: number; sent: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let done = false;
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const req = http.request(gw.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, agent: false }, (res) => {
      done = true;
      res.resume();
      resolve({ status: res.statusCode ?? 0, sent });
      req.destroy();
    });
    req.on('error', (error) => (done ? undefined : reject(error)));
    const pump = () => {
      while (!done && sent < limitBytes) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!done) req.end();
    };
    pump();
  });
}

export const graphqlChecks: CatalogChecks = {
  'GQL-01': async (env) => {
    // Depth 6 is the limit (the room access selections need 6); depth 7 is refused, a shallow one passes.
    expectOk(await gql(env.gw, `{ ${deepType(0)} }`, undefined, { token: env.alice }));
    const res = await expectLimitRejected(env.gw, `{ ${deepType(3)} }`, env.alice);
    expect(messages(res)).toMatch(/depth limit of 6 exceeded, found 7/);
  },

  'GQL-02': async (env) => {
    const aliases = (count: number) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: viewer { id }`).join(' ')} }`;
    expect(messages(await expectLimitRejected(env.gw, aliases(16), env.alice))).toMatch(/Aliases limit of 5/i);
    // 200 aliases are already over the parser's token limit.
    await expectLimitRejected(env.gw, aliases(200), env.alice, 'GRAPHQL_PARSE_FAILED');
    env.rig.openvidu.addSession('alias');
    await expectLimitRejected(env.gw, `mutation { ${Array.from({ length: 6 }, (_, i) => `s${i}: createSession(input: { customSessionId: "s${i}" }) { id }`).join(' ')} }`, env.alice);
    expect(providerCalls(env)).toBe(0);
  },

  'GQL-03': async (env) => {
    await expectLimitRejected(env.gw, `{ ${Array.from({ length: 2000 }, (_, i) => `t${i}: __typename`).join(' ')} }`, env.alice, 'GRAPHQL_PARSE_FAILED');
  },

  'GQL-04': async (env) => {
    // 5 000 selections: refused by the token limit; 40 repeats of a small selection: refused by cost.
    await expectLimitRejected(env.gw, `{ ${'viewer '.repeat(5000)} }`, env.alice, 'GRAPHQL_PARSE_FAILED');
    const res = await expectLimitRejected(env.gw, `{ ${'viewer { id name roles tokenExpiresAt } '.repeat(40)} }`, env.alice);
    expect(messages(res)).toMatch(/Cost limit of 250/i);
  },

  'GQL-05': async (env) => {
    const res = await expectLimitRejected(env.gw, `{ viewer ${'@include(if: true) '.repeat(60)}{ id } }`, env.alice);
    expect(messages(res)).toMatch(/Directives limit of 10/i);
  },

  'GQL-06': async (env) => {
    const batch = JSON.stringify(Array.from({ length: 100 }, () => ({ query: CREATE })));
    const res = await gql(env.gw, '', undefined, { token: env.alice, body: batch });
    expect(expectCode(res, 'BAD_REQUEST', 400).message).toBe('Operation batching disabled.');
    expect(providerCalls(env)).toBe(0);
  },

  'GQL-07': async (env) => {
    for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Query") { name } }']) {
      expectCode(await gql(env.prod, query, undefined, { token: env.alice }), 'GRAPHQL_VALIDATION_FAILED', 400);
    }
    expect(expectOk(await gql(env.prod, '{ __typename }', undefined, { token: env.alice })).__typename).toBe('Query');
  },

  'GQL-08': async (env) => {
    for (const query of ['{ viewr { id } }', '{ viewer { nme } }', 'mutation { issueLivekitTokn(input: { roomName: "r" }) { token } }']) {
      const res = await gql(env.prod, query, undefined, { token: env.alice });
      expectCode(res, 'GRAPHQL_VALIDATION_FAILED', 400);
      expect(res.text).not.toMatch(/Did you mean/);
    }
  },

  'GQL-09': async (env) => {
    const disguises = [
      `query { ...__schema } fragment __schema on Query { ${deepType(3)} }`,
      `query __schema { ${deepType(3)} }`,
      // The same fragment first used shallow, then deep: a cached depth must not let the second pass.
      `query { a: __type(name: "Query") { ...F } b: __type(name: "Query") { fields { type { ofType { ofType { ...F } } } } } } fragment F on __Type { name ofType { name } }`,
    ];
    for (const query of disguises) await expectLimitRejected(env.gw, query, env.alice);
  },

  'GQL-10': async (env) => {
    await expectLimitRejected(env.gw, '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }', env.alice);
    expectOk(await gql(env.gw, '{ viewer { id } }', undefined, { token: env.alice }));
  },

  'GQL-11': async (env) => {
    for (const query of ['{'.repeat(60_000), `query { ${'a '.repeat(30_000)}}`]) {
      const started = Date.now();
      await expectLimitRejected(env.gw, query, env.alice, 'GRAPHQL_PARSE_FAILED');
      expect(Date.now() - started).toBeLessThan(SLACK_MS);
    }
  },

  'GQL-12': async (env) => {
    const url = `${env.gw.graphqlUrl}?query=${encodeURIComponent(CREATE)}`;
    const blocked = await sendRaw(url, { headers: { authorization: `Bearer ${env.alice}` } });
    expect(blocked.status).toBe(400);
    expect(blocked.text).toMatch(CSRF_MESSAGE);
    const preflighted = await sendRaw(url, { headers: { authorization: `Bearer ${env.alice}`, 'apollo-require-preflight': 'true' } });
    expect(preflighted.status).toBe(405);
    expect(preflighted.headers.get('allow')).toBe('POST');
    expect(providerCalls(env)).toBe(0);
  },

  'GQL-13': async (env) => {
    const two = 'query A { viewer { id } } query B { viewer { id } }';
    expectCode(await gql(env.gw, two, undefined, { token: env.alice }), 'OPERATION_RESOLUTION_FAILURE', 400);
    expectCode(await gql(env.gw, two, undefined, { token: env.alice, operationName: 'C' }), 'OPERATION_RESOLUTION_FAILURE', 400);
  },

  'GQL-14': async (env) => {
    const over = [
      `{ ${Array.from({ length: 6 }, (_, i) => `a${i}: viewer { id }`).join(' ')} }`,
      `{ ${'viewer { id name roles tokenExpiresAt } '.repeat(40)} }`,
      `{ viewer ${'@include(if: true) '.repeat(11)}{ id } }`,
      'mutation { a: issueLivekitToken(input: { roomName: "a" }) { token } b: issueLivekitToken(input: { roomName: "b" }) { token } }',
    ];
    for (const query of over) {
      const res = await expectLimitRejected(env.prod, query, env.alice);
      expect(res.body.errors?.map((e) => e.message)).toContain('Query validation error.');
      expect(res.text).not.toMatch(/limit|exceeded|found \d/i);
    }
  },

  'HTTP-01': async (env) => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await sendRaw(env.gw.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': type, authorization: `Bearer ${env.alice}` },
        body: JSON.stringify({ query: CREATE }),
      });
      expect(res.status).toBe(400);
      expect(res.text).toMatch(CSRF_MESSAGE);
    }
    expect(providerCalls(env)).toBe(0);
  },

  'HTTP-02': async (env) => {
    const res = await sendRaw(`${env.gw.graphqlUrl}?query=${encodeURIComponent('{ viewer { id } }')}`, { headers: { authorization: `Bearer ${env.alice}` } });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(CSRF_MESSAGE);
  },

  'HTTP-03': async (env) => {
    const noType = await sendRaw(env.gw.graphqlUrl, { method: 'POST', body: JSON.stringify({ query: '{ viewer { id } }' }) });
    expect(noType.status).toBe(400);
    const odd = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(`${env.gw.graphqlUrl}?query=%7B__typename%7D`, { headers: { 'content-type': 'text/;;;', 'apollo-require-preflight': '1' }, agent: false }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.end();
    });
    expect([200, 400, 415]).toContain(odd.status);
    for (const text of [noType.text, odd.text]) expect(text).not.toMatch(/"stack|at .+\.js/);
  },

  'HTTP-04': async (env) => {
    const big = await sendRaw(env.gw.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ viewer { id } } #${'x'.repeat(10 * 1024 * 1024)}` }),
    });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.text).errors[0].extensions.code).toBe('BAD_REQUEST');
    // Chunked, without a length: refused after about the limit, long before 1 GB is sent.
    const streamed = await streamUntilAnswered(env.gw, 1024 * 1024 * 1024);
    expect(streamed.status).toBe(413);
    expect(streamed.sent).toBeLessThan(64 * 1024 * 1024);
    expectOk(await gql(env.gw, '{ viewer { id } }', undefined, { token: env.alice }));
  },

  'HTTP-05': async (env) => {
    for (const body of ['{', '', 'null', '1', '"x"', '[]']) {
      const res = await gql(env.gw, '', undefined, { token: env.alice, body });
      expectCode(res, 'BAD_REQUEST', 400);
    }
  },

  'HTTP-06': async (env) => {
    const nested = `${'['.repeat(30_000)}${']'.repeat(30_000)}`;
    const body = `{"query":"query Q($v: String) { viewer { id } }","variables":{"v":${nested}}}`;
    const res = await gql(env.gw, '', undefined, { token: env.alice, body });
    expect(res.status).toBe(400);
    expect(res.text).not.toMatch(/RangeError|stack/);
    expectOk(await gql(env.gw, '{ viewer { id } }', undefined, { token: env.alice }));
  },

  'HTTP-07': async (env) => {
    // HTTP_HEADERS_TIMEOUT_MS is HEADERS_TIMEOUT_MS on this gateway: header dribblers are cut off, others are served.
    const sockets = await Promise.all(Array.from({ length: 20 }, () => connect(env.gw)));
    const started = Date.now();
    const closed = sockets.map(untilClosed);
    const dribble = setInterval(() => sockets.forEach((s) => !s.destroyed && s.write('X')), 200);
    sockets.forEach((s) => s.write('POST /graphql HTTP/1.1\r\nHost: x\r\nX-Slow: '));
    try {
      expectOk(await gql(env.gw, '{ viewer { id } }', undefined, { token: env.alice }));
      const answers = await Promise.all(closed);
      expect(Date.now() - started).toBeLessThan(HEADERS_TIMEOUT_MS + 500 + 2 * SLACK_MS);
      for (const answer of answers) expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
    } finally {
      clearInterval(dribble);
      sockets.forEach((s) => s.destroy());
    }
  },

  'HTTP-08': async (env) => {
    // HTTP_REQUEST_TIMEOUT_MS is REQUEST_TIMEOUT_MS on this gateway: a body sent at 5 bytes/s is cut off; no resolver runs.
    const socket = await connect(env.gw);
    const closed = untilClosed(socket);
    const started = Date.now();
    socket.write(`POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer ${env.alice}\r\nContent-Length: 64000\r\n\r\n`);
    const dribble = setInterval(() => !socket.destroyed && socket.write('{'), 200);
    try {
      const answer = await closed;
      expect(Date.now() - started).toBeLessThan(REQUEST_TIMEOUT_MS + 500 + 2 * SLACK_MS);
      expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
    } finally {
      clearInterval(dribble);
      socket.destroy();
    }
    expect(providerCalls(env)).toBe(0);
  },

  'HTTP-09': async (env) => {
    // HTTP_KEEP_ALIVE_TIMEOUT_MS is 1 s on this gateway: idle keep-alive connections are closed after it.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
    const sockets = new Set<net.Socket>();
    await Promise.all(
      Array.from({ length: 50 }, () =>
        new Promise<void>((resolve, reject) => {
          const req = http.get(`${env.gw.url}/healthz`, { agent }, (res) => {
            sockets.add(res.socket);
            res.resume();
            res.on('end', () => resolve());
          });
          req.on('error', reject);
        }),
      ),
    );
    expect(sockets.size).toBeGreaterThan(1);
    await waitFor(() => [...sockets].every((s) => s.destroyed), 'idle keep-alive sockets to be closed by the server', 1000 + 2 * SLACK_MS);
    agent.destroy();
  },

  'HTTP-10': async (env) => {
    const preflight = (gw: TestGateway, origin: string) =>
      fetch(gw.graphqlUrl, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
    const evil = await preflight(env.prod, 'https://evil.example');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const good = await preflight(env.prod, 'https://app.example.com');
    expect(good.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    for (const res of [evil, good, await preflight(env.gw, 'https://anywhere.example')]) {
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    }
  },

  'HTTP-11': async (env) => {
    const send = (first: string, second: string) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = http.request(
          env.gw.graphqlUrl,
          {
            method: 'POST',
            agent: false,
            // Raw header lines (Node adds no Host header for this form).
            headers: ['host', new URL(env.gw.url).host, 'content-type', 'application/json', 'authorization', first, 'authorization', second] as unknown as http.OutgoingHttpHeaders,
          },
          (res) => {
            let text = '';
            res.on('data', (d) => (text += d));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify({ query: '{ viewer { id } }' }));
      });
    // Node keeps the first Authorization header and drops the others: deterministic in both orders.
    const aliceFirst = await send(`Bearer ${env.alice}`, 'Bearer garbage');
    expect(aliceFirst.status).toBe(200);
    expect(JSON.parse(aliceFirst.text).data.viewer.id).toBe('alice');
    const garbageFirst = await send('Bearer garbage', `Bearer ${env.alice}`);
    expect(garbageFirst.status).toBe(401);
  },

  'HTTP-12': async (env) => {
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const res = await sendRaw(env.gw.graphqlUrl, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${env.alice}` }, body: JSON.stringify({ query: CREATE }) });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, POST');
    }
    expect(providerCalls(env)).toBe(0);
  },

  'HTTP-16': async (env) => {
    const res = await gql(env.gw, '{ __typename room(provider: OPENVIDU, roomId: "x") { roomId } }');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ __typename: 'Query', room: null });
    expect(res.body.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([['UNAUTHENTICATED', ['room']]]);
  },

  'HTTP-17': async (env) => {
    expectCode(await gql(env.gw, '{ viewer { id } }', undefined, { token: 'not-a-jwt' }), 'UNAUTHENTICATED', 401);
    expectCode(await gql(env.gw, 'mutation { issueLivekitToken(input: { roomName: "r", hidden: true }) { token } }', undefined, { token: env.alice }), 'FORBIDDEN', 403);
    expectCode(await gql(env.gw, 'mutation { createSession(input: { customSessionId: "no spaces" }) { id } }', undefined, { token: env.alice }), 'BAD_USER_INPUT', 400);
    const dead = await env.startGateway({ OPENVIDU_URL: await unusedPortUrl(), PROVIDER_BREAKER_THRESHOLD: '2', PROVIDER_BREAKER_HALF_OPEN_MS: '60000' });
    const connect = () => gql(dead, 'mutation { createConnection(input: { sessionId: "dead-room" }) { id } }', undefined, { token: env.alice });
    expectCode(await connect(), 'PROVIDER_ERROR', 503);
    expectCode(await connect(), 'PROVIDER_ERROR', 503);
    expectCode(await connect(), 'PROVIDER_UNAVAILABLE', 503);
  },

  'HTTP-18': async (env) => {
    const issue = (requestId: string) =>
      gql(env.gw, 'mutation { issueLivekitToken(input: { roomName: "traced" }) { token } }', undefined, { token: env.alice, headers: { 'x-request-id': requestId } });
    const first = await issue('forged');
    expectOk(first);
    const gatewayId = first.headers.get('x-request-id');
    expect(gatewayId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const audit = env.gw.logRecords().find((r) => r.msg === 'audit' && r.reqId === gatewayId);
    expect(audit).toMatchObject({ clientRequestId: 'forged', audit: { requestId: gatewayId, clientRequestId: 'forged' } });
    // Replaying the first request's id as the client's: a new gateway id, the old one is not reused.
    const replay = await issue(gatewayId!);
    expectOk(replay);
    expect(replay.headers.get('x-request-id')).not.toBe(gatewayId);
    expect(env.gw.logRecords().filter((r) => r.msg === 'audit' && r.reqId === gatewayId)).toHaveLength(1);
    const hostile = await issue(`a"\t{"reqId": "b"}${'z'.repeat(300)}`);
    expectOk(hostile);
    const hostileAudit = env.gw.logRecords().find((r) => r.msg === 'audit' && r.reqId === hostile.headers.get('x-request-id'));
    expect(hostileAudit?.clientRequestId).toBe(`a____reqId_:__b__${'z'.repeat(111)}`);
  },
};
