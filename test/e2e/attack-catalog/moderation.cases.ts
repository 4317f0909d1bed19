/**
 * Catalog area moderation (MOD-*): roomParticipants, removeParticipant, muteParticipantTrack and
 * endRoom under hostile callers and input, against the OpenVidu and VideoSDK doubles and LiveKit's
 * RoomService double (which verifies each call's token). Each case uses callers and rooms of its own.
 */
import { randomBytes } from 'node:crypto';
import { expect } from '@jest/globals';
import { moderationPolicy, writePolicyFile } from '../../support/policy-files.js';
import type { TestGateway } from '../../support/start-test-gateway.js';
import { expectCode, expectOk, gql, providerCalls, type CatalogChecks, type CatalogEnv, type RawResult } from './catalog-env.js';

const PARTICIPANTS = 'query P($provider: Provider!, $roomId: String!) { roomParticipants(provider: $provider, roomId: $roomId) { id tracks { id } } }';
const REMOVE = 'mutation R($input: RemoveParticipantInput!) { removeParticipant(input: $input) { participantId } }';
const MUTE = 'mutation M($input: MuteParticipantTrackInput!) { muteParticipantTrack(input: $input) { effect } }';
const END = 'mutation E($input: EndRoomInput!) { endRoom(input: $input) { roomId } }';
const CREATE_SESSION = 'mutation S($input: CreateSessionInput) { createSession(input: $input) { id } }';
const CREATE_MEETING = 'mutation C($input: CreateMeetingInput) { createMeeting(input: $input) { meetingId } }';

type Provider = 'LIVEKIT' | 'OPENVIDU' | 'VIDEOSDK';

const unique = (label: string) => `${label}-${randomBytes(4).toString('hex')}`;
const wire = (res: RawResult) => ({ status: res.status, text: res.text });

/** A gateway with the moderation policy: `lead` moderates `team-{claim.team}-*`, `moderator` everything. */
let moderationGateway: Promise<TestGateway> | undefined;
function gateway(env: CatalogEnv): Promise<TestGateway> {
  moderationGateway ??= env.startGateway({ POLICY_FILE: writePolicyFile(moderationPolicy(), 'catalog-moderation') });
  return moderationGateway;
}

/** The four fields on one room, as `token`. */
function moderate(gw: TestGateway, token: string, provider: Provider, roomId: string, participantId: string, trackId: string) {
  return {
    participants: () => gql(gw, PARTICIPANTS, { provider, roomId }, { token }),
    remove: () => gql(gw, REMOVE, { input: { provider, roomId, participantId } }, { token }),
    mute: (muted = true) => gql(gw, MUTE, { input: { provider, roomId, participantId, trackId, muted } }, { token }),
    end: () => gql(gw, END, { input: { provider, roomId } }, { token }),
  };
}

