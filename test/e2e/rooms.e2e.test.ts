/**
 * Room ids and ownership over real HTTP, against the OpenVidu and VideoSDK doubles: a token for a
 * custom VideoSDK id is bound to the meetingId clients join with; a custom id can never name (and so
 * take over) another room; a caller who may not join a room gets the answer an unknown room gets, byte
 * for byte; transfers only to callers the policy lets join; a per-owner room limit.
 *
 * Policy: everyone holds `guest` (joins lobby-* and user-{sub}-*, creates nothing); `member` joins and
 * creates anything; owners get `moderator` in their room; at most 10 live rooms per owner.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { jwtVerify } from 'jose';
import {
  CreateConnectionDocument,
  CreateMeetingDocument,
  CreateSessionDocument,
  IssueVideoSdkTokenDocument,
  TransferRoomOwnershipDocument,
  UpdateRoomAccessDocument,
  ValidateMeetingDocument,
} from '../../client/generated/graphql.js';
import { mintHs256CallerToken } from '../support/caller-tokens.js';
import { execute, expectData, expectErrorCode, type GraphQLResponse } from '../support/graphql-client.js';
import { guestMemberPolicy } from '../support/policy-files.js';
import { startProviderRig, type ProviderRig } from '../support/provider-rig.js';
import { startRedisServer, type TestRedisServer } from '../support/redis-server.js';
import { startTestGateway, TEST_AUTH_SECRET, type TestGateway } from '../support/start-test-gateway.js';

const MAX_PER_OWNER = 10;
const POLICY = guestMemberPolicy(MAX_PER_OWNER);
const MEETING_ID = /^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/;

/** The answer as the client sees it: HTTP status and body text, with `from` replaced by `to` (an echoed id). */
const wire = (res: GraphQLResponse<unknown>, from?: string, to?: string) => ({
  status: res.status,
  text: from && to ? res.text.split(from).join(to) : res.text,
});

