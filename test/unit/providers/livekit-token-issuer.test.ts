import { describe, expect, it } from '@jest/globals';
import { AccessToken, TokenVerifier, TrackSource } from 'livekit-server-sdk';
import { LivekitTokenIssuer, type LivekitTokenRequest } from '../../../src/providers/livekit/livekit.token-issuer.js';

const config = { apiKey: 'APIunit', apiSecret: 'unit-secret-ünïcode-0123456789abcdef', url: 'wss://livekit.unit.invalid' };

const base: LivekitTokenRequest = {
  roomName: 'standup-7',
  identity: 'alice',
  name: 'Alice',
  grants: {
    canPublish: true,
    canSubscribe: true,
    canPublishData: false,
    canPublishSources: 'all',
    canUpdateOwnMetadata: false,
    hidden: false,
    roomAdmin: false,
    roomRecord: false,
  },
  ttlSeconds: 600,
};

const requests: Array<[string, LivekitTokenRequest]> = [
  ['the defaults', base],
  [
    'metadata, attributes, sources and admin grants',
    {
      ...base,
      name: 'Zoë «quoted» \\ "name"',
      metadata: '{"seat":12,"emoji":"🎥"}',
      attributes: { team: 'red', 'weird key': 'line\nbreak' },
      grants: { ...base.grants, canPublishSources: ['camera', 'screen_share_audio'], roomAdmin: true, hidden: true, roomRecord: true },
      ttlSeconds: 86_400,
    },
  ],
];

/**
 * The SDK's own `AccessToken` for the same request, carrying the video grant our token carries (the
 * grant rules are checked claim by claim below): comparing the two JWTs byte for byte checks the
 * header, the claims' layout and order, the times and the signature.
 */
async function sdkAccessToken(request: LivekitTokenRequest, ours: string): Promise<AccessToken> {
  const { video } = await new TokenVerifier(config.apiKey, config.apiSecret).verify(ours);
  const token = new AccessToken(config.apiKey, config.apiSecret, {
    identity: request.identity,
    name: request.name,
    metadata: request.metadata,
    attributes: request.attributes,
    ttl: request.ttlSeconds,
  });
  // The JWT names sources in lower case ("screen_share"); the SDK's grant takes its enum.
  const sources = video!.canPublishSources as unknown as string[] | undefined;
  if (sources) video!.canPublishSources = sources.map((s) => TrackSource[s.toUpperCase() as keyof typeof TrackSource]);
  token.addGrant(video!);
  return token;
}

/** Issues with both signers inside one wall-clock second (retrying when a second boundary falls between). */
async function bothInOneSecond(issuer: LivekitTokenIssuer, request: LivekitTokenRequest) {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const second = Math.floor(Date.now() / 1000);
    const ours = await issuer.issueToken(request);
    const sdk = await (await sdkAccessToken(request, ours.token)).toJwt();
    if (Math.floor(Date.now() / 1000) === second) return { ours, sdk, second };
  }
  throw new Error('could not issue both tokens within one second');
}

describe('LivekitTokenIssuer', () => {
  const issuer = new LivekitTokenIssuer(config);

  it.each(requests)('signs exactly the token AccessToken.toJwt() signs (%s)', async (_label, request) => {
    const { ours, sdk, second } = await bothInOneSecond(issuer, request);
    expect(ours.token).toBe(sdk);
    expect(ours.expiresAt.getTime()).toBe((second + request.ttlSeconds) * 1000);
  });

  it('issues tokens the LiveKit verifier accepts, with the claims asked for', async () => {
    const request = requests[1][1];
    const { token } = await issuer.issueToken(request);
    const claims = await new TokenVerifier(config.apiKey, config.apiSecret).verify(token);
    expect(claims).toMatchObject({
      iss: config.apiKey,
      sub: 'alice',
      name: request.name,
      metadata: request.metadata,
      attributes: request.attributes,
      video: { roomJoin: true, room: 'standup-7', canPublishSources: ['camera', 'screen_share_audio'], roomAdmin: true, hidden: true },
    });
    expect(claims.exp! - claims.nbf!).toBe(86_400);
  });

  it('writes "all sources" as no source list, and "no source" as canPublish false, never as an empty list', async () => {
    const verifier = new TokenVerifier(config.apiKey, config.apiSecret);
    const all = await verifier.verify((await issuer.issueToken(base)).token);
    expect(all.video).toMatchObject({ canPublish: true });
    expect(all.video).not.toHaveProperty('canPublishSources');

    const none = await verifier.verify((await issuer.issueToken({ ...base, grants: { ...base.grants, canPublishSources: [] } })).token);
    expect(none.video).toMatchObject({ canPublish: false });
    expect(none.video).not.toHaveProperty('canPublishSources');

    const notPublishing = { ...base, grants: { ...base.grants, canPublish: false, canPublishSources: ['camera' as const] } };
    const off = await verifier.verify((await issuer.issueToken(notPublishing)).token);
    expect(off.video).toMatchObject({ canPublish: false });
    expect(off.video).not.toHaveProperty('canPublishSources');
    // The SDK's own signer writes the same claims.
    for (const request of [base, notPublishing]) {
      const { ours, sdk } = await bothInOneSecond(issuer, request);
      expect(ours.token).toBe(sdk);
    }
  });

  it('writes every boolean grant explicitly, and canPublishSources only when the sources are restricted (as the README says)', async () => {
    const verifier = new TokenVerifier(config.apiKey, config.apiSecret);
    const booleans = { canPublish: true, canSubscribe: true, canPublishData: false, canUpdateOwnMetadata: false, hidden: false, roomAdmin: false, roomRecord: false };
    const every = await verifier.verify((await issuer.issueToken(base)).token);
    expect(every.video).toEqual({ roomJoin: true, room: 'standup-7', ...booleans });
    const restricted = await verifier.verify((await issuer.issueToken({ ...base, grants: { ...base.grants, canPublishSources: ['camera'] } })).token);
    expect(restricted.video).toEqual({ roomJoin: true, room: 'standup-7', ...booleans, canPublishSources: ['camera'] });
  });

  it('produces tokens another secret does not verify', async () => {
    const { token } = await issuer.issueToken(base);
    await expect(new TokenVerifier(config.apiKey, 'another-secret-0123456789abcdef').verify(token)).rejects.toThrow();
  });
});
