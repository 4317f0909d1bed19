/**
 * Argument validation runs through src/schema/validate-input.ts (class-validator, synchronously).
 * These cases pin what that path must keep doing beyond the per-field rules covered in the provider
 * tests: nested inputs are validated too, every broken field is reported, and valid input passes.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { IssueLivekitTokenDocument } from '../../client/generated/graphql.js';
import { mintHs256CallerToken } from '../support/caller-tokens.js';
import { execute, expectData, expectErrorCode } from '../support/graphql-client.js';
import { startTestGateway, TEST_AUTH_SECRET, type TestGateway } from '../support/start-test-gateway.js';

describe('argument validation', () => {
  let gw: TestGateway;
  let token: string;
  beforeAll(async () => {
    gw = await startTestGateway({}, undefined, { listen: false });
    token = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'alice' });
  });
  afterAll(() => gw.close());

  it('validates nested inputs (each attribute) and names the nested field', async () => {
    const input = { roomName: 'ok', attributes: [{ key: 'fine', value: 'v' }, { key: 'k'.repeat(65), value: 'v' }] };
    const res = await execute(gw, IssueLivekitTokenDocument, { input }, { token });
    const error = expectErrorCode(res, 'BAD_USER_INPUT');
    expect(new Set(error.extensions?.fields as string[])).toEqual(new Set(['attributes.1.key']));
    expect(res.text).not.toContain('kkkkkkkkkk');
  });

  it('reports every broken field at once', async () => {
    const input = { roomName: 'a/b', participantName: ' ', ttlSeconds: 0 };
    const res = await execute(gw, IssueLivekitTokenDocument, { input }, { token });
    const error = expectErrorCode(res, 'BAD_USER_INPUT');
    expect(error.extensions?.fields).toEqual(expect.arrayContaining(['roomName', 'participantName', 'ttlSeconds']));
  });

  it('lets valid nested input through', async () => {
    const input = { roomName: 'ok', attributes: [{ key: 'desk', value: '7' }] };
    const out = expectData(await execute(gw, IssueLivekitTokenDocument, { input }, { token }));
    expect(out.issueLivekitToken.roomName).toBe('ok');
  });
});
