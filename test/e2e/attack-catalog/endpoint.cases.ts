/**
 * Catalog area livekit-endpoint (LKEP-*): POST /livekit/token, LiveKit's standard token endpoint, over
 * real sockets against the catalog's test gateway (built-in policy: no role names any agent).
 */
import { expect } from '@jest/globals';
import { sendRaw } from '../../support/graphql-client.js';
import type { CatalogChecks, CatalogEnv } from './catalog-env.js';

interface EndpointResult {
  status: number;
  headers: Headers;
  body: { error?: { code: string; message: string }; participant_token?: string; [field: string]: unknown };
}

async function post(env: CatalogEnv, body: string | Record<string, unknown>, opts: { token?: string; contentType?: string | null } = {}): Promise<EndpointResult> {
  const headers: Record<string, string> = {};
  if (opts.contentType !== null) headers['content-type'] = opts.contentType ?? 'application/json';
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const res = await sendRaw(`${env.gw.url}/livekit/token`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const parsed = JSON.parse(res.text) as EndpointResult['body'];
  if (parsed.participant_token) env.issuedTokens.add(parsed.participant_token);
  return { status: res.status, headers: res.headers, body: parsed };
}

/** A refusal: this status and code in the endpoint's error shape, and no token anywhere in the answer. */
function expectRefused(result: EndpointResult, status: number, code: string): void {
  expect(result.status).toBe(status);
  expect(result.body).toEqual({ error: { code, message: expect.any(String) } });
}

export const endpointChecks: CatalogChecks = {
  'LKEP-01': async (env) => {
    for (const identity of ['mona', 'alice ', 'ALICE', 'alice\u200B']) {
      const refused = await post(env, { room_name: 'lkep-1', participant_identity: identity }, { token: env.alice });
      // Another caller's id is FORBIDDEN; text that is not a valid identity at all is refused as input first.
      expect([400, 403]).toContain(refused.status);
      expect(refused.body.participant_token).toBeUndefined();
    }
    expectRefused(await post(env, { room_name: 'lkep-1', participant_identity: 'mona' }, { token: env.alice }), 403, 'FORBIDDEN');
    const own = await post(env, { room_name: 'lkep-1', participant_identity: 'alice' }, { token: env.alice });
    expect(own.status).toBe(201);
    expect((await env.livekit.verifier.verify(own.body.participant_token!)).sub).toBe('alice');
  },
  'LKEP-02': async (env) => {
    for (const body of [
      { room_name: 'lkep-2', identity: 'mona' },
      { room_name: 'lkep-2', grants: { roomAdmin: true } },
      { room_name: 'lkep-2', ttl: 86_400 },
    ]) {
      expectRefused(await post(env, body, { token: env.alice }), 400, 'BAD_USER_INPUT');
    }
    // A "__proto__" key is an own field of the parsed body: unknown, not a prototype change.
    expectRefused(await post(env, '{"room_name":"lkep-2","__proto__":{"participant_identity":"mona"}}', { token: env.alice }), 400, 'BAD_USER_INPUT');
  },
  'LKEP-03': async (env) => {
    const agents = await post(env, { room_name: 'lkep-3', room_config: { agents: [{ agent_name: 'support-bot' }] } }, { token: env.mona });
    expectRefused(agents, 403, 'FORBIDDEN');
    for (const room_config of [{ max_participants: 1000 }, { egress: { room: { room_name: 'lkep-3' } } }, { name: 'other-room' }]) {
      expectRefused(await post(env, { room_name: 'lkep-3', room_config }, { token: env.mona }), 403, 'FORBIDDEN');
    }
  },
  'LKEP-04': async (env) => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', null]) {
      const refused = await post(env, { room_name: 'lkep-4' }, { token: env.alice, contentType });
      expectRefused(refused, 415, 'BAD_REQUEST');
    }
    expectRefused(await post(env, '{"room_name": "lkep-4"', { token: env.alice }), 400, 'BAD_REQUEST');
  },
  'LKEP-05': async (env) => {
    expectRefused(await post(env, { room_name: 'lkep-5' }), 401, 'UNAUTHENTICATED');
    const forged = await env.mint({ sub: 'alice' }, { alg: 'HS256', issuer: 'https://elsewhere.test' });
    expectRefused(await post(env, { room_name: 'lkep-5' }, { token: forged }), 401, 'UNAUTHENTICATED');
    const malformed = await sendRaw(`${env.gw.url}/livekit/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic YWxpY2U6cGFzcw==' },
      body: '{}',
    });
    expect(malformed.status).toBe(401);
    expect(malformed.text).not.toContain('participant_token');
  },
};
