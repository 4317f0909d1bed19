/**
 * Every policy decision through the gateway's HTTP handling (in-process, Fastify inject()), with the shipped policy.example.json loaded through
 * POLICY_FILE (guest < member < moderator; owners get moderator in their room). Credentials are
 * checked inside the issued tokens (LiveKit TokenVerifier, jose) or in the body the OpenVidu double
 * received, not only in the GraphQL answer.
 */
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { jwtVerify } from 'jose';
import { TokenVerifier } from 'livekit-server-sdk';
import {
  CreateConnectionDocument,
  CreateMeetingDocument,
  CreateSessionDocument,
  IssueLivekitTokenDocument,
  IssueVideoSdkTokenDocument,
  RoomDocument,
  TransferRoomOwnershipDocument,
  UpdateRoomAccessDocument,
  ValidateMeetingDocument,
  type IssueLivekitTokenInput,
} from '../../client/generated/graphql.js';
import type { PolicyDefinition } from '../../src/policy/policy.types.js';
import { mintHs256CallerToken, type CallerClaims } from '../support/caller-tokens.js';
import { startOpenViduDouble, type OpenViduDouble } from '../support/doubles/openvidu-double.js';
import { startVideoSdkDouble, type VideoSdkDouble } from '../support/doubles/videosdk-double.js';
import { execute, expectData, expectErrorCode, seenResponses } from '../support/graphql-client.js';
import { startTestGateway, TEST_AUTH_SECRET, type TestGateway } from '../support/start-test-gateway.js';

const POLICY_PATH = new URL('../../policy.example.json', import.meta.url).pathname;
const policy = JSON.parse(readFileSync(POLICY_PATH, 'utf8')) as PolicyDefinition;
const LIVEKIT = { key: 'lk-policy-key', secret: `lk-policy-${Math.random().toString(36).slice(2)}-0123456789abcdef` };
const OV_SECRET = `ov-policy-${Math.random().toString(36).slice(2)}`;
const VSDK = { apiKey: 'vsdk-policy-key', secret: `vsdk-policy-${Math.random().toString(36).slice(2)}-0123456789abcdef` };
const vsdkKey = new TextEncoder().encode(VSDK.secret);

/**
 * The LiveKit `video` claim a token must carry for these grants: the policy values, all explicit; "all"
 * sources is no list, and a token that does not publish carries no list either.
 */
function expectedVideo(room: string, grants: PolicyDefinition['roles'][string]['livekit']['defaults']) {
  const { canPublishSources, ...flags } = grants;
  return { roomJoin: true, room, ...flags, ...(flags.canPublish && canPublishSources !== 'all' ? { canPublishSources } : {}) };
}

