/**
 * Issue 10 weaknesses: identity text and LiveKit attributes, through real HTTP. The caller token's
 * `sub` and name claim, display names, owner ids and allowedUserIds follow one rule set
 * (src/auth/identity-text.ts); a bad claim is UNAUTHENTICATED, a bad input BAD_USER_INPUT, and nothing
 * is ever rewritten: what reaches a credential is exactly what was checked.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { TokenVerifier } from 'livekit-server-sdk';
import {
  CreateConnectionDocument,
  CreateSessionDocument,
  IssueLivekitTokenDocument,
  TransferRoomOwnershipDocument,
  UpdateRoomAccessDocument,
  type IssueLivekitTokenInput,
} from '../../client/generated/graphql.js';
import { mintHs256CallerToken, type CallerClaims } from '../support/caller-tokens.js';
import { startOpenViduDouble, type OpenViduDouble } from '../support/doubles/openvidu-double.js';
import { execute, expectData, expectErrorCode } from '../support/graphql-client.js';
import { unlimitedPolicyFile } from '../support/policy-files.js';
import { startTestGateway, TEST_AUTH_SECRET, type TestGateway } from '../support/start-test-gateway.js';

const LIVEKIT = { key: 'lk-identity', secret: `lk-identity-${Math.random().toString(36).slice(2)}-0123456789abcdef` };
const OV_SECRET = `ov-identity-${Math.random().toString(36).slice(2)}`;
const INVALID_TOKEN = 'The caller token is invalid or expired.';

describe('identity text and participant attributes (issue 10)', () => {
  const verifier = new TokenVerifier(LIVEKIT.key, LIVEKIT.secret);
  let gw: TestGateway;
  let openvidu: OpenViduDouble;

  const token = (claims: CallerClaims) => mintHs256CallerToken(TEST_AUTH_SECRET, claims);
  const livekit = (callerToken: string, input: IssueLivekitTokenInput) =>
    execute(gw.graphqlUrl, IssueLivekitTokenDocument, { input }, { token: callerToken });
  const connect = (callerToken: string, sessionId: string) =>
    execute(gw.graphqlUrl, CreateConnectionDocument, { input: { sessionId } }, { token: callerToken });

  beforeAll(async () => {
    openvidu = await startOpenViduDouble({ secret: OV_SECRET });
    gw = await startTestGateway({
      POLICY_FILE: unlimitedPolicyFile(),
      LIVEKIT_API_KEY: LIVEKIT.key,
      LIVEKIT_API_SECRET: LIVEKIT.secret,
      OPENVIDU_URL: openvidu.url,
      OPENVIDU_SECRET: OV_SECRET,
    });
  });
  afterEach(() => openvidu.reset());
  afterAll(async () => {
    await gw?.close();
    await openvidu?.close();
  });

  describe('the caller token', () => {
    it('refuses the reported name claim (9 KB with BEL, newline and U+202E) everywhere it would be copied', async () => {
      const caller = await token({ sub: 'alice', name: `${'N'.repeat(9 * 1024)}\u0007\n\u202Egnp.exe` });
      openvidu.addSession('s-name');
      const answers = [await livekit(caller, { roomName: 'r-name' }), await connect(caller, 's-name')];
      for (const res of answers) {
        expect(res.status).toBe(401);
        expect(res.body.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
          ['UNAUTHENTICATED', expect.stringMatching(/^The caller token's name claim is not an acceptable display name/)],
        ]);
        expect(res.text).not.toContain('NNNN');
      }
      expect(openvidu.requests).toHaveLength(0);
    });

    it.each([
      ['a short name with a bidi override', 'Eve\u202Eenimda'],
      ['a name with a newline', 'Eve\nAdmin'],
      ['a decomposed (NFD) name', 'Ame\u0301lie'],
      ['a name of 65 characters', 'x'.repeat(65)],
    ])('refuses %s in the name claim', async (_label, name) => {
      expectErrorCode(await livekit(await token({ sub: 'alice', name }), { roomName: 'r-name' }), 'UNAUTHENTICATED');
    });

    it.each([
      ['a zero-width space', 'ali\u200Bce'],
      ['a right-to-left override', 'ali\u202Ece'],
      ['a left-to-right mark', 'alice\u200E'],
      ['a line separator', 'alice\u2028'],
      ['a no-break space', 'alice\u00A0'],
      ['a trailing space', 'alice '],
      ['decomposed (NFD) text, never normalised', 'Zoe\u0308'],
    ])('refuses a sub with %s, so no look-alike of another identity exists', async (_label, sub) => {
      const res = await livekit(await token({ sub }), { roomName: 'r-sub' });
      expect(expectErrorCode(res, 'UNAUTHENTICATED').message).toBe(INVALID_TOKEN);
    });

    it('puts an acceptable name into the LiveKit token and the OpenVidu connection data exactly as sent', async () => {
      const name = 'Zoë Ångström ❤️';
      const caller = await token({ sub: 'zoë', name });
      const out = expectData(await livekit(caller, { roomName: 'r-ok' })).issueLivekitToken;
      const claims = await verifier.verify(out.token);
      expect([claims.sub, claims.name, out.name]).toEqual(['zoë', name, name]);
      openvidu.addSession('s-ok');
      expectData(await connect(caller, 's-ok'));
      const body = openvidu.findRequests('POST', '/openvidu/api/sessions/s-ok/connection')[0].body as { data: string };
      expect(JSON.parse(body.data)).toEqual({ userId: 'zoë', name });
    });
  });

  describe('caller ids in input', () => {
    it('refuses look-alike or malformed owner ids and allowed user ids with BAD_USER_INPUT, changing nothing', async () => {
      const owner = await token({ sub: 'owner-1' });
      expectData(await execute(gw.graphqlUrl, CreateSessionDocument, { input: { customSessionId: 'ids-room' } }, { token: owner }));
      const bad = ['bob\u200B', 'bob\u202E', 'bob\u2028', ' bob', 'Bo\u0308b', 'b'.repeat(129), ''];
      for (const id of bad) {
        const access = await execute(
          gw.graphqlUrl,
          UpdateRoomAccessDocument,
          { input: { provider: 'OPENVIDU', roomId: 'ids-room', access: { mode: 'RESTRICTED', allowedUserIds: ['carol', id] } } },
          { token: owner },
        );
        expectErrorCode(access, 'BAD_USER_INPUT');
        const transfer = await execute(
          gw.graphqlUrl,
          TransferRoomOwnershipDocument,
          { input: { provider: 'OPENVIDU', roomId: 'ids-room', newOwnerId: id } },
          { token: owner },
        );
        expectErrorCode(transfer, 'BAD_USER_INPUT');
      }
      const created = await execute(
        gw.graphqlUrl,
        CreateSessionDocument,
        { input: { customSessionId: 'ids-room-2', access: { mode: 'RESTRICTED', allowedUserIds: ['bob\u200B'] } } },
        { token: owner },
      );
      expectErrorCode(created, 'BAD_USER_INPUT');
      // The room is still the owner's and open: nothing was half-done.
      const kept = await execute(
        gw.graphqlUrl,
        UpdateRoomAccessDocument,
        { input: { provider: 'OPENVIDU', roomId: 'ids-room', access: { mode: 'RESTRICTED', allowedUserIds: ['bob'] } } },
        { token: owner },
      );
      expect(expectData(kept).updateRoomAccess).toMatchObject({ ownerId: 'owner-1', access: { allowedUserIds: ['bob'] } });
      expect(openvidu.findRequests('POST', '/openvidu/api/sessions')).toHaveLength(1);
    });
  });

  describe('LiveKit participant attributes', () => {
    it.each([
      ['LiveKit\'s agent state key', { key: 'lk.agent.state', value: 'speaking' }],
      ['LiveKit\'s publish-on-behalf key', { key: 'lk.publish_on_behalf', value: 'victim' }],
      ['a reserved key in another letter case', { key: 'LK.agent.state', value: 'x' }],
      ['an empty key', { key: '', value: 'x' }],
      ['a key with a newline', { key: 'desk\nlk.agent.state', value: 'x' }],
      ['a key with a zero-width space', { key: 'de\u200Bsk', value: 'x' }],
      ['a value with BEL', { key: 'desk', value: 'seven\u0007' }],
      ['a value with a newline', { key: 'desk', value: 'seven\nlk.agent.state=x' }],
    ])('refuses %s with BAD_USER_INPUT', async (_label, attribute) => {
      const res = await livekit(await token({ sub: 'attr' }), { roomName: 'r-attr', attributes: [attribute] });
      expectErrorCode(res, 'BAD_USER_INPUT');
      expect(res.text).not.toMatch(/"token"\s*:\s*"ey/);
    });

    it('signs ordinary attributes unchanged', async () => {
      const out = expectData(
        await livekit(await token({ sub: 'attr' }), { roomName: 'r-attr', attributes: [{ key: 'desk.lk', value: 'Zoë ❤️ 7' }, { key: 'team', value: 'blue' }] }),
      ).issueLivekitToken;
      expect((await verifier.verify(out.token)).attributes).toEqual({ 'desk.lk': 'Zoë ❤️ 7', team: 'blue' });
    });
  });
});
