/**
 * Issue 10, bypass 5: one role widening another. Through the gateway's HTTP handling in-process (inject()), with the policy the report used
 * (guest's source list `[]`, which used to mean "every source"; a hidden observer; a member publishing
 * camera and microphone), every issued LiveKit token is checked with livekit-server-sdk's TokenVerifier.
 * A request is granted only when ONE role the caller holds, and that may be in the room, allows all of it.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { jwtVerify } from 'jose';
import { TokenVerifier } from 'livekit-server-sdk';
import {
  CreateConnectionDocument,
  CreateSessionDocument,
  IssueLivekitTokenDocument,
  IssueVideoSdkTokenDocument,
  type IssueLivekitTokenInput,
} from '../../client/generated/graphql.js';
import { DEFAULT_POLICY } from '../../src/policy/default-policy.js';
import { mintHs256CallerToken } from '../support/caller-tokens.js';
import { startProviderRig, type ProviderRig } from '../support/provider-rig.js';
import { execute, expectData, expectErrorCode } from '../support/graphql-client.js';
import { startTestGateway, TEST_AUTH_SECRET, type TestGateway } from '../support/start-test-gateway.js';

const LIVEKIT = { key: 'lk-single-role', secret: `lk-single-role-${Math.random().toString(36).slice(2)}-0123456789abcdef` };

const quiet = {
  canPublish: false, canSubscribe: true, canPublishData: false, canPublishSources: [],
  canUpdateOwnMetadata: false, hidden: false, roomAdmin: false, roomRecord: false,
};
const talker = { ...quiet, canPublish: true, canPublishData: true, canPublishSources: ['camera', 'microphone'] };
const listener = { defaultRole: 'SUBSCRIBER', allowedRoles: ['SUBSCRIBER'], createSessions: false };
const noRooms = { create: [], createWithGeneratedId: false };

/** The policy of the report, plus the rank order the gateway now requires. */
const REPORTED_POLICY = {
  ...DEFAULT_POLICY,
  defaultRole: 'guest',
  ownerRole: 'member',
  roleOrder: ['guest', 'observer', 'member'],
  roles: {
    guest: {
      livekit: { defaults: quiet, max: quiet },
      openvidu: listener,
      videosdk: { defaultPermissions: ['ask_join'], allowedPermissions: ['ask_join'], createMeetings: false },
      rooms: { join: ['lobby-*'], ...noRooms },
    },
    observer: {
      livekit: { defaults: { ...quiet, hidden: true }, max: { ...quiet, hidden: true } },
      openvidu: listener,
      videosdk: { defaultPermissions: ['allow_mod'], allowedPermissions: ['allow_mod'], createMeetings: false },
      rooms: { join: ['lobby-*', 'stage-*'], ...noRooms },
    },
    member: {
      livekit: { defaults: talker, max: talker },
      openvidu: { defaultRole: 'PUBLISHER', allowedRoles: ['SUBSCRIBER', 'PUBLISHER'], createSessions: true },
      videosdk: { defaultPermissions: ['allow_join'], allowedPermissions: ['allow_join'], createMeetings: true },
      rooms: { join: ['lobby-*', 'team-*'], create: ['team-*'], createWithGeneratedId: false },
    },
  },
};