describe('room ids and ownership', () => {
  let dir: string;
  let rig: ProviderRig;
  let gw: TestGateway;
  let vsdkKey: Uint8Array;
  const callers: Record<string, string> = {};
  const as = (name: string) => ({ token: callers[name] });

  const createMeeting = (caller: string, input?: Record<string, unknown>, on = gw) =>
    execute(on.graphqlUrl, CreateMeetingDocument, input ? { input } : {}, as(caller));
  const videoSdkToken = (caller: string, meetingId: string, extra: Record<string, unknown> = {}, on = gw) =>
    execute(on.graphqlUrl, IssueVideoSdkTokenDocument, { input: { meetingId, ...extra } }, as(caller));
  const validate = (caller: string, meetingId: string) => execute(gw.graphqlUrl, ValidateMeetingDocument, { meetingId }, as(caller));
  const createRooms = () => rig.videosdk.findRequests('POST', '/v2/rooms');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'callgate-rooms-'));
    const policyFile = join(dir, 'policy.json');
    await writeFile(policyFile, JSON.stringify(POLICY));
    rig = await startProviderRig();
    vsdkKey = new TextEncoder().encode(rig.env.VIDEOSDK_SECRET);
    gw = await startTestGateway({ ...rig.env, POLICY_FILE: policyFile });
    for (const [name, roles] of Object.entries({
      victor: ['member'],
      mallory: ['member'],
      mia: ['member'],
      lena: ['member'],
      gus: [],
    })) {
      callers[name] = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: name, roles });
    }
  });
  afterEach(() => rig.reset());
  afterAll(async () => {
    await gw.close();
    await rig.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('a token for a custom VideoSDK meeting id (issue 9 §2)', () => {
    it('is signed for the meetingId clients join with, and answers with that id', async () => {
      const meeting = expectData(await createMeeting('victor', { customMeetingId: 'standup-7' })).createMeeting;
      expect(meeting.meetingId).toMatch(MEETING_ID);
      for (const asked of ['standup-7', meeting.meetingId]) {
        const out = expectData(await videoSdkToken('victor', asked)).issueVideoSdkToken;
        expect(out.meetingId).toBe(meeting.meetingId);
        const { payload } = await jwtVerify(out.token, vsdkKey, { algorithms: ['HS256'] });
        expect(payload).toMatchObject({ roomId: meeting.meetingId, participantId: 'victor', roles: ['rtc'] });
        // Both ids name one room, which victor owns: the owner role's permissions either way.
        expect(payload.permissions).toEqual(['allow_join', 'allow_mod']);
      }
      // The record resolved the custom id: VideoSDK was not asked.
      expect(rig.videosdk.findRequests('GET', /^\/v2\/rooms\/validate\//)).toHaveLength(0);
    });

    it('resolves a custom id the gateway has no record of through VideoSDK', async () => {
      const outside = rig.videosdk.addRoom({ customRoomId: 'lobby-outside' });
      const out = expectData(await videoSdkToken('gus', 'lobby-outside')).issueVideoSdkToken;
      expect(out.meetingId).toBe(outside.roomId);
      const { payload } = await jwtVerify(out.token, vsdkKey, { algorithms: ['HS256'] });
      expect(payload.roomId).toBe(outside.roomId);
      expect(rig.videosdk.findRequests('GET', '/v2/rooms/validate/lobby-outside')).toHaveLength(1);
    });

    it('answers NOT_FOUND for an unknown id and BAD_USER_INPUT for a deactivated meeting', async () => {
      expect(expectErrorCode(await videoSdkToken('victor', 'nobody-here'), 'NOT_FOUND')).toMatchObject({
        message: 'No VideoSDK meeting has this id.',
        extensions: { resource: 'meeting' },
      });
      expectErrorCode(await videoSdkToken('victor', 'zzzz-zzzz-zzzz'), 'NOT_FOUND');
      rig.videosdk.addRoom({ customRoomId: 'retro-closed', disabled: true });
      expect(expectErrorCode(await videoSdkToken('victor', 'retro-closed'), 'BAD_USER_INPUT').message).toMatch(/deactivated/);
    });
  });

  describe('a custom id never names another room (issue 10 bypass 2)', () => {
    it('refuses the takeover of a meeting whose record is gone (gateway restarted), over HTTP', async () => {
      const victims = expectData(await createMeeting('victor')).createMeeting;
      // A fresh memory-mode gateway on the same VideoSDK: it has no record of victor's meeting.
      const restarted = await startTestGateway({ ...rig.env, POLICY_FILE: join(dir, 'policy.json') });
      try {
        const outside = rig.videosdk.addRoom();
        const sent = createRooms().length;
        for (const id of [victims.meetingId, outside.roomId, victims.meetingId.toUpperCase()]) {
          const attack = await createMeeting('mallory', { customMeetingId: id, access: { mode: 'RESTRICTED' } }, restarted);
          expect(expectErrorCode(attack, 'BAD_USER_INPUT').extensions?.field).toBe('customMeetingId');
        }
        expect(createRooms()).toHaveLength(sent);
        // Nobody owns it through the gateway: mallory gets no moderator permission, victor is not locked out.
        expectErrorCode(await videoSdkToken('mallory', victims.meetingId, { permissions: ['ALLOW_MOD'] }, restarted), 'FORBIDDEN');
        const stillIn = expectData(await videoSdkToken('victor', victims.meetingId, {}, restarted)).issueVideoSdkToken;
        expect(stillIn.meetingId).toBe(victims.meetingId);
      } finally {
        await restarted.close();
      }
    });

    it('refuses a custom session id of the shape OpenVidu generates', async () => {
      const res = await execute(gw.graphqlUrl, CreateSessionDocument, { input: { customSessionId: 'ses_Ab12Cd34Ef' } }, as('mallory'));
      expect(expectErrorCode(res, 'BAD_USER_INPUT').extensions?.field).toBe('customSessionId');
      expect(rig.openvidu.requests).toHaveLength(0);
    });

    it("never sends another caller's live meeting to VideoSDK again, with or without new options", async () => {
      const owned = expectData(await createMeeting('victor', { customMeetingId: 'standup-9' })).createMeeting;
      rig.reset();
      rig.videosdk.addRoom({ roomId: owned.meetingId, customRoomId: 'standup-9' });
      const withOptions = await createMeeting('mallory', { customMeetingId: 'standup-9', autoClose: { type: 'SESSION_END_AND_DEACTIVATE', durationMinutes: 1 } });
      expect(expectErrorCode(withOptions, 'FORBIDDEN').extensions?.reason).toBe('rooms.owner');
      const plain = expectData(await createMeeting('mallory', { customMeetingId: 'standup-9' })).createMeeting;
      expect(plain).toMatchObject({ meetingId: owned.meetingId, room: { ownerId: 'victor' } });
      expect(createRooms()).toHaveLength(0);
    });
  });

  describe('a room the caller may not join looks unknown (issue 10 bypass 4)', () => {
    let secret: { meetingId: string };
    let secretSession: string;

    beforeAll(async () => {
      const restricted = { mode: 'RESTRICTED' as const, allowedUserIds: ['mia'] };
      secret = expectData(await createMeeting('victor', { customMeetingId: 'team-secret', access: restricted })).createMeeting;
      secretSession = expectData(
        await execute(gw.graphqlUrl, CreateSessionDocument, { input: { customSessionId: 'team-secret-call', access: restricted } }, as('victor')),
      ).createSession.id;
    });

    it('validateMeeting: the same answer as for an unknown id, by custom id and by meetingId', async () => {
      rig.videosdk.addRoom({ roomId: secret.meetingId, customRoomId: 'team-secret' });
      for (const caller of ['gus', 'mallory']) {
        expect(wire(await validate(caller, 'team-secret'), 'team-secret', 'team-nothing')).toEqual(wire(await validate(caller, 'team-nothing')));
        expect(wire(await validate(caller, secret.meetingId), secret.meetingId, 'zzzz-zzzz-zzzz')).toEqual(wire(await validate(caller, 'zzzz-zzzz-zzzz')));
      }
      // The owner and a listed caller see it.
      for (const caller of ['victor', 'mia']) {
        const seen = expectData(await validate(caller, 'team-secret')).validateMeeting;
        expect(seen).toMatchObject({ valid: true, meetingId: secret.meetingId, meeting: { customMeetingId: 'team-secret', room: { ownerId: 'victor' } } });
      }
    });

    it('updateRoomAccess and transferRoomOwnership: the same error and status as for an unknown room', async () => {
      const update = (roomId: string) =>
        execute(gw.graphqlUrl, UpdateRoomAccessDocument, { input: { provider: 'VIDEOSDK', roomId, access: { mode: 'OPEN' } } }, as('mallory'));
      const transfer = (roomId: string) =>
        execute(gw.graphqlUrl, TransferRoomOwnershipDocument, { input: { provider: 'VIDEOSDK', roomId, newOwnerId: 'mallory' } }, as('mallory'));
      for (const send of [update, transfer] as Array<(roomId: string) => Promise<GraphQLResponse<unknown>>>) {
        const unknown = await send('team-nothing');
        expectErrorCode(unknown, 'NOT_FOUND');
        expect(wire(await send('team-secret'))).toEqual(wire(unknown));
        expect(wire(await send(secret.meetingId))).toEqual(wire(unknown));
      }
    });

    it('issueVideoSdkToken and createConnection: the same error and status as for an unknown room', async () => {
      rig.videosdk.addRoom({ roomId: secret.meetingId, customRoomId: 'team-secret' });
      for (const caller of ['gus', 'mallory']) {
        expect(wire(await videoSdkToken(caller, 'team-secret'))).toEqual(wire(await videoSdkToken(caller, 'team-nothing')));
        expect(wire(await videoSdkToken(caller, secret.meetingId))).toEqual(wire(await videoSdkToken(caller, 'zzzz-zzzz-zzzz')));
        const connect = (sessionId: string) => execute(gw.graphqlUrl, CreateConnectionDocument, { input: { sessionId } }, as(caller));
        expect(wire(await connect(secretSession))).toEqual(wire(await connect('team-nothing-call')));
      }
      expectErrorCode(await videoSdkToken('mallory', 'team-nothing'), 'NOT_FOUND');
      expect(expectData(await videoSdkToken('mia', 'team-secret')).issueVideoSdkToken.meetingId).toBe(secret.meetingId);
    });
  });

  describe('ownership limits (issue 10 weaknesses)', () => {
    it('transfers only to a caller the policy lets join the room', async () => {
      const handToGus = async (roomId: string) => {
        expectData(await createMeeting('victor', { customMeetingId: roomId }));
        return execute(gw.graphqlUrl, TransferRoomOwnershipDocument, { input: { provider: 'VIDEOSDK', roomId, newOwnerId: 'gus' } }, as('victor'));
      };
      expect(expectErrorCode(await handToGus('team-handover'), 'FORBIDDEN').extensions?.reason).toBe('rooms.transfer');
      // gus's own rooms (user-{sub}-*) are open to him by the default role: the transfer goes through.
      expect(expectData(await handToGus('user-gus-desk')).transferRoomOwnership.ownerId).toBe('gus');
    });

    it("lets in a caller by the default role in allowedRoles, though the caller's token names no role", async () => {
      const access = { mode: 'RESTRICTED', allowedRoles: ['guest'] };
      const room = expectData(await createMeeting('victor', { customMeetingId: 'lobby-vip', access })).createMeeting;
      const out = expectData(await videoSdkToken('gus', 'lobby-vip')).issueVideoSdkToken;
      expect(out.meetingId).toBe(room.meetingId);
    });

    it('refuses a room over the per-owner limit before calling the provider; the owner may still reuse their own', async () => {
      for (let i = 0; i < MAX_PER_OWNER; i++) expectData(await createMeeting('lena', { customMeetingId: `lena-room-${i}` }));
      expect(createRooms()).toHaveLength(MAX_PER_OWNER);
      const over = await createMeeting('lena', { customMeetingId: 'lena-room-extra' });
      expect(expectErrorCode(over, 'FORBIDDEN').extensions?.reason).toBe('rooms.limit');
      const overSession = await execute(gw.graphqlUrl, CreateSessionDocument, {}, as('lena'));
      expect(expectErrorCode(overSession, 'FORBIDDEN').extensions?.reason).toBe('rooms.limit');
      expect(createRooms()).toHaveLength(MAX_PER_OWNER);
      expect(rig.openvidu.requests).toHaveLength(0);
      expectData(await createMeeting('lena', { customMeetingId: 'lena-room-0' }));
    });

    it('caps the access lists', async () => {
      const access = { mode: 'RESTRICTED', allowedRoles: Array.from({ length: 21 }, (_, i) => `role${i}`) };
      expectErrorCode(await createMeeting('mia', { customMeetingId: 'team-many-roles', access }), 'BAD_USER_INPUT');
      expect(createRooms()).toHaveLength(0);
    });
  });
});

describe('Redis eviction and room records (issue 10 weaknesses)', () => {
  let redis: TestRedisServer;
  let raw: Redis;
  let gw: TestGateway;

  beforeAll(async () => {
    redis = await startRedisServer();
    raw = new Redis(redis.url);
    gw = await startTestGateway({ REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await gw.close();
    raw.disconnect();
    await redis.stop();
  });

  const evictionCheck = async () => {
    const res = await fetch(`${gw.url}/readyz`);
    const body = (await res.json()) as { status: string; checks: Array<{ name: string; ok: boolean; detail?: string; warning?: string }> };
    return { status: res.status, ready: body.status, check: body.checks.find((c) => c.name === 'redis-eviction') };
  };

  it('/readyz stays ready but warns while maxmemory-policy may evict records (allkeys-lru), and not with noeviction', async () => {
    await raw.config('SET', 'maxmemory-policy', 'allkeys-lru');
    const lru = await evictionCheck();
    expect(lru).toMatchObject({ status: 200, ready: 'ready', check: { ok: true, detail: 'maxmemory-policy allkeys-lru' } });
    expect(lru.check?.warning).toMatch(/may evict room ownership records; set maxmemory-policy noeviction/);

    await raw.config('SET', 'maxmemory-policy', 'volatile-lru');
    expect((await evictionCheck()).check?.warning).toMatch(/volatile-lru/);

    await raw.config('SET', 'maxmemory-policy', 'noeviction');
    expect(await evictionCheck()).toEqual({ status: 200, ready: 'ready', check: { name: 'redis-eviction', ok: true, detail: 'maxmemory-policy noeviction' } });
  });
});