/** The gateway's own request ids are UUIDs. */
const GATEWAY_REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('policy decisions (policy.example.json)', () => {
  let gw: TestGateway;
  let openvidu: OpenViduDouble;
  let videosdk: VideoSdkDouble;
  const verifier = new TokenVerifier(LIVEKIT.key, LIVEKIT.secret);
  const issued: string[] = [];
  const callerTokens: string[] = [];

  const caller = async (sub: string, roles: string[] = [], extra: Omit<CallerClaims, 'sub' | 'roles'> = {}) => {
    const token = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub, roles, ...extra });
    callerTokens.push(token);
    return token;
  };
  const livekitToken = (token: string, input: IssueLivekitTokenInput) => execute(gw, IssueLivekitTokenDocument, { input }, { token });
  const connect = (token: string, sessionId: string, role?: 'SUBSCRIBER' | 'PUBLISHER' | 'MODERATOR') =>
    execute(gw, CreateConnectionDocument, { input: { sessionId, ...(role ? { role } : {}) } }, { token });
  /** The role OpenVidu was asked for in the last connection request for this session. */
  const lastRoleSentFor = (sessionId: string) => {
    const calls = openvidu.findRequests('POST', `/openvidu/api/sessions/${sessionId}/connection`);
    return (calls.at(-1)?.body as { role?: string } | undefined)?.role;
  };

  beforeAll(async () => {
    openvidu = await startOpenViduDouble({ secret: OV_SECRET });
    videosdk = await startVideoSdkDouble(VSDK);
    gw = await startTestGateway({
      POLICY_FILE: POLICY_PATH,
      LIVEKIT_API_KEY: LIVEKIT.key,
      LIVEKIT_API_SECRET: LIVEKIT.secret,
      OPENVIDU_URL: openvidu.url,
      OPENVIDU_SECRET: OV_SECRET,
      VIDEOSDK_API_KEY: VSDK.apiKey,
      VIDEOSDK_SECRET: VSDK.secret,
      VIDEOSDK_API_URL: videosdk.url,
    }, undefined, { listen: false });
  });
  afterEach(() => {
    openvidu.reset();
    videosdk.reset();
  });
  afterAll(async () => {
    await gw.close();
    await openvidu.close();
    await videosdk.close();
  });

  describe('credentials per role', () => {
    it.each([
      ['a caller without roles (guest)', [] as string[], 'guest'],
      ['a member', ['member'], 'member'],
      ['a moderator (also holding member)', ['member', 'moderator'], 'moderator'],
    ])('gives %s exactly the role defaults when nothing specific is asked', async (_label, roles, role) => {
      const token = await caller(`defaults-${role}`, roles);
      const out = expectData(await livekitToken(token, { roomName: 'lobby-main' })).issueLivekitToken;
      issued.push(out.token);
      const claims = await verifier.verify(out.token);
      expect(claims.video).toEqual(expectedVideo('lobby-main', policy.roles[role].livekit.defaults));
      expect(claims.exp! - claims.nbf!).toBe(policy.ttl.livekit.defaultSeconds);
    });

    it('refuses a grant beyond every role the caller holds, names it, and grants what is within', async () => {
      const guest = await caller('grant-guest');
      const member = await caller('grant-member', ['member']);
      const refusedPublish = await livekitToken(guest, { roomName: 'lobby-main', canPublish: true });
      expect(expectErrorCode(refusedPublish, 'FORBIDDEN')).toMatchObject({
        message: 'Your roles do not allow the LiveKit grant "canPublish".',
        extensions: { code: 'FORBIDDEN', reason: 'livekit.canPublish' },
      });
      expect(expectErrorCode(await livekitToken(member, { roomName: 'team-x', hidden: true }), 'FORBIDDEN').extensions?.reason).toBe('livekit.hidden');

      const screen = expectData(await livekitToken(member, { roomName: 'team-x', canPublishSources: ['SCREEN_SHARE'] })).issueLivekitToken;
      expect((await verifier.verify(screen.token)).video).toEqual(
        expectedVideo('team-x', { ...policy.roles.member.livekit.defaults, canPublishSources: ['screen_share'] }),
      );
    });

    it('gives OpenVidu roles and VideoSDK permissions per role, refusing more', async () => {
      const guest = await caller('perm-guest');
      openvidu.addSession('lobby-hall');
      expectData(await connect(guest, 'lobby-hall'));
      expect(lastRoleSentFor('lobby-hall')).toBe('SUBSCRIBER');
      expect(expectErrorCode(await connect(guest, 'lobby-hall', 'PUBLISHER'), 'FORBIDDEN').extensions?.reason).toBe('openvidu.role');
      expect(openvidu.findRequests('POST', '/openvidu/api/sessions/lobby-hall/connection')).toHaveLength(1);

      videosdk.addRoom({ customRoomId: 'lobby-vsdk' });
      const vsdk = expectData(await execute(gw, IssueVideoSdkTokenDocument, { input: { meetingId: 'lobby-vsdk' } }, { token: guest }))
        .issueVideoSdkToken;
      expect((await jwtVerify(vsdk.token, vsdkKey)).payload.permissions).toEqual(['ask_join']);
      const refused = await execute(gw, IssueVideoSdkTokenDocument, { input: { meetingId: 'lobby-vsdk', permissions: ['ALLOW_JOIN'] } }, { token: guest });
      expect(expectErrorCode(refused, 'FORBIDDEN').extensions?.reason).toBe('videosdk.permissions');
    });
  });

  describe('token lifetime', () => {
    it('caps a TTL above the policy maximum and honours a shorter one (LiveKit and VideoSDK)', async () => {
      const member = await caller('ttl-member', ['member']);
      const capped = expectData(await livekitToken(member, { roomName: 'team-x', ttlSeconds: 86_400 })).issueLivekitToken;
      const lk = await verifier.verify(capped.token);
      expect(lk.exp! - lk.nbf!).toBe(policy.ttl.livekit.maxSeconds);
      const short = await verifier.verify(expectData(await livekitToken(member, { roomName: 'team-x', ttlSeconds: 60 })).issueLivekitToken.token);
      expect(short.exp! - short.nbf!).toBe(60);

      videosdk.addRoom({ customRoomId: 'team-vsdk' });
      const vsdk = expectData(
        await execute(gw, IssueVideoSdkTokenDocument, { input: { meetingId: 'team-vsdk', ttlSeconds: 86_400 } }, { token: member }),
      ).issueVideoSdkToken;
      const { payload } = await jwtVerify(vsdk.token, vsdkKey);
      expect(payload.exp! - payload.iat!).toBe(policy.ttl.videosdk.maxSeconds);
    });
  });

  describe('which rooms', () => {
    it('refuses a room outside the join patterns, saying which ones would do, before any provider call', async () => {
      const guest = await caller('rooms-guest');
      const refused = await livekitToken(guest, { roomName: 'team-x' });
      expect(expectErrorCode(refused, 'FORBIDDEN')).toMatchObject({
        message: 'Your roles do not allow joining this room. Rooms you may join match: lobby-*.',
        extensions: { reason: 'rooms.join' },
      });
      openvidu.addSession('team-secret');
      expect(expectErrorCode(await connect(guest, 'team-secret'), 'FORBIDDEN').extensions?.reason).toBe('rooms.join');
      const vsdk = await execute(gw, IssueVideoSdkTokenDocument, { input: { meetingId: 'team-secret' } }, { token: guest });
      expect(expectErrorCode(vsdk, 'FORBIDDEN').extensions?.reason).toBe('rooms.join');
      expect(openvidu.requests).toHaveLength(0);
    });

    it('applies the naming rule (here: 3-48 of a-z0-9-) on top of the API limit', async () => {
      const member = await caller('naming-member', ['member']);
      for (const roomName of ['Team-X', 'tx', 'team_x']) {
        const res = await livekitToken(member, { roomName });
        expect(expectErrorCode(res, 'FORBIDDEN')).toMatchObject({
          message: 'Room names must be 3-48 characters of [a-z0-9-] on this gateway.',
          extensions: { reason: 'rooms.name' },
        });
      }
      expect(expectErrorCode(await connect(member, 'Team-X'), 'FORBIDDEN').extensions?.reason).toBe('rooms.name');
      expect(openvidu.requests).toHaveLength(0);
    });

    it('lets a member create personal rooms user-{sub}-* and team rooms of their team claim, nothing else', async () => {
      const alice = await caller('alice', ['member'], { team: 'blue' });
      const own = expectData(await execute(gw, CreateSessionDocument, { input: { customSessionId: 'user-alice-standup' } }, { token: alice }));
      expect(own.createSession.room.ownerId).toBe('alice');
      expectData(await execute(gw, CreateMeetingDocument, { input: { customMeetingId: 'team-blue-retro' } }, { token: alice }));

      for (const [document, input] of [
        [CreateSessionDocument, { customSessionId: 'user-bob-standup' }],
        [CreateSessionDocument, { customSessionId: 'team-red-retro' }],
        [CreateMeetingDocument, { customMeetingId: 'user-alicex-standup' }],
      ] as const) {
        const res = await execute(gw, document as typeof CreateSessionDocument, { input: input as never }, { token: alice });
        expect(expectErrorCode(res, 'FORBIDDEN')).toMatchObject({
          message: 'Your roles do not allow creating ' + ('customSessionId' in input ? 'sessions' : 'meetings') +
            ' with this id. Ids you may create match: user-{sub}-*, team-{claim.team}-*.',
          extensions: { reason: 'rooms.create' },
        });
      }
      // Without a custom id the provider would choose the name: members may not.
      const generated = await execute(gw, CreateSessionDocument, {}, { token: alice });
      expect(expectErrorCode(generated, 'FORBIDDEN').extensions?.reason).toBe('rooms.create');
      expect(openvidu.findRequests('POST', '/openvidu/api/sessions')).toHaveLength(1);
      expect(videosdk.findRequests('POST', '/v2/rooms')).toHaveLength(1);
    });

    it('lets only roles with createSessions/createMeetings create at all', async () => {
      const guest = await caller('create-guest');
      const session = await execute(gw, CreateSessionDocument, { input: { customSessionId: 'lobby-new' } }, { token: guest });
      expect(expectErrorCode(session, 'FORBIDDEN').extensions?.reason).toBe('openvidu.createSession');
      const meeting = await execute(gw, CreateMeetingDocument, {}, { token: guest });
      expect(expectErrorCode(meeting, 'FORBIDDEN').extensions?.reason).toBe('videosdk.createMeeting');
      expect(openvidu.requests).toHaveLength(0);
      expect(videosdk.requests).toHaveLength(0);

      const mod = await caller('create-mod', ['moderator']);
      const made = expectData(await execute(gw, CreateSessionDocument, {}, { token: mod })).createSession;
      expect(made.id).toMatch(/^ses_/);
      // A provider-generated id breaks the naming rule, but the room is recorded: its owner still joins it.
      expectData(await connect(mod, made.id));
      expect(lastRoleSentFor(made.id)).toBe('MODERATOR');
    });
  });

  describe('recording', () => {
    it('lets only roles with openvidu.recording create ALWAYS-recorded sessions or ask for recorded connections', async () => {
      const member = await caller('rec-member', ['member']);
      const moderator = await caller('rec-moderator', ['moderator']);
      const recorded = { customSessionId: 'user-rec-member-x', recordingMode: 'ALWAYS' as const };
      const refused = await execute(gw, CreateSessionDocument, { input: recorded }, { token: member });
      expect(expectErrorCode(refused, 'FORBIDDEN')).toMatchObject({
        message: 'Your roles do not allow creating recorded OpenVidu sessions (recordingMode ALWAYS).',
        extensions: { reason: 'openvidu.recording' },
      });
      expect(openvidu.requests).toHaveLength(0);

      // The same member may create that session unrecorded (the create rules alone allow it).
      expectData(await execute(gw, CreateSessionDocument, { input: { customSessionId: 'user-rec-member-x' } }, { token: member }));
      expectData(await execute(gw, CreateSessionDocument, { input: { customSessionId: 'lobby-recorded', recordingMode: 'ALWAYS' } }, { token: moderator }));
      const created = openvidu.findRequests('POST', '/openvidu/api/sessions').map((r) => (r.body as { recordingMode?: string }).recordingMode);
      expect(created).toEqual([undefined, 'ALWAYS']);
    });

    it('grants record: true on a connection to the owner (moderator role there) and refuses it to a member', async () => {
      const owner = await caller('rec-owner', ['member']);
      const other = await caller('rec-other', ['member']);
      expectData(await execute(gw, CreateSessionDocument, { input: { customSessionId: 'user-rec-owner-call' } }, { token: owner }));
      const record = (token: string) =>
        execute(gw, CreateConnectionDocument, { input: { sessionId: 'user-rec-owner-call', record: true } }, { token });
      expect(expectErrorCode(await record(other), 'FORBIDDEN').extensions?.reason).toBe('openvidu.recording');
      expect(expectData(await record(owner)).createConnection).toMatchObject({ role: 'MODERATOR', record: true });
      const sent = openvidu.findRequests('POST', '/openvidu/api/sessions/user-rec-owner-call/connection');
      expect(sent.map((r) => (r.body as { record?: boolean }).record)).toEqual([true]);
    });
  });

  describe('room ownership', () => {
    it('gives the creator of a session the owner role there (MODERATOR), and others their own role', async () => {
      const olivia = await caller('olivia', ['member']);
      const bob = await caller('bob-o', ['member']);
      expectData(await execute(gw, CreateSessionDocument, { input: { customSessionId: 'user-olivia-plan' } }, { token: olivia }));

      const ownerConnection = expectData(await connect(olivia, 'user-olivia-plan')).createConnection;
      expect(ownerConnection.role).toBe('MODERATOR');
      expect(lastRoleSentFor('user-olivia-plan')).toBe('MODERATOR');

      expectData(await connect(bob, 'user-olivia-plan'));
      expect(lastRoleSentFor('user-olivia-plan')).toBe('PUBLISHER');
      expect(expectErrorCode(await connect(bob, 'user-olivia-plan', 'MODERATOR'), 'FORBIDDEN').extensions?.reason).toBe('openvidu.role');
    });

    it('gives the creator of a meeting allow_mod there, by meetingId and by custom id', async () => {
      const olivia = await caller('olivia', ['member']);
      const bob = await caller('bob-o', ['member']);
      const meeting = expectData(
        await execute(gw, CreateMeetingDocument, { input: { customMeetingId: 'user-olivia-daily' } }, { token: olivia }),
      ).createMeeting;
      expect(meeting.room).toMatchObject({ provider: 'VIDEOSDK', roomId: meeting.meetingId, customId: 'user-olivia-daily', ownerId: 'olivia' });

      for (const meetingId of [meeting.meetingId, 'user-olivia-daily']) {
        const out = expectData(await execute(gw, IssueVideoSdkTokenDocument, { input: { meetingId } }, { token: olivia })).issueVideoSdkToken;
        issued.push(out.token);
        const { payload } = await jwtVerify(out.token, vsdkKey);
        // Either id names one room: the token is bound to the meetingId clients join with.
        expect(out.meetingId).toBe(meeting.meetingId);
        expect(payload).toMatchObject({ roomId: meeting.meetingId, participantId: 'olivia', permissions: ['allow_join', 'allow_mod'] });
      }
      // Another member joins by either id: the custom id matches their join pattern user-*, and it is the same room.
      for (const meetingId of [meeting.meetingId, 'user-olivia-daily']) {
        const other = expectData(await execute(gw, IssueVideoSdkTokenDocument, { input: { meetingId } }, { token: bob })).issueVideoSdkToken;
        expect((await jwtVerify(other.token, vsdkKey)).payload.permissions).toEqual(['allow_join']);
      }

      // validateMeeting shows the owner to callers who may join.
      const validated = expectData(await execute(gw, ValidateMeetingDocument, { meetingId: 'user-olivia-daily' }, { token: bob }));
      expect(validated.validateMeeting.meeting?.room?.ownerId).toBe('olivia');
    });

    it('lets a second creator of an existing custom id have the room as it is (not sent to OpenVidu again), but not set its access', async () => {
      const owen = await caller('owen', ['member']);
      const mod = await caller('reuse-mod', ['moderator']);
      expectData(await execute(gw, CreateSessionDocument, { input: { customSessionId: 'user-owen-sync' } }, { token: owen }));
      const again = expectData(await execute(gw, CreateSessionDocument, { input: { customSessionId: 'user-owen-sync' } }, { token: mod }));
      expect(again.createSession).toMatchObject({ alreadyExisted: true, room: { ownerId: 'owen' } });

      const takeover = await execute(
        gw,
        CreateSessionDocument,
        { input: { customSessionId: 'user-owen-sync', access: { mode: 'RESTRICTED', allowedUserIds: ['reuse-mod'] } } },
        { token: mod },
      );
      expect(expectErrorCode(takeover, 'FORBIDDEN').extensions?.reason).toBe('rooms.owner');
      // Only owen's create reached OpenVidu; the second creator's answer was read (GET) from it.
      expect(openvidu.findRequests('POST', '/openvidu/api/sessions')).toHaveLength(1);
      expect(openvidu.findRequests('GET', '/openvidu/api/sessions/user-owen-sync')).toHaveLength(1);
    });
  });

  describe('restricted rooms', () => {
    it('lets in only the owner, the listed caller ids and the listed roles', async () => {
      const rita = await caller('rita', ['member']);
      const bob = await caller('bob-r', ['member']);
      const carol = await caller('carol-r', ['member']);
      const mona = await caller('mona-r', ['moderator']);
      const created = expectData(
        await execute(
          gw,
          CreateSessionDocument,
          { input: { customSessionId: 'user-rita-1on1', access: { mode: 'RESTRICTED', allowedUserIds: ['bob-r'], allowedRoles: ['moderator'] } } },
          { token: rita },
        ),
      ).createSession;
      expect(created.room.access).toEqual({ mode: 'RESTRICTED', allowedUserIds: ['bob-r'], allowedRoles: ['moderator'] });

      // Refused exactly as for a session that does not exist.
      const refused = await connect(carol, 'user-rita-1on1');
      expect(expectErrorCode(refused, 'NOT_FOUND')).toMatchObject({ message: 'No OpenVidu session has this id.', extensions: { resource: 'session' } });
      expect(openvidu.findRequests('POST', '/openvidu/api/sessions/user-rita-1on1/connection')).toHaveLength(0);

      expectData(await connect(bob, 'user-rita-1on1'));
      expect(lastRoleSentFor('user-rita-1on1')).toBe('PUBLISHER');
      expectData(await connect(mona, 'user-rita-1on1'));
      expect(lastRoleSentFor('user-rita-1on1')).toBe('MODERATOR');
      expectData(await connect(rita, 'user-rita-1on1'));
      expect(lastRoleSentFor('user-rita-1on1')).toBe('MODERATOR');

      // The room query answers those who may join, and null to the others (as for an unknown room).
      expect(expectData(await execute(gw, RoomDocument, { provider: 'OPENVIDU', roomId: 'user-rita-1on1' }, { token: bob })).room)
        .toMatchObject({ ownerId: 'rita', access: { mode: 'RESTRICTED' } });
      expect(expectData(await execute(gw, RoomDocument, { provider: 'OPENVIDU', roomId: 'user-rita-1on1' }, { token: carol })).room).toBeNull();
      expect(expectData(await execute(gw, RoomDocument, { provider: 'OPENVIDU', roomId: 'user-nobody-x' }, { token: carol })).room).toBeNull();
    });

    it('restricts a meeting too, whichever id is used (refused as an unknown meeting)', async () => {
      const rita = await caller('rita', ['member']);
      const carol = await caller('carol-r', ['member']);
      const meeting = expectData(
        await execute(gw, CreateMeetingDocument, { input: { customMeetingId: 'user-rita-private', access: { mode: 'RESTRICTED' } } }, { token: rita }),
      ).createMeeting;
      const issue = (meetingId: string) => execute(gw, IssueVideoSdkTokenDocument, { input: { meetingId } }, { token: carol });
      expect(expectErrorCode(await issue('user-rita-private'), 'NOT_FOUND').extensions?.resource).toBe('meeting');
      // By meetingId: carol's patterns do not match that name, so she gets what any unknown meetingId gets.
      const byId = await issue(meeting.meetingId);
      expect(expectErrorCode(byId, 'FORBIDDEN').extensions?.reason).toBe('rooms.join');
      expect(byId.text).toBe((await issue('zzzz-zzzz-zzzz')).text);
    });
  });

  describe('owner changes', () => {
    it('lets only the owner open the room or hand it over, and the grants follow the owner', async () => {
      // A moderator's lobby room: lobby-* is what every caller (the default role, guest) may join, so it can be handed to anyone.
      const ursula = await caller('ursula', ['moderator']);
      const victor = await caller('victor', ['member']);
      expectData(
        await execute(gw, CreateSessionDocument, { input: { customSessionId: 'lobby-ursula-desk', access: { mode: 'RESTRICTED' } } }, { token: ursula }),
      );
      expect(expectErrorCode(await connect(victor, 'lobby-ursula-desk'), 'NOT_FOUND').extensions?.resource).toBe('session');

      // Not the owner: the answer an unknown room gets.
      const byOther = await execute(gw, UpdateRoomAccessDocument, { input: { provider: 'OPENVIDU', roomId: 'lobby-ursula-desk', access: { mode: 'OPEN' } } }, { token: victor });
      expect(expectErrorCode(byOther, 'NOT_FOUND')).toMatchObject({ extensions: { resource: 'room' } });

      const opened = expectData(
        await execute(gw, UpdateRoomAccessDocument, { input: { provider: 'OPENVIDU', roomId: 'lobby-ursula-desk', access: { mode: 'OPEN' } } }, { token: ursula }),
      ).updateRoomAccess;
      expect(opened).toMatchObject({ ownerId: 'ursula', access: { mode: 'OPEN', allowedUserIds: [], allowedRoles: [] } });
      expectData(await connect(victor, 'lobby-ursula-desk'));
      expect(lastRoleSentFor('lobby-ursula-desk')).toBe('PUBLISHER');

      const handed = expectData(
        await execute(gw, TransferRoomOwnershipDocument, { input: { provider: 'OPENVIDU', roomId: 'lobby-ursula-desk', newOwnerId: 'victor' } }, { token: ursula }),
      ).transferRoomOwnership;
      expect(handed.ownerId).toBe('victor');
      expectData(await connect(victor, 'lobby-ursula-desk'));
      expect(lastRoleSentFor('lobby-ursula-desk')).toBe('MODERATOR');
      const notAnymore = await execute(gw, TransferRoomOwnershipDocument, { input: { provider: 'OPENVIDU', roomId: 'lobby-ursula-desk', newOwnerId: 'ursula' } }, { token: ursula });
      expect(expectErrorCode(notAnymore, 'NOT_FOUND').extensions?.resource).toBe('room');
    });

    it("hands a room only to a caller the default role lets join it (a member's user-* room to nobody else)", async () => {
      const uma = await caller('uma', ['member']);
      expectData(await execute(gw, CreateSessionDocument, { input: { customSessionId: 'user-uma-desk' } }, { token: uma }));
      const refused = await execute(gw, TransferRoomOwnershipDocument, { input: { provider: 'OPENVIDU', roomId: 'user-uma-desk', newOwnerId: 'victor' } }, { token: uma });
      expect(expectErrorCode(refused, 'FORBIDDEN').extensions?.reason).toBe('rooms.transfer');
      expect(expectData(await execute(gw, RoomDocument, { provider: 'OPENVIDU', roomId: 'user-uma-desk' }, { token: uma })).room?.ownerId).toBe('uma');
    });

    it('answers NOT_FOUND for a room without a record and BAD_USER_INPUT for lists with OPEN', async () => {
      const ursula = await caller('ursula', ['member']);
      const unknown = await execute(gw, UpdateRoomAccessDocument, { input: { provider: 'VIDEOSDK', roomId: 'user-ursula-none', access: { mode: 'OPEN' } } }, { token: ursula });
      expect(expectErrorCode(unknown, 'NOT_FOUND').extensions?.resource).toBe('room');
      const mixed = await execute(
        gw,
        UpdateRoomAccessDocument,
        { input: { provider: 'OPENVIDU', roomId: 'user-ursula-desk', access: { mode: 'OPEN', allowedUserIds: ['x'] } } },
        { token: ursula },
      );
      expectErrorCode(mixed, 'BAD_USER_INPUT');
      const tooLong = await execute(
        gw,
        CreateSessionDocument,
        { input: { customSessionId: 'user-ursula-big', access: { mode: 'RESTRICTED', allowedUserIds: Array.from({ length: 101 }, (_, i) => `u${i}`) } } },
        { token: ursula },
      );
      expect(expectErrorCode(tooLong, 'BAD_USER_INPUT').message).toMatch(/access\.allowedUserIds/);
      expect(openvidu.requests).toHaveLength(0);
    });
  });

  describe('audit', () => {
    it('writes one audit line per credential and per room created, with the request id and never a token', async () => {
      const audrey = await caller('audrey', ['member']);
      expectData(
        await execute(gw, CreateSessionDocument, { input: { customSessionId: 'user-audrey-a' } }, { token: audrey, headers: { 'x-request-id': 'audit-create' } }),
      );
      const conn = expectData(
        await execute(gw, CreateConnectionDocument, { input: { sessionId: 'user-audrey-a' } }, { token: audrey, headers: { 'x-request-id': 'audit-connect' } }),
      ).createConnection;
      issued.push(conn.token);
      const lk = expectData(
        await execute(gw, IssueLivekitTokenDocument, { input: { roomName: 'team-audit', ttlSeconds: 120 } }, { token: audrey, headers: { 'x-request-id': 'audit-lk' } }),
      ).issueLivekitToken;
      issued.push(lk.token);
      // A refused request writes no audit line.
      await execute(gw, IssueLivekitTokenDocument, { input: { roomName: 'team-audit', hidden: true } }, { token: audrey, headers: { 'x-request-id': 'audit-refused' } });

      // Each line carries the gateway's own request id; the client's x-request-id is a separate field.
      const audits = (clientRequestId: string) =>
        gw
          .logRecords()
          .filter((r) => r.msg === 'audit' && r.clientRequestId === clientRequestId)
          .map((r) => {
            expect(r.reqId).toMatch(GATEWAY_REQUEST_ID);
            expect((r.audit as { requestId: unknown }).requestId).toBe(r.reqId);
            return r.audit;
          });
      expect(audits('audit-create')).toEqual([
        {
          event: 'room.created',
          provider: 'openvidu',
          room: 'user-audrey-a',
          customId: null,
          access: { mode: 'OPEN', allowedUserIds: [], allowedRoles: [] },
          callerId: 'audrey',
          requestId: expect.stringMatching(GATEWAY_REQUEST_ID),
          clientRequestId: 'audit-create',
        },
      ]);
      expect(audits('audit-connect')).toEqual([
        {
          event: 'credential.issued',
          provider: 'openvidu',
          room: 'user-audrey-a',
          owner: true,
          role: 'MODERATOR',
          connectionId: conn.id,
          ttlSeconds: null,
          callerId: 'audrey',
          requestId: expect.stringMatching(GATEWAY_REQUEST_ID),
          clientRequestId: 'audit-connect',
        },
      ]);
      expect(audits('audit-lk')).toEqual([
        {
          event: 'credential.issued',
          provider: 'livekit',
          room: 'team-audit',
          owner: false,
          grants: policy.roles.member.livekit.defaults,
          ttlSeconds: 120,
          callerId: 'audrey',
          requestId: expect.stringMatching(GATEWAY_REQUEST_ID),
          clientRequestId: 'audit-lk',
        },
      ]);
      expect(audits('audit-refused')).toEqual([]);
    });

    it('never writes an issued token, a caller token or a provider secret to the logs', () => {
      expect(issued.length).toBeGreaterThan(3);
      const logs = gw.logs.join('\n');
      for (const token of [...issued, ...callerTokens]) expect(logs).not.toContain(token);
      for (const secret of [LIVEKIT.secret, OV_SECRET, VSDK.secret]) {
        expect(logs).not.toContain(secret);
        expect(seenResponses.join('\n')).not.toContain(secret);
      }
    });
  });
});