describe('single-role rule (issue 10, bypass 5)', () => {
  const policyPath = join(tmpdir(), `callgate-single-role-${process.pid}.json`);
  const verifier = new TokenVerifier(LIVEKIT.key, LIVEKIT.secret);
  let gw: TestGateway;
  let rig: ProviderRig;

  const caller = (sub: string, roles: string[]) => mintHs256CallerToken(TEST_AUTH_SECRET, { sub, roles });
  const livekit = (token: string, input: IssueLivekitTokenInput) => execute(gw, IssueLivekitTokenDocument, { input }, { token });
  /** The `video` claim of a token issued for this request, verified with LiveKit's own verifier. */
  const videoClaim = async (token: string, input: IssueLivekitTokenInput) =>
    (await verifier.verify(expectData(await livekit(token, input)).issueLivekitToken.token)).video;

  beforeAll(async () => {
    writeFileSync(policyPath, JSON.stringify(REPORTED_POLICY));
    rig = await startProviderRig();
    gw = await startTestGateway({ POLICY_FILE: policyPath, LIVEKIT_API_KEY: LIVEKIT.key, LIVEKIT_API_SECRET: LIVEKIT.secret, ...rig.env }, undefined, { listen: false });
  });
  afterEach(() => rig.reset());
  afterAll(async () => {
    await gw?.close();
    await rig?.close();
    rmSync(policyPath, { force: true });
  });

  it('refuses screen sharing to a member: the guest\'s empty source list means none, not every source', async () => {
    const member = await caller('member-screen', ['member']);
    const refused = await livekit(member, { roomName: 'team-a', canPublishSources: ['SCREEN_SHARE'] });
    expect(expectErrorCode(refused, 'FORBIDDEN').extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'livekit.canPublishSources' });
    expect(refused.text).not.toMatch(/"token"\s*:\s*"ey/);

    expect(await videoClaim(member, { roomName: 'team-a', canPublishSources: ['CAMERA'] })).toMatchObject({
      canPublish: true,
      canPublishSources: ['camera'],
    });
  });

  it('signs a guest ("no source") as canPublish false with no source list, which LiveKit would read as every source', async () => {
    const guest = await caller('guest-none', []);
    const video = await videoClaim(guest, { roomName: 'lobby-a' });
    expect(video).toMatchObject({ canPublish: false, canSubscribe: true, hidden: false });
    expect(video).not.toHaveProperty('canPublishSources');
    const out = expectData(await livekit(guest, { roomName: 'lobby-a' })).issueLivekitToken;
    expect(out.grants.canPublishSources).toEqual([]);
  });

  it('never makes a hidden publisher out of an observer and a member', async () => {
    const both = await caller('observer-member', ['observer', 'member']);
    for (const input of [
      { roomName: 'lobby-a', hidden: true, canPublish: true },
      // Defaults come from member (ranked highest), so asking only for hidden is the same combination.
      { roomName: 'lobby-a', hidden: true },
      { roomName: 'lobby-a', hidden: true, canPublishSources: ['CAMERA' as never] },
    ]) {
      const refused = await livekit(both, input);
      expect(expectErrorCode(refused, 'FORBIDDEN').extensions).toMatchObject({ reason: 'roles.combination' });
    }
    // Each role alone is still granted: the member's defaults, or the observer's hidden listener.
    expect(await videoClaim(both, { roomName: 'lobby-a' })).toMatchObject({ canPublish: true, hidden: false, canPublishSources: ['camera', 'microphone'] });
    const hidden = await videoClaim(both, { roomName: 'lobby-a', hidden: true, canPublish: false, canPublishData: false });
    expect(hidden).toMatchObject({ canPublish: false, hidden: true });
  });

  it('lets only the roles that may join a room count in it: a member in an observer-only room is an observer', async () => {
    const both = await caller('observer-member-stage', ['observer', 'member']);
    expect(await videoClaim(both, { roomName: 'stage-1' })).toMatchObject({ canPublish: false, hidden: true, canPublishData: false });
    const refused = await livekit(both, { roomName: 'stage-1', canPublish: true, hidden: false });
    expect(expectErrorCode(refused, 'FORBIDDEN').extensions).toMatchObject({ reason: 'livekit.canPublish' });
  });

  it('applies the same rule to VideoSDK permissions and OpenVidu roles', async () => {
    const both = await caller('observer-member-vsdk', ['observer', 'member']);
    // A meeting made outside the gateway: its custom id is resolved through VideoSDK.
    rig.videosdk.addRoom({ customRoomId: 'lobby-v' });
    const vsdk = (permissions?: Array<'ALLOW_JOIN' | 'ALLOW_MOD'>) =>
      execute(gw, IssueVideoSdkTokenDocument, { input: { meetingId: 'lobby-v', ...(permissions ? { permissions } : {}) } }, { token: both });
    expect(expectErrorCode(await vsdk(['ALLOW_JOIN', 'ALLOW_MOD']), 'FORBIDDEN').extensions).toMatchObject({ reason: 'roles.combination' });
    const joined = expectData(await vsdk()).issueVideoSdkToken;
    expect((await jwtVerify(joined.token, new TextEncoder().encode(rig.env.VIDEOSDK_SECRET))).payload.permissions).toEqual(['allow_join']);

    // In an observer-only session the member's PUBLISHER does not count.
    rig.openvidu.addSession('stage-ov');
    const publisher = await execute(gw, CreateConnectionDocument, { input: { sessionId: 'stage-ov', role: 'PUBLISHER' } }, { token: both });
    expect(expectErrorCode(publisher, 'FORBIDDEN').extensions).toMatchObject({ reason: 'openvidu.role' });
    expectData(await execute(gw, CreateConnectionDocument, { input: { sessionId: 'stage-ov' } }, { token: both }));
    const sent = rig.openvidu.findRequests('POST', '/openvidu/api/sessions/stage-ov/connection');
    expect(sent.map((r) => (r.body as { role: string }).role)).toEqual(['SUBSCRIBER']);
  });

  it('refuses recorded sessions and recorded connections to roles without recording, before OpenVidu is called', async () => {
    const member = await caller('member-record', ['member']);
    const recorded = await execute(gw, CreateSessionDocument, { input: { customSessionId: 'team-rec', recordingMode: 'ALWAYS' } }, { token: member });
    expect(expectErrorCode(recorded, 'FORBIDDEN').extensions).toMatchObject({ reason: 'openvidu.recording' });
    rig.openvidu.addSession('team-rec2');
    const connection = await execute(gw, CreateConnectionDocument, { input: { sessionId: 'team-rec2', record: true } }, { token: member });
    expect(expectErrorCode(connection, 'FORBIDDEN').extensions).toMatchObject({ reason: 'openvidu.recording' });
    expect(rig.openvidu.requests).toHaveLength(0);
  });
});
