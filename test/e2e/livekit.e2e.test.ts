import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TokenVerifier } from 'livekit-server-sdk';
import { IssueLivekitTokenDocument } from '../../client/generated/graphql.js';
import { mintHs256CallerToken } from '../support/caller-tokens.js';
import { execute, expectData, expectErrorCode, seenResponses } from '../support/graphql-client.js';
import { startTestGateway, TEST_AUTH_SECRET, type TestGateway } from '../support/start-test-gateway.js';

const LIVEKIT = { key: 'lk-test-key', secret: 'lk-test-secret-0123456789abcdef0123456789', url: 'wss://livekit.test' };

describe('issueLivekitToken', () => {
  let gw: TestGateway;
  let alice: string;
  let mod: string;
  const verifier = new TokenVerifier(LIVEKIT.key, LIVEKIT.secret);

  beforeAll(async () => {
    gw = await startTestGateway({
      LIVEKIT_API_KEY: LIVEKIT.key,
      LIVEKIT_API_SECRET: LIVEKIT.secret,
      LIVEKIT_URL: LIVEKIT.url,
    });
    alice = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'alice', name: 'Alice' });
    mod = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'mona', name: 'Mona', roles: ['moderator'] });
  });
  afterAll(() => gw.close());

  it('signs a join token whose identity is the caller and whose grants are all explicit', async () => {
    const res = await execute(gw.graphqlUrl, IssueLivekitTokenDocument, { input: { roomName: 'standup-7' } }, { token: alice });
    const { issueLivekitToken: out } = expectData(res);
    expect(out).toMatchObject({ identity: 'alice', name: 'Alice', roomName: 'standup-7', serverUrl: LIVEKIT.url });

    const claims = await verifier.verify(out.token);
    expect(claims.sub).toBe('alice');
    expect(claims.iss).toBe(LIVEKIT.key);
    expect(claims.name).toBe('Alice');
    expect(claims.video).toEqual({
      roomJoin: true,
      room: 'standup-7',
      canPublish: true,
      canSubscribe: true,
      canPublishData: true,
      canUpdateOwnMetadata: false,
      hidden: false,
      roomAdmin: false,
      roomRecord: false,
    });
    // Default TTL of the built-in policy: 10 minutes.
    expect(claims.exp! - claims.nbf!).toBe(600);
    expect(new Date(out.expiresAt).getTime() / 1000).toBeCloseTo(claims.exp!, -1);
  });

  it('uses participantName for the display name but never for the identity', async () => {
    const res = await execute(
      gw.graphqlUrl,
      IssueLivekitTokenDocument,
      { input: { roomName: 'r1', participantName: 'Bob (really Alice)' } },
      { token: alice },
    );
    const claims = await verifier.verify(expectData(res).issueLivekitToken.token);
    expect(claims.sub).toBe('alice');
    expect(claims.name).toBe('Bob (really Alice)');
  });

  it('writes metadata, attributes and a narrowed grant set as asked', async () => {
    const res = await execute(
      gw.graphqlUrl,
      IssueLivekitTokenDocument,
      {
        input: {
          roomName: 'r2',
          metadata: '{"team":"blue"}',
          attributes: [{ key: 'desk', value: '7' }, { key: '__proto__', value: 'plain' }],
          canPublishData: false,
          canPublishSources: ['CAMERA', 'MICROPHONE'],
          ttlSeconds: 120,
        },
      },
      { token: alice },
    );
    const out = expectData(res).issueLivekitToken;
    const claims = await verifier.verify(out.token);
    expect(claims.metadata).toBe('{"team":"blue"}');
    expect(claims.attributes).toEqual({ desk: '7', ['__proto__']: 'plain' });
    expect(claims.video?.canPublishData).toBe(false);
    expect(claims.video?.canPublishSources).toEqual(['camera', 'microphone']);
    expect(out.grants.canPublishSources).toEqual(['CAMERA', 'MICROPHONE']);
    expect(claims.exp! - claims.nbf!).toBe(120);
    expect(Object.prototype).not.toHaveProperty('plain');
  });

  it('caps a TTL above the policy maximum', async () => {
    const res = await execute(gw.graphqlUrl, IssueLivekitTokenDocument, { input: { roomName: 'r3', ttlSeconds: 86_400 } }, { token: alice });
    const claims = await verifier.verify(expectData(res).issueLivekitToken.token);
    expect(claims.exp! - claims.nbf!).toBe(3600);
  });

  it('refuses moderator grants to a participant (FORBIDDEN) and grants them to a moderator', async () => {
    const refused = await execute(gw.graphqlUrl, IssueLivekitTokenDocument, { input: { roomName: 'r4', roomAdmin: true } }, { token: alice });
    expect(expectErrorCode(refused, 'FORBIDDEN').extensions?.reason).toBe('livekit.roomAdmin');
    expect(refused.body.data).toBeNull();

    const granted = await execute(gw.graphqlUrl, IssueLivekitTokenDocument, { input: { roomName: 'r4', roomRecord: true } }, { token: mod });
    const claims = await verifier.verify(expectData(granted).issueLivekitToken.token);
    expect(claims.video).toMatchObject({ roomAdmin: true, roomRecord: true, canUpdateOwnMetadata: true });
  });

  it.each([
    ['an empty room name', { roomName: '' }],
    ['a room name with a slash', { roomName: 'a/connection' }],
    ['a 65-character room name', { roomName: 'x'.repeat(65) }],
    ['a display name with a right-to-left override', { roomName: 'ok', participantName: 'evil\u202Egnp' }],
    ['a display name with a lone surrogate', { roomName: 'ok', participantName: 'a\uD800' }],
    ['a zero TTL', { roomName: 'ok', ttlSeconds: 0 }],
    ['metadata over 4 KiB', { roomName: 'ok', metadata: 'm'.repeat(5000) }],
  ])('rejects %s with BAD_USER_INPUT without echoing the value', async (_label, input) => {
    const res = await execute(gw.graphqlUrl, IssueLivekitTokenDocument, { input }, { token: alice });
    const error = expectErrorCode(res, 'BAD_USER_INPUT');
    expect(res.text).not.toContain('a/connection');
    expect(res.text).not.toContain('mmmmmmmmmm');
    expect(error.message).toMatch(/^Invalid input: /);
  });

  it('answers UNAUTHENTICATED with HTTP 401 when no caller token is sent', async () => {
    const res = await execute(gw.graphqlUrl, IssueLivekitTokenDocument, { input: { roomName: 'r5' } });
    expect(res.status).toBe(401);
    expectErrorCode(res, 'UNAUTHENTICATED');
    expect(res.body.data ?? null).toBeNull();
  });

  it('never shows the LiveKit secret or a caller token in responses or logs', () => {
    const everything = [...seenResponses, ...gw.logs].join('\n');
    expect(everything).not.toContain(LIVEKIT.secret);
    expect(everything).not.toContain(alice);
    expect(everything).not.toContain(mod);
    expect(gw.logs.join('\n')).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
  });
});
