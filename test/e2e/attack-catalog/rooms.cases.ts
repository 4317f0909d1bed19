/**
 * Room ids and ownership (ROOM-*): custom VideoSDK ids resolved to the meetingId, custom ids that
 * would name another room, refusals that look like unknown rooms, transfers, the per-owner limit and
 * the default role in access lists. Each case uses callers of its own, so rooms never collide.
 */
import { randomBytes } from 'node:crypto';
import { expect } from '@jest/globals';
import { jwtVerify } from 'jose';
import { guestMemberPolicy, writePolicyFile } from '../../support/policy-files.js';
import type { TestGateway } from '../../support/start-test-gateway.js';
import { expectCode, expectOk, gql, type CatalogChecks, type CatalogEnv } from './catalog-env.js';

const CREATE_MEETING = 'mutation C($input: CreateMeetingInput) { createMeeting(input: $input) { meetingId customMeetingId room { ownerId } } }';
const CREATE_SESSION = 'mutation S($input: CreateSessionInput) { createSession(input: $input) { id room { ownerId } } }';
const VALIDATE = 'query V($id: String!) { validateMeeting(meetingId: $id) { meetingId valid disabled meeting { meetingId customMeetingId createdAt room { ownerId } } } }';
const TOKEN = 'mutation T($input: IssueVideoSdkTokenInput!) { issueVideoSdkToken(input: $input) { token meetingId permissions } }';
const UPDATE = 'mutation U($input: UpdateRoomAccessInput!) { updateRoomAccess(input: $input) { ownerId } }';
const TRANSFER = 'mutation X($input: TransferRoomOwnershipInput!) { transferRoomOwnership(input: $input) { ownerId } }';
const RESTRICTED = { mode: 'RESTRICTED', allowedUserIds: [], allowedRoles: [] };

const unique = (label: string) => `${label}-${randomBytes(4).toString('hex')}`;
const caller = (env: CatalogEnv, label: string, roles: string[] = []) => {
  const sub = unique(label);
  return env.mint({ sub, roles }).then((token) => ({ sub, token }));
};
const wire = (res: { status: number; text: string }) => ({ status: res.status, text: res.text });
const createRoomCalls = (env: CatalogEnv) => env.rig.videosdk.findRequests('POST', '/v2/rooms').length;

/** A gateway whose default role (guest) joins only lobby-* and user-{sub}-*, with 2 live rooms per owner. */
let strict: Promise<TestGateway> | undefined;
function strictGateway(env: CatalogEnv): Promise<TestGateway> {
  strict ??= env.startGateway({ POLICY_FILE: writePolicyFile(guestMemberPolicy(2), 'catalog-rooms') });
  return strict;
}

