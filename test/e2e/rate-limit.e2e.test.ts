/**
 * Rate limits in one process (memory): per caller and per client IP, one point per credential
 * mutation field, refused before any provider call. The gateway trusts X-Forwarded-For here
 * (TRUST_PROXY=true) so each test can play its own client IP; a second gateway shows that without
 * TRUST_PROXY the header buys nothing.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateConnectionDocument, IssueLivekitTokenDocument, ViewerDocument } from '../../client/generated/graphql.js';
import { DEFAULT_POLICY } from '../../src/policy/default-policy.js';
import { mintHs256CallerToken } from '../support/caller-tokens.js';
import { startOpenViduDouble, type OpenViduDouble } from '../support/doubles/openvidu-double.js';
import { execute, expectData, expectErrorCode, sendRaw } from '../support/graphql-client.js';
import { startTestGateway, TEST_AUTH_SECRET, type TestGateway } from '../support/start-test-gateway.js';

const OV_SECRET = 'ov-rate-limit-secret';
const LIVEKIT = { LIVEKIT_API_KEY: 'lk-rl', LIVEKIT_API_SECRET: 'lk-rl-secret-0123456789abcdef0123456789' };

describe('rate limits (in memory)', () => {
  let dir: string;
  let gw: TestGateway;
  let direct: TestGateway;
  let openvidu: OpenViduDouble;
  const token = (sub: string) => mintHs256CallerToken(TEST_AUTH_SECRET, { sub });
  const from = (ip: string) => ({ 'x-forwarded-for': ip });
  const livekit = (target: TestGateway, caller: string, ip: string, roomName = 'rl-room') =>
    execute(target.graphqlUrl, IssueLivekitTokenDocument, { input: { roomName } }, { token: caller, headers: from(ip) });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'callgate-rl-'));
    const policyFile = join(dir, 'policy.json');
    await writeFile(policyFile, JSON.stringify({ ...DEFAULT_POLICY, rateLimits: { perCaller: { points: 3, durationSeconds: 60 }, perIp: { points: 5, durationSeconds: 60 } } }));
    openvidu = await startOpenViduDouble({ secret: OV_SECRET });
    const env = { ...LIVEKIT, POLICY_FILE: policyFile, GRAPHQL_MAX_CREDENTIAL_FIELDS: '5', OPENVIDU_URL: openvidu.url, OPENVIDU_SECRET: OV_SECRET };
    gw = await startTestGateway({ ...env, TRUST_PROXY: 'true' });
    direct = await startTestGateway(env);
  });
  afterAll(async () => {
    await gw.close();
    await direct.close();
    await openvidu.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses the 4th credential mutation of a caller in the window: 429, Retry-After, no provider call', async () => {
    const alice = await token('alice');
    openvidu.addSession('rl-session');
    for (let i = 0; i < 3; i++) {
      expectData(await execute(gw.graphqlUrl, CreateConnectionDocument, { input: { sessionId: 'rl-session' } }, { token: alice, headers: from('10.0.0.1') }));
    }
    const refused = await execute(gw.graphqlUrl, CreateConnectionDocument, { input: { sessionId: 'rl-session' } }, { token: alice, headers: from('10.0.0.1') });
    expect(refused.status).toBe(429);
    const error = expectErrorCode(refused, 'RATE_LIMITED');
    expect(error.message).toMatch(/^Too many credential requests from you; try again in \d+ s\.$/);
    expect(error.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number), limit: 'caller' });
    const wait = error.extensions!.retryAfterSeconds as number;
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    expect(refused.headers.get('retry-after')).toBe(String(wait));
    expect(openvidu.findRequests('POST', '/openvidu/api/sessions/rl-session/connection')).toHaveLength(3);

    // Queries are not credential mutations, and another caller has a budget of their own.
    expect(expectData(await execute(gw.graphqlUrl, ViewerDocument, undefined, { token: alice, headers: from('10.0.0.1') })).viewer.id).toBe('alice');
    expectData(await livekit(gw, await token('bob'), '10.0.0.1'));
  });

  it('counts every aliased mutation in a document, and refuses the whole document when it does not fit', async () => {
    const carl = await token('carl');
    const send = (aliases: string[]) =>
      sendRaw(gw.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${carl}`, ...from('10.0.0.2') },
        body: JSON.stringify({
          query: `mutation { ${aliases.map((a) => `${a}: issueLivekitToken(input: { roomName: "rl-${a}" }) { token }`).join(' ')} }`,
        }),
      });
    const two = JSON.parse((await send(['a', 'b'])).text);
    expect(Object.keys(two.data)).toEqual(['a', 'b']);

    const tooMany = await send(['c', 'd']);
    expect(tooMany.status).toBe(429);
    const body = JSON.parse(tooMany.text);
    expect(body.data).toBeUndefined();
    expect(body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(['RATE_LIMITED']);
    // Nothing of the refused document ran: no token in the answer.
    expect(tooMany.text).not.toMatch(/"token"/);
  });

  it('keeps one budget per client IP across callers', async () => {
    for (const [caller, count] of [['dora', 3], ['dan', 2]] as const) {
      const t = await token(caller);
      for (let i = 0; i < count; i++) expectData(await livekit(gw, t, '10.0.0.3'));
    }
    // A fresh caller from the same address is refused: the address has spent its five.
    const dina = await token('dina');
    const refused = await livekit(gw, dina, '10.0.0.3');
    expect(expectErrorCode(refused, 'RATE_LIMITED').extensions).toMatchObject({ limit: 'ip' });
    expect(refused.body.errors![0].message).toMatch(/from your network address/);
    expectData(await livekit(gw, dina, '10.0.0.4'));
  });

  it('ignores X-Forwarded-For without TRUST_PROXY, so a forged header buys no fresh budget', async () => {
    let served = 0;
    let refused: Awaited<ReturnType<typeof livekit>> | undefined;
    for (const caller of ['erin', 'finn', 'gus']) {
      const t = await token(caller);
      for (let i = 0; i < 2; i++) {
        const res = await livekit(direct, t, `192.0.2.${served + 1}`);
        if (res.body.errors) refused = res;
        else served++;
      }
    }
    expect(served).toBe(5);
    expect(expectErrorCode(refused!, 'RATE_LIMITED').extensions).toMatchObject({ limit: 'ip' });
  });
});
