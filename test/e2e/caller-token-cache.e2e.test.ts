/**
 * The gateway remembers verified caller tokens (src/auth/verified-token-cache.ts). These tests show,
 * through real HTTP, that remembering never weakens the check: a remembered token stops working at
 * its own exp, and look-alike tokens are verified on their own.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { ViewerDocument } from '../../client/generated/graphql.js';
import { mintHs256CallerToken } from '../support/caller-tokens.js';
import { execute, expectData, expectErrorCode } from '../support/graphql-client.js';
import { startTestGateway, TEST_AUTH_SECRET, type TestGateway } from '../support/start-test-gateway.js';
import { fakeWallClock } from '../support/wall-clock.js';

describe('remembered caller tokens', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ AUTH_CLOCK_TOLERANCE_SECONDS: '0' });
  });
  afterAll(() => gw.close());
  afterEach(() => {
    jest.useRealTimers();
  });

  it('accepts a remembered token until its exp, then answers 401', async () => {
    // The gateway runs in this process: its token cache and jose read the faked wall clock.
    const clock = fakeWallClock();
    const exp = Math.ceil(Date.now() / 1000) + 60;
    const token = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'short-lived', exp });
    expect(expectData(await execute(gw.graphqlUrl, ViewerDocument, undefined, { token })).viewer.id).toBe('short-lived');
    clock.set(exp * 1000 - 1);
    expect(expectData(await execute(gw.graphqlUrl, ViewerDocument, undefined, { token })).viewer.id).toBe('short-lived');
    clock.set(exp * 1000 + 1);
    const late = await execute(gw.graphqlUrl, ViewerDocument, undefined, { token });
    expect(late.status).toBe(401);
    expectErrorCode(late, 'UNAUTHENTICATED');
  });

  it('verifies a token with the same payload but another signature on its own', async () => {
    const token = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'alice' });
    expectData(await execute(gw.graphqlUrl, ViewerDocument, undefined, { token }));
    const [header, payload, signature] = token.split('.');
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BA' : 'AA'}`;
    const forged = await execute(gw.graphqlUrl, ViewerDocument, undefined, { token: `${header}.${payload}.${flipped}` });
    expect(forged.status).toBe(401);
    expectErrorCode(forged, 'UNAUTHENTICATED');
  });

  it('keeps each caller apart: two remembered tokens give two identities', async () => {
    const alice = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'alice', name: 'Alice' });
    const bob = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'bob', name: 'Bob' });
    for (let i = 0; i < 2; i += 1) {
      expect(expectData(await execute(gw.graphqlUrl, ViewerDocument, undefined, { token: alice })).viewer).toMatchObject({ id: 'alice', name: 'Alice' });
      expect(expectData(await execute(gw.graphqlUrl, ViewerDocument, undefined, { token: bob })).viewer).toMatchObject({ id: 'bob', name: 'Bob' });
    }
  });
});
