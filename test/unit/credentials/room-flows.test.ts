/**
 * The OpenVidu and VideoSDK credential flows on a memory room store with a fixed clock and in-memory
 * provider clients (no sockets; the HTTP side of each client is covered by the e2e tests against the
 * provider doubles): who owns a created room, that another caller's room is read and never created
 * again, that refusals reach no provider, and that a custom meeting id is resolved to the meetingId
 * the token is bound to (VideoSDK tokens signed by the real signer and verified with jose).
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { jwtVerify } from 'jose';
import type { AuditEvent } from '../../../src/audit/audit-log.js';
import type { AuthenticatedUser } from '../../../src/auth/authenticated-user.js';
import { OpenViduCredentials } from '../../../src/credentials/openvidu-credentials.js';
import type { ProviderScope } from '../../../src/credentials/request-scope.js';
import { VideoSdkCredentials } from '../../../src/credentials/videosdk-credentials.js';
import { Policy } from '../../../src/policy/policy.js';
import type { OpenViduConnectionSpec, OpenViduDataSource } from '../../../src/providers/openvidu/openvidu.data-source.js';
import type { OpenViduSessionRecord } from '../../../src/providers/openvidu/openvidu.mapper.js';
import type { VideoSdkDataSource } from '../../../src/providers/videosdk/videosdk.data-source.js';
import type { MeetingRecord } from '../../../src/providers/videosdk/videosdk.mapper.js';
import { VideoSdkTokenSigner } from '../../../src/providers/videosdk/videosdk.token.js';
import { MemoryRoomStore } from '../../../src/rooms/memory-room-store.js';
import { RoomAccessService } from '../../../src/rooms/room-access.service.js';
import { unknownRoomError } from '../../../src/rooms/room-ids.js';
import { guestMemberPolicy } from '../../support/policy-files.js';

const NOW = 1_700_000_000_000;
const VIDEOSDK_SECRET = 'room-flows-videosdk-secret-0123456789';
const user = (id: string, roles: string[] = ['member']): AuthenticatedUser => ({ id, name: null, roles, expiresAt: 0, claims: {} });
const error = (promise: Promise<unknown>) => promise.then(() => null, (e: { extensions: Record<string, unknown> }) => e.extensions);

/** OpenVidu sessions kept in a map; every call is noted. */
function memoryOpenVidu() {
  const sessions = new Map<string, OpenViduSessionRecord>();
  const calls: string[] = [];
  const connections: Array<{ sessionId: string; spec: OpenViduConnectionSpec }> = [];
  let generated = 0;
  const client = {
    async createSession(body: { customSessionId?: string; recordingMode?: string }) {
      calls.push('createSession');
      const id = body.customSessionId ?? `ses_${++generated}`;
      const existing = sessions.get(id);
      if (existing) return { ...existing, alreadyExisted: true };
      const session = { id, createdAt: new Date(NOW), mediaMode: 'ROUTED', recordingMode: body.recordingMode ?? 'MANUAL', forcedVideoCodec: null, allowTranscoding: false, alreadyExisted: false };
      sessions.set(id, session);
      return session;
    },
    async getSession(id: string) {
      calls.push('getSession');
      const session = sessions.get(id);
      return session ? { ...session, alreadyExisted: true } : null;
    },
    async createConnection(sessionId: string, spec: OpenViduConnectionSpec) {
      calls.push('createConnection');
      // As the data source answers OpenVidu's 404.
      if (!sessions.has(sessionId)) throw unknownRoomError('openvidu');
      connections.push({ sessionId, spec });
      return { id: `con_${connections.length}`, sessionId, token: 'wss://ov.invalid?token=t', role: spec.role, record: spec.recorded ?? true, data: '', createdAt: new Date(NOW) };
    },
  };
  return { client: client as unknown as OpenViduDataSource, calls, connections };
}

