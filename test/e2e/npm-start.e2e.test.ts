/**
 * The README promise: `npm start` on a fresh checkout serves on embedded defaults. This runs the
 * compiled entry point (`node dist/src/main.js`, what `npm start` runs) with an empty environment.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildClientSchema, buildSchema, getIntrospectionQuery, lexicographicSortSchema, printSchema, type IntrospectionQuery } from 'graphql';
import { TokenVerifier } from 'livekit-server-sdk';
import { DEV_DEFAULTS } from '../../src/config/load-config.js';
import { mintHs256CallerToken } from '../support/caller-tokens.js';
import { GATEWAY_START_TIMEOUT_MS, spawnGateway, type SpawnedGateway } from '../support/spawn-gateway.js';

describe('npm start on embedded defaults', () => {
  let gateway: SpawnedGateway;
  let child: ChildProcess;
  let url = '';

  beforeAll(async () => {
    gateway = await spawnGateway({ PORT: '0', HOST: '127.0.0.1' });
    child = gateway.child;
    url = `http://127.0.0.1:${gateway.port}/graphql`;
    // Starting a Node process can take several seconds on a loaded machine.
  }, GATEWAY_START_TIMEOUT_MS + 5_000);
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('serves Apollo Sandbox at GET /graphql', async () => {
    const res = await fetch(url, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/sandbox/i);
  });

  it('issues a LiveKit token with the dev keys to a caller signed with the dev secret', async () => {
    const token = await mintHs256CallerToken(DEV_DEFAULTS.authSecret, { sub: 'alice', name: 'Alice' });
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'mutation { issueLivekitToken(input: { roomName: "demo" }) { token identity } }' }),
    });
    const body = (await res.json()) as { data: { issueLivekitToken: { token: string; identity: string } } };
    const claims = await new TokenVerifier('devkey', 'secret').verify(body.data.issueLivekitToken.token);
    expect(claims.sub).toBe('alice');
    expect(claims.video?.room).toBe('demo');
  });

  it('validates input in the bundled build: class-validator rules and the gateway\'s own', async () => {
    const token = await mintHs256CallerToken(DEV_DEFAULTS.authSecret, { sub: 'alice', name: 'Alice' });
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: 'mutation ($input: IssueLivekitTokenInput!) { issueLivekitToken(input: $input) { token } }',
        variables: { input: { roomName: 'no spaces', canPublishSources: ['CAMERA', 'CAMERA', 'CAMERA', 'CAMERA', 'CAMERA'] } },
      }),
    });
    const body = (await res.json()) as { data: unknown; errors: { extensions: { code: string; fields: string[] } }[] };
    expect(body.data).toBeNull();
    expect(body.errors.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', fields: ['roomName', 'canPublishSources'] }]);
  });

  it('serves exactly the schema in schema.graphql (the bundled build keeps every type and field name)', async () => {
    const token = await mintHs256CallerToken(DEV_DEFAULTS.authSecret, { sub: 'alice', name: 'Alice' });
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: getIntrospectionQuery() }),
    });
    const body = (await res.json()) as { data: IntrospectionQuery };
    const served = printSchema(lexicographicSortSchema(buildClientSchema(body.data)));
    const committed = printSchema(lexicographicSortSchema(buildSchema(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'))));
    expect(served).toBe(committed);
  });

  it('allows the Sandbox origin by CORS', async () => {
    const res = await fetch(url, {
      method: 'OPTIONS',
      headers: { origin: 'https://studio.apollographql.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://studio.apollographql.com');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('exits 0 on SIGTERM', async () => {
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(gateway.output()).not.toContain(DEV_DEFAULTS.authSecret);
  });
});