export const moderationChecks: CatalogChecks = {
  'MOD-01': async (env) => {
    const gw = await gateway(env);
    const owner = await env.mint({ sub: unique('mod01o') });
    const stranger = await env.mint({ sub: unique('mod01s') });
    const moderator = await env.mint({ sub: unique('mod01m'), roles: ['moderator'] });

    const lkRoom = unique('lk');
    env.livekitRoomService.addParticipant(lkRoom, { identity: 'ada', tracks: [{ sid: 'TR_ada', type: 'AUDIO', source: 'MICROPHONE' }] });
    const sessionId = unique('ov');
    expectOk(await gql(gw, CREATE_SESSION, { input: { customSessionId: sessionId } }, { token: owner }));
    const connection = env.rig.openvidu.joinConnection(sessionId, { publisher: {} });
    const streamId = connection.publishers![0].streamId;
    const customMeetingId = unique('vs');
    const { meetingId } = expectOk(await gql(gw, CREATE_MEETING, { input: { customMeetingId } }, { token: owner })).createMeeting;
    env.rig.videosdk.join(meetingId, { participantId: 'ada' });

    const rooms: Array<[Provider, string, string, string]> = [
      ['LIVEKIT', lkRoom, 'ada', 'TR_ada'],
      ['OPENVIDU', sessionId, connection.id, streamId],
      ['VIDEOSDK', customMeetingId, 'ada', 'any'],
    ];
    for (const [provider, roomId, participantId, trackId] of rooms) {
      const missing = unique('gone');
      // What an unknown room gets: a moderator ending a room the provider does not have.
      const unknown = await moderate(gw, moderator, provider, missing, participantId, trackId).end();
      expectCode(unknown, 'NOT_FOUND', 404);
      const before = providerCalls(env);
      const existing = moderate(gw, stranger, provider, roomId, participantId, trackId);
      const absent = moderate(gw, stranger, provider, missing, participantId, trackId);
      expect(wire(await existing.end())).toEqual(wire(unknown));
      for (const field of ['participants', 'remove', 'mute', 'end'] as const) {
        const [a, b] = [await existing[field](), await absent[field]()];
        expect([provider, field, wire(a)]).toEqual([provider, field, wire(b)]);
        const { message, extensions } = expectCode(a, 'NOT_FOUND', 404)!;
        const expected = JSON.parse(unknown.text).errors[0];
        expect({ message, extensions }).toEqual({ message: expected.message, extensions: expected.extensions });
      }
      expect([provider, providerCalls(env)]).toEqual([provider, before]);
    }
    expect(env.livekitRoomService.rooms.get(lkRoom)!.get('ada')!.tracks[0]!.muted).toBe(false);
    expect(env.rig.openvidu.sessions.get(sessionId)!.connections.content).toHaveLength(1);
    expect(env.rig.videosdk.liveSession(meetingId)).toBeDefined();
  },

  'MOD-02': async (env) => {
    const gw = await gateway(env);
    const moderator = await env.mint({ sub: unique('mod02m'), roles: ['moderator'] });
    const [roomA, roomB] = [unique('lka'), unique('lkb')];
    env.livekitRoomService.addParticipant(roomA, { identity: 'ada' });
    env.livekitRoomService.addParticipant(roomB, { identity: 'bob', tracks: [{ sid: 'TR_bob', type: 'AUDIO', source: 'MICROPHONE' }] });
    const inA = moderate(gw, moderator, 'LIVEKIT', roomA, 'bob', 'TR_bob');
    expect(expectCode(await inA.remove(), 'NOT_FOUND', 404).extensions).toMatchObject({ resource: 'participant' });
    expect(expectCode(await inA.mute(), 'NOT_FOUND', 404).extensions).toMatchObject({ resource: 'participant' });
    const bob = env.livekitRoomService.rooms.get(roomB)!.get('bob')!;
    expect(bob.tracks[0]!.muted).toBe(false);
    expect(env.livekitRoomService.calls.map((c) => c.claims.video?.room)).toEqual(env.livekitRoomService.calls.map(() => roomA));

    const [sessionA, sessionB] = [env.rig.openvidu.addSession(unique('ova')), env.rig.openvidu.addSession(unique('ovb'))];
    const other = env.rig.openvidu.joinConnection(sessionB.id, { publisher: {} });
    const otherStream = other.publishers![0].streamId;
    const ovA = moderate(gw, moderator, 'OPENVIDU', sessionA.id, other.id, otherStream);
    expect(expectCode(await ovA.remove(), 'NOT_FOUND', 404).extensions).toMatchObject({ resource: 'participant' });
    expect(expectCode(await ovA.mute(), 'NOT_FOUND', 404).extensions).toMatchObject({ resource: 'participant' });
    expect(env.rig.openvidu.sessions.get(sessionB.id)!.connections.content[0]!.publishers).toHaveLength(1);
  },

  'MOD-03': async (env) => {
    const gw = await gateway(env);
    const lead = await env.mint({ sub: unique('mod03l'), roles: ['lead'], team: 'blue' });
    const noClaim = await env.mint({ sub: unique('mod03n'), roles: ['lead'] });
    const [own, red] = [unique('team-blue'), unique('team-red')];
    for (const room of [red, 'team-blue', own]) env.livekitRoomService.addParticipant(room, { identity: 'ada' });
    for (const [token, room] of [
      [lead, red],
      [lead, 'team-blue'],
      [noClaim, own],
    ] as const) {
      expectCode(await moderate(gw, token, 'LIVEKIT', room, 'ada', 'x').participants(), 'NOT_FOUND', 404);
      expectCode(await moderate(gw, token, 'LIVEKIT', room, 'ada', 'x').remove(), 'NOT_FOUND', 404);
    }
    expect(env.livekitRoomService.requests).toEqual([]);
    expect(expectOk(await moderate(gw, lead, 'LIVEKIT', own, 'ada', 'x').participants()).roomParticipants).toEqual([{ id: 'ada', tracks: [] }]);
  },

  'MOD-04': async (env) => {
    const gw = await gateway(env);
    const moderator = await env.mint({ sub: unique('mod04m'), roles: ['moderator'] });
    const marker = `zq${'q'.repeat(255)}`;
    for (const res of [
      await moderate(gw, moderator, 'LIVEKIT', '', 'ada', 't').participants(),
      await moderate(gw, moderator, 'LIVEKIT', 'x'.repeat(65), 'ada', 't').end(),
      await moderate(gw, moderator, 'OPENVIDU', 'a/b', 'ada', 't').remove(),
      await moderate(gw, moderator, 'LIVEKIT', 'room-1', '', 't').remove(),
      await moderate(gw, moderator, 'LIVEKIT', 'room-1', marker, 't').remove(),
      await moderate(gw, moderator, 'VIDEOSDK', 'room-1', 'ada', 'tr\u0000ack').mute(),
    ]) {
      expectCode(res, 'BAD_USER_INPUT', 400);
      expect(res.text).not.toContain(marker);
    }
    expectCode(await gql(gw, '{ roomParticipants(provider: ZOOM, roomId: "room-1") { id } }', undefined, { token: moderator }), 'GRAPHQL_VALIDATION_FAILED', 400);
    expect(providerCalls(env)).toBe(0);
  },

  'MOD-05': async (env) => {
    const gw = await gateway(env);
    const moderator = await env.mint({ sub: unique('mod05m'), roles: ['moderator'] });
    const [room, other] = [unique('lk'), unique('lk')];
    env.livekitRoomService.addParticipant(room, { identity: 'ada', tracks: [{ sid: 'TR_ada', type: 'AUDIO', source: 'MICROPHONE' }] });
    env.livekitRoomService.addParticipant(room, { identity: 'bob' });
    env.livekitRoomService.addParticipant(other, { identity: 'cy' });
    const calls = moderate(gw, moderator, 'LIVEKIT', room, 'ada', 'TR_ada');
    expectOk(await calls.participants());
    expectOk(await calls.mute());
    expectOk(await moderate(gw, moderator, 'LIVEKIT', room, 'bob', 'x').remove());
    expectOk(await calls.end());

    const seen = env.livekitRoomService.calls;
    expect(seen.map((c) => c.method)).toEqual(['ListParticipants', 'GetParticipant', 'MutePublishedTrack', 'RemoveParticipant', 'DeleteRoom']);
    for (const { method, token } of seen) {
      const claims = await env.livekit.verifier.verify(token);
      expect([method, claims.iss, claims.sub, (claims.exp ?? 0) - (claims.nbf ?? 0)]).toEqual([method, env.livekit.key, undefined, 60]);
      expect([method, claims.video]).toEqual([method, method === 'DeleteRoom' ? { roomCreate: true } : { roomAdmin: true, room }]);
    }
    // A captured participant-call token opens nothing else: not another room, not DeleteRoom.
    const listToken = seen[0]!.token;
    const replay = (method: string, body: unknown) =>
      fetch(`${env.livekitRoomService.url}/twirp/livekit.RoomService/${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${listToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await replay('ListParticipants', { room: other })).status).toBe(401);
    expect((await replay('DeleteRoom', { room: other })).status).toBe(401);
    expect(env.livekitRoomService.rooms.has(other)).toBe(true);
  },

  'MOD-06': async (env) => {
    const gw = await gateway(env);
    const owner = await env.mint({ sub: unique('mod06o') });
    const customMeetingId = unique('vs');
    const { meetingId } = expectOk(await gql(gw, CREATE_MEETING, { input: { customMeetingId } }, { token: owner })).createMeeting;
    env.rig.videosdk.join(meetingId, { participantId: 'ada' });
    const sessionId = unique('ov');
    expectOk(await gql(gw, CREATE_SESSION, { input: { customSessionId: sessionId } }, { token: owner }));
    const connection = env.rig.openvidu.joinConnection(sessionId, { publisher: {} });
    const streamId = connection.publishers![0].streamId;
    const before = providerCalls(env);
    const videosdk = await moderate(gw, owner, 'VIDEOSDK', customMeetingId, 'ada', 'any').mute();
    expect(expectCode(videosdk, 'NOT_SUPPORTED', 501).extensions).toEqual({ code: 'NOT_SUPPORTED', provider: 'videosdk', operation: 'muteParticipantTrack' });
    const openvidu = await moderate(gw, owner, 'OPENVIDU', sessionId, connection.id, streamId).mute(false);
    expect(expectCode(openvidu, 'NOT_SUPPORTED', 501).extensions).toEqual({ code: 'NOT_SUPPORTED', provider: 'openvidu', operation: 'muteParticipantTrack' });
    expect(providerCalls(env)).toBe(before);
  },
};