/** VideoSDK meetings kept in a map (by meetingId and custom id); tokens signed by the real signer. */
function memoryVideoSdk() {
  const meetings = new Map<string, MeetingRecord>();
  const calls: string[] = [];
  const signer = new VideoSdkTokenSigner('room-flows-key', VIDEOSDK_SECRET);
  const add = (meeting: MeetingRecord) => {
    meetings.set(meeting.meetingId, meeting);
    if (meeting.customMeetingId) meetings.set(meeting.customMeetingId, meeting);
  };
  const client = {
    async validateMeeting(id: string) {
      calls.push('validateMeeting');
      const meeting = meetings.get(id) ?? null;
      return { meetingId: meeting?.meetingId ?? id, valid: Boolean(meeting && !meeting.disabled), disabled: meeting?.disabled ?? false, meeting };
    },
    async createMeeting(body: { customRoomId?: string }) {
      calls.push('createMeeting');
      const existing = body.customRoomId ? meetings.get(body.customRoomId) : undefined;
      if (existing) return existing;
      const meeting = { meetingId: `mtg${meetings.size}-0000-zzzz`.slice(0, 14), customMeetingId: body.customRoomId ?? null, disabled: false, createdAt: null, autoCloseType: null, autoCloseMinutes: null };
      add(meeting);
      return meeting;
    },
    issueParticipantToken: (request: Parameters<VideoSdkTokenSigner['participantToken']>[0]) => signer.participantToken(request, NOW / 1000),
  };
  return { client: client as unknown as VideoSdkDataSource, calls, add, meetings };
}

function setup() {
  const policy = new Policy(guestMemberPolicy(5));
  const store = new MemoryRoomStore(() => NOW);
  const rooms = new RoomAccessService(policy, store, () => NOW);
  const openvidu = memoryOpenVidu();
  const videosdk = memoryVideoSdk();
  const audits: AuditEvent[] = [];
  const scope: ProviderScope = {
    audit: (event) => void audits.push(event),
    openvidu: () => openvidu.client,
    videosdk: () => videosdk.client,
    livekitRoomService: () => {
      throw new Error('these flows never reach LiveKit');
    },
  };
  return { store, rooms, openvidu, videosdk, audits, scope, ov: new OpenViduCredentials(policy, rooms), vs: new VideoSdkCredentials(policy, rooms) };
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('OpenViduCredentials', () => {
  it('makes the first creator the owner, and reads another caller\'s session as it is without creating it again', async () => {
    const env = setup();
    close = () => env.store.close();
    const first = await env.ov.createSession(user('alice'), { customSessionId: 'team-a' }, env.scope);
    expect(first.ownership).toMatchObject({ roomId: 'team-a', ownerId: 'alice' });
    expect(env.audits).toEqual([expect.objectContaining({ event: 'room.created', provider: 'openvidu', room: 'team-a' })]);

    const second = await env.ov.createSession(user('bob'), { customSessionId: 'team-a' }, env.scope);
    expect(second).toMatchObject({ session: { id: 'team-a', alreadyExisted: true }, ownership: { ownerId: 'alice' } });
    expect(env.openvidu.calls).toEqual(['createSession', 'getSession']);
    expect(env.audits).toHaveLength(1);
  });

  it('refuses options on another caller\'s session and a recorded session without recording rights, reaching no provider', async () => {
    const env = setup();
    close = () => env.store.close();
    await env.ov.createSession(user('alice'), { customSessionId: 'team-a' }, env.scope);
    env.openvidu.calls.length = 0;
    expect(await error(env.ov.createSession(user('bob'), { customSessionId: 'team-a', mediaMode: 'ROUTED' }, env.scope))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'rooms.owner',
    });
    expect(await error(env.ov.createSession(user('bob'), { customSessionId: 'team-b', recordingMode: 'ALWAYS' }, env.scope))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'openvidu.recording',
    });
    expect(env.openvidu.calls).toEqual([]);
  });

  it('gives the session owner the owner role, names the caller in the connection, and refuses a restricted session as unknown', async () => {
    const env = setup();
    close = () => env.store.close();
    const restricted = { mode: 'RESTRICTED' as const, allowedUserIds: [], allowedRoles: [] };
    await env.ov.createSession(user('alice'), { customSessionId: 'team-a', access: restricted }, env.scope);

    const connection = await env.ov.createConnection({ ...user('alice'), name: 'Alice' }, { sessionId: 'team-a', recorded: false }, env.scope);
    expect(connection.role).toBe('MODERATOR');
    expect(env.openvidu.connections).toEqual([{ sessionId: 'team-a', spec: { role: 'MODERATOR', recorded: false, participant: { id: 'alice', name: 'Alice' } } }]);
    expect(env.audits.at(-1)).toMatchObject({ event: 'credential.issued', provider: 'openvidu', owner: true, role: 'MODERATOR', connectionId: connection.id });

    const refusal = await error(env.ov.createConnection(user('bob'), { sessionId: 'team-a' }, env.scope));
    expect(refusal).toEqual(await error(env.ov.createConnection(user('bob'), { sessionId: 'team-none' }, env.scope)));
    expect(refusal).toMatchObject({ code: 'NOT_FOUND' });
    expect(env.openvidu.connections).toHaveLength(1);
  });
});