export const roomsChecks: CatalogChecks = {
  'ROOM-01': async (env) => {
    const owner = await caller(env, 'room01');
    const id = unique('standup');
    const meeting = expectOk(await gql(env.gw, CREATE_MEETING, { input: { customMeetingId: id } }, { token: owner.token })).createMeeting;
    expect(meeting.meetingId).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
    const out = expectOk(await gql(env.gw, TOKEN, { input: { meetingId: id } }, { token: owner.token })).issueVideoSdkToken;
    env.issuedTokens.add(out.token);
    expect(out.meetingId).toBe(meeting.meetingId);
    const { payload } = await jwtVerify(out.token, new TextEncoder().encode(env.rig.env.VIDEOSDK_SECRET), { algorithms: ['HS256'] });
    expect(payload).toMatchObject({ roomId: meeting.meetingId, participantId: owner.sub });
    expectCode(await gql(env.gw, TOKEN, { input: { meetingId: unique('nobody') } }, { token: owner.token }), 'NOT_FOUND');
  },

  'ROOM-02': async (env) => {
    const mallory = await caller(env, 'room02');
    const victims = env.rig.videosdk.addRoom();
    for (const customMeetingId of [victims.roomId, victims.roomId.toUpperCase()]) {
      const res = await gql(env.gw, CREATE_MEETING, { input: { customMeetingId, access: RESTRICTED } }, { token: mallory.token });
      expect(expectCode(res, 'BAD_USER_INPUT').extensions?.field).toBe('customMeetingId');
    }
    const session = await gql(env.gw, CREATE_SESSION, { input: { customSessionId: 'ses_Ab12Cd34Ef', access: RESTRICTED } }, { token: mallory.token });
    expect(expectCode(session, 'BAD_USER_INPUT').extensions?.field).toBe('customSessionId');
    expect(env.rig.videosdk.requests).toHaveLength(0);
    expect(env.rig.openvidu.requests).toHaveLength(0);
  },

  'ROOM-03': async (env) => {
    const [victor, mallory] = [await caller(env, 'room03v'), await caller(env, 'room03m')];
    const id = unique('daily');
    const meeting = expectOk(await gql(env.gw, CREATE_MEETING, { input: { customMeetingId: id } }, { token: victor.token })).createMeeting;
    const sent = createRoomCalls(env);
    const withOptions = await gql(env.gw, CREATE_MEETING, { input: { customMeetingId: id, autoClose: { type: 'SESSION_END_AND_DEACTIVATE', durationMinutes: 1 } } }, { token: mallory.token });
    expect(expectCode(withOptions, 'FORBIDDEN').extensions?.reason).toBe('rooms.owner');
    const plain = expectOk(await gql(env.gw, CREATE_MEETING, { input: { customMeetingId: id } }, { token: mallory.token })).createMeeting;
    expect(plain).toMatchObject({ meetingId: meeting.meetingId, room: { ownerId: victor.sub } });
    expect(createRoomCalls(env)).toBe(sent);
  },

  'ROOM-04': async (env) => {
    const [victor, mallory] = [await caller(env, 'room04v'), await caller(env, 'room04m')];
    const id = unique('secret');
    const unknownId = unique('nothing');
    expectOk(await gql(env.gw, CREATE_MEETING, { input: { customMeetingId: id, access: RESTRICTED } }, { token: victor.token }));
    const same = async (query: string, vars: (roomId: string) => Record<string, unknown>) => {
      const refused = await gql(env.gw, query, vars(id), { token: mallory.token });
      const unknown = await gql(env.gw, query, vars(unknownId), { token: mallory.token });
      expect(wire(refused)).toEqual({ status: unknown.status, text: unknown.text.split(unknownId).join(id) });
    };
    await same(VALIDATE, (roomId) => ({ id: roomId }));
    await same(TOKEN, (meetingId) => ({ input: { meetingId } }));
    await same(UPDATE, (roomId) => ({ input: { provider: 'VIDEOSDK', roomId, access: { mode: 'OPEN' } } }));
    await same(TRANSFER, (roomId) => ({ input: { provider: 'VIDEOSDK', roomId, newOwnerId: mallory.sub } }));
    expect(expectOk(await gql(env.gw, VALIDATE, { id: unknownId }, { token: mallory.token })).validateMeeting.valid).toBe(false);
  },

  'ROOM-05': async (env) => {
    const gw = await strictGateway(env);
    const member = await caller(env, 'room05', ['member']);
    const guest = await caller(env, 'room05g');
    const teamRoom = unique('team');
    expectOk(await gql(gw, CREATE_SESSION, { input: { customSessionId: teamRoom } }, { token: member.token }));
    const refused = await gql(gw, TRANSFER, { input: { provider: 'OPENVIDU', roomId: teamRoom, newOwnerId: guest.sub } }, { token: member.token });
    expect(expectCode(refused, 'FORBIDDEN').extensions?.reason).toBe('rooms.transfer');
    const personal = `user-${guest.sub}-desk`;
    expectOk(await gql(gw, CREATE_SESSION, { input: { customSessionId: personal } }, { token: member.token }));
    const moved = expectOk(await gql(gw, TRANSFER, { input: { provider: 'OPENVIDU', roomId: personal, newOwnerId: guest.sub } }, { token: member.token }));
    expect(moved.transferRoomOwnership.ownerId).toBe(guest.sub);
  },

  'ROOM-06': async (env) => {
    const gw = await strictGateway(env);
    const member = await caller(env, 'room06', ['member']);
    for (let i = 0; i < 2; i++) expectOk(await gql(gw, CREATE_MEETING, { input: { customMeetingId: unique('room06') } }, { token: member.token }));
    const sent = createRoomCalls(env);
    const over = await gql(gw, CREATE_MEETING, { input: { customMeetingId: unique('room06') } }, { token: member.token });
    expect(expectCode(over, 'FORBIDDEN').extensions?.reason).toBe('rooms.limit');
    expect(createRoomCalls(env)).toBe(sent);
    const tooMany = { mode: 'RESTRICTED', allowedRoles: Array.from({ length: 21 }, (_, i) => `r${i}`) };
    expectCode(await gql(gw, CREATE_SESSION, { input: { customSessionId: unique('room06'), access: tooMany } }, { token: member.token }), 'BAD_USER_INPUT');
  },

  'ROOM-07': async (env) => {
    const gw = await strictGateway(env);
    const member = await caller(env, 'room07', ['member']);
    const guest = await caller(env, 'room07g');
    const lobby = unique('lobby');
    expectOk(await gql(gw, CREATE_SESSION, { input: { customSessionId: lobby, access: { mode: 'RESTRICTED', allowedRoles: ['guest'] } } }, { token: member.token }));
    env.rig.openvidu.addSession(lobby);
    const conn = await gql(gw, 'mutation C($input: CreateConnectionInput!) { createConnection(input: $input) { token } }', { input: { sessionId: lobby } }, { token: guest.token });
    env.issuedTokens.add(expectOk(conn).createConnection.token);
  },
};