describe('VideoSdkCredentials', () => {
  it('binds a token asked for by custom id to the meetingId it names', async () => {
    const env = setup();
    close = () => env.store.close();
    env.videosdk.add({ meetingId: 'abcd-0123-wxyz', customMeetingId: 'team-x', disabled: false, createdAt: null, autoCloseType: null, autoCloseMinutes: null });
    const issued = await env.vs.issueToken(user('carol'), { meetingId: 'team-x', ttlSeconds: 120 }, env.scope);
    expect(issued).toMatchObject({ meetingId: 'abcd-0123-wxyz', participantId: 'carol', permissions: ['allow_join'] });
    expect(issued.expiresAt.getTime()).toBe(NOW + 120_000);
    const { payload } = await jwtVerify(issued.token, new TextEncoder().encode(VIDEOSDK_SECRET), { currentDate: new Date(NOW) });
    expect(payload).toMatchObject({ roomId: 'abcd-0123-wxyz', participantId: 'carol', permissions: ['allow_join'], roles: ['rtc'] });
    expect(env.audits).toEqual([expect.objectContaining({ event: 'credential.issued', provider: 'videosdk', room: 'abcd-0123-wxyz', owner: false })]);
  });

  it('refuses permissions no role allows before VideoSDK is asked about an unrecorded meeting', async () => {
    const env = setup();
    close = () => env.store.close();
    expect(await error(env.vs.issueToken(user('carol'), { meetingId: 'team-x', permissions: ['allow_mod'] }, env.scope))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'videosdk.permissions',
    });
    expect(env.videosdk.calls).toEqual([]);
  });

  it('answers a meeting the caller may not learn of as unknown, without asking VideoSDK', async () => {
    const env = setup();
    close = () => env.store.close();
    expect(await env.vs.validateMeeting(user('gus', []), 'team-x', env.scope)).toEqual({ meetingId: 'team-x', valid: false, disabled: false, meeting: null });
    expect(env.videosdk.calls).toEqual([]);
  });

  it('claims a created meeting under both ids, and never claims a room VideoSDK knows by the custom id otherwise', async () => {
    const env = setup();
    close = () => env.store.close();
    const created = await env.vs.createMeeting(user('dora'), { customMeetingId: 'team-d' }, env.scope);
    expect(created.ownership).toMatchObject({ ownerId: 'dora', customId: 'team-d', roomId: created.meeting.meetingId });

    // VideoSDK answers the custom id "team-e" with a meeting it lists under no custom id (the id is its meetingId there).
    env.videosdk.meetings.set('team-e', { meetingId: 'efgh-0123-wxyz', customMeetingId: null, disabled: false, createdAt: null, autoCloseType: null, autoCloseMinutes: null });
    expect(await error(env.vs.createMeeting(user('dora'), { customMeetingId: 'team-e' }, env.scope))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'customMeetingId',
    });
    expect(await env.rooms.view(user('dora'), 'videosdk', 'efgh-0123-wxyz')).toBeNull();
    expect(env.audits).toHaveLength(1);
  });
});
