/**
 * Room moderation through the gateway, over real HTTP, against the provider doubles (LiveKit's
 * RoomService double checks the JWT of every call with livekit-server-sdk's TokenVerifier; the
 * OpenVidu double has the session and connection routes; the VideoSDK double the sessions API):
 * roomParticipants, removeParticipant, muteParticipantTrack and endRoom for each provider; who may
 * (the room's owner, roles with the policy's `moderate` permission) and what everyone else gets (the
 * unknown-room NOT_FOUND, byte for byte, with no provider call); unknown rooms and participants;
 * provider faults; the rate-limit charge; the audit line; NOT_SUPPORTED where a provider has no call.
 *
 * Policy (`moderationPolicy`): every caller is a `participant` (joins and creates anything, moderates
 * nothing); `lead` moderates `team-{claim.team}-*`; `moderator` moderates every room.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { ClaimGrants } from 'livekit-server-sdk';
import {
  CreateMeetingDocument,
  CreateSessionDocument,
  EndRoomDocument,
  MuteParticipantTrackDocument,
  RemoveParticipantDocument,
  RoomParticipantsDocument,
  type Provider,
} from '../../client/generated/graphql.js';
import { mintHs256CallerToken } from '../support/caller-tokens.js';
import { startLivekitRoomServiceDouble, type LivekitRoomServiceDouble } from '../support/doubles/livekit-room-service-double.js';
import { execute, expectData, expectErrorCode, seenResponses, type GraphQLResponse } from '../support/graphql-client.js';
import { moderationPolicy, writePolicyFile } from '../support/policy-files.js';
import { startProviderRig, type ProviderRig } from '../support/provider-rig.js';
import { startTestGateway, TEST_AUTH_SECRET, type TestGateway } from '../support/start-test-gateway.js';

const LIVEKIT_KEY = 'lk-moderation-e2e';
const LIVEKIT_SECRET = `lk-moderation-e2e-secret-${Math.random().toString(36).slice(2)}-0123456789`;
// Long enough that a burst of 503s with its retries ends well inside it on a loaded machine; hangs wait it out.
const DEADLINE_MS = 2000;

/** The answer as the client sees it: HTTP status and body text. */
const wire = (res: GraphQLResponse<unknown>) => ({ status: res.status, text: res.text });

describe('room moderation through the gateway', () => {
  let rig: ProviderRig;
  let livekit: LivekitRoomServiceDouble;
  let gw: TestGateway;
  const tokens: Record<string, string> = {};
  const as = (name: string) => ({ token: tokens[name] });

  const participants = (caller: string, provider: Provider, roomId: string) =>
    execute(gw.graphqlUrl, RoomParticipantsDocument, { provider, roomId }, as(caller));
  const remove = (caller: string, provider: Provider, roomId: string, participantId: string) =>
    execute(gw.graphqlUrl, RemoveParticipantDocument, { input: { provider, roomId, participantId } }, as(caller));
  const mute = (caller: string, provider: Provider, roomId: string, participantId: string, trackId: string, muted = true) =>
    execute(gw.graphqlUrl, MuteParticipantTrackDocument, { input: { provider, roomId, participantId, trackId, muted } }, as(caller));
  const end = (caller: string, provider: Provider, roomId: string) => execute(gw.graphqlUrl, EndRoomDocument, { input: { provider, roomId } }, as(caller));

  /** The moderation audit lines written since the last reset, as `audit` objects. */
  let auditFrom = 0;
  const audits = () =>
    gw
      .logRecords()
      .slice(auditFrom)
      .filter((r) => r.msg === 'audit' && String((r.audit as { event: string }).event).startsWith('moderation.'))
      .map((r) => r.audit as Record<string, unknown>);

  /** Every request any provider double received. */
  const providerRequests = () => rig.openvidu.requests.length + rig.videosdk.requests.length + livekit.requests.length;

  beforeAll(async () => {
    rig = await startProviderRig();
    livekit = await startLivekitRoomServiceDouble({ apiKey: LIVEKIT_KEY, apiSecret: LIVEKIT_SECRET });
    gw = await startTestGateway({
      ...rig.env,
      // Clients connect over ws://; the server API is derived from it (ws -> http).
      LIVEKIT_URL: livekit.url.replace(/^http:/, 'ws:'),
      LIVEKIT_API_KEY: LIVEKIT_KEY,
      LIVEKIT_API_SECRET: LIVEKIT_SECRET,
      LIVEKIT_TIMEOUT_MS: String(DEADLINE_MS),
      OPENVIDU_TIMEOUT_MS: String(DEADLINE_MS),
      VIDEOSDK_TIMEOUT_MS: String(DEADLINE_MS),
      PROVIDER_RETRY_BASE_DELAY_MS: '5',
      // Faults in one test must not open a circuit for the next.
      PROVIDER_BREAKER_THRESHOLD: '1000',
      POLICY_FILE: writePolicyFile(moderationPolicy(), 'moderation'),
    });
    for (const [name, claims] of Object.entries({
      olive: { roles: [] },
      lena: { roles: ['lead'], team: 'blue' },
      mo: { roles: ['moderator'] },
      mallory: { roles: [] },
    })) {
      tokens[name] = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: name, ...claims });
    }
  });
  afterEach(() => {
    rig.reset();
    livekit.reset();
    auditFrom = gw.logs.length;
  });
  afterAll(async () => {
    await gw.close();
    await livekit.close();
    await rig.close();
  });

  describe('LiveKit (RoomService, no owners: the moderate permission alone)', () => {
    /** The claims of the one verified call of this method. */
    const onlyCall = (method: string): ClaimGrants => {
      const calls = livekit.calls.filter((c) => c.method === method);
      expect(calls).toHaveLength(1);
      return calls[0]!.claims;
    };

    it('lists participants for a role with the moderate permission, with a token for that room only', async () => {
      livekit.addParticipant('team-blue-1', {
        identity: 'ada',
        name: 'Ada',
        tracks: [
          { sid: 'TR_mic', type: 'AUDIO', source: 'MICROPHONE' },
          { sid: 'TR_cam', type: 'VIDEO', source: 'CAMERA', muted: true },
        ],
      });
      const { roomParticipants } = expectData(await participants('lena', 'LIVEKIT', 'team-blue-1'));
      expect(roomParticipants).toEqual([
        {
          id: 'ada',
          name: 'Ada',
          joinedAt: expect.any(String),
          role: null,
          tracks: [
            { id: 'TR_mic', kind: 'AUDIO', source: 'MICROPHONE', muted: false },
            { id: 'TR_cam', kind: 'VIDEO', source: 'CAMERA', muted: true },
          ],
        },
      ]);
      const claims = onlyCall('ListParticipants');
      expect(claims.video).toEqual({ roomAdmin: true, room: 'team-blue-1' });
      expect(claims.iss).toBe(LIVEKIT_KEY);
      expect(claims.sub).toBeUndefined();
      expect((claims.exp ?? 0) - (claims.nbf ?? 0)).toBe(60);
      expect(audits()).toEqual([
        expect.objectContaining({ event: 'moderation.participants_listed', provider: 'livekit', room: 'team-blue-1', right: 'moderate', participants: 1, callerId: 'lena' }),
      ]);
    });

    it('lists nobody in a room that is not live (LiveKit cannot tell it from an empty one)', async () => {
      expect(expectData(await participants('mo', 'LIVEKIT', 'quiet-room')).roomParticipants).toEqual([]);
    });

    it('removes a participant; a repeat, or an identity from another room, is NOT_FOUND participant', async () => {
      livekit.addParticipant('team-blue-1', { identity: 'ada' });
      livekit.addParticipant('team-red-1', { identity: 'bob' });
      expect(expectData(await remove('mo', 'LIVEKIT', 'team-blue-1', 'ada')).removeParticipant).toEqual({
        provider: 'LIVEKIT',
        roomId: 'team-blue-1',
        participantId: 'ada',
      });
      expect(livekit.rooms.get('team-blue-1')!.has('ada')).toBe(false);
      expect(onlyCall('RemoveParticipant').video).toEqual({ roomAdmin: true, room: 'team-blue-1' });
      expect(audits()).toEqual([
        expect.objectContaining({ event: 'moderation.participant_removed', provider: 'livekit', room: 'team-blue-1', participantId: 'ada', right: 'moderate', callerId: 'mo' }),
      ]);

      const again = await remove('mo', 'LIVEKIT', 'team-blue-1', 'ada');
      expect(expectErrorCode(again, 'NOT_FOUND')!.extensions).toMatchObject({ resource: 'participant' });
      expect(again.status).toBe(404);
      // Bob is in another room: the token names team-blue-1 only, and LiveKit finds no bob there.
      expect(expectErrorCode(await remove('mo', 'LIVEKIT', 'team-blue-1', 'bob'), 'NOT_FOUND')!.extensions).toMatchObject({ resource: 'participant' });
      expect(livekit.rooms.get('team-red-1')!.has('bob')).toBe(true);
    });

    it('mutes a track (MUTED, the track as LiveKit reports it); unmuting is BAD_USER_INPUT unless the server allows it', async () => {
      livekit.addParticipant('team-blue-1', { identity: 'ada', tracks: [{ sid: 'TR_mic', type: 'AUDIO', source: 'MICROPHONE' }] });
      expect(expectData(await mute('lena', 'LIVEKIT', 'team-blue-1', 'ada', 'TR_mic')).muteParticipantTrack).toEqual({
        provider: 'LIVEKIT',
        roomId: 'team-blue-1',
        participantId: 'ada',
        trackId: 'TR_mic',
        muted: true,
        effect: 'MUTED',
        track: { id: 'TR_mic', kind: 'AUDIO', source: 'MICROPHONE', muted: true },
      });
      expect(onlyCall('MutePublishedTrack').video).toEqual({ roomAdmin: true, room: 'team-blue-1' });
      expect(audits()).toEqual([
        expect.objectContaining({ event: 'moderation.track_muted', room: 'team-blue-1', participantId: 'ada', trackId: 'TR_mic', muted: true, effect: 'muted' }),
      ]);

      const unmute = await mute('lena', 'LIVEKIT', 'team-blue-1', 'ada', 'TR_mic', false);
      expect(expectErrorCode(unmute, 'BAD_USER_INPUT')!.extensions).toMatchObject({ field: 'muted' });
      livekit.remoteUnmute = true;
      expect(expectData(await mute('lena', 'LIVEKIT', 'team-blue-1', 'ada', 'TR_mic', false)).muteParticipantTrack).toMatchObject({
        effect: 'UNMUTED',
        track: { muted: false },
      });
      // An unknown track of a present participant: NOT_FOUND track (LiveKit itself answers 200 with no track).
      expect(expectErrorCode(await mute('lena', 'LIVEKIT', 'team-blue-1', 'ada', 'TR_nope'), 'NOT_FOUND')!.extensions).toMatchObject({ resource: 'track' });
    });

    it('ends the room with a token that carries roomCreate and nothing else; a repeat is the unknown-room NOT_FOUND', async () => {
      livekit.addParticipant('team-blue-1', { identity: 'ada' });
      const { endRoom } = expectData(await end('mo', 'LIVEKIT', 'team-blue-1'));
      expect(endRoom).toEqual({ provider: 'LIVEKIT', roomId: 'team-blue-1', endedAt: expect.any(String) });
      expect(livekit.rooms.has('team-blue-1')).toBe(false);
      expect(onlyCall('DeleteRoom').video).toEqual({ roomCreate: true });
      expect(audits()).toEqual([expect.objectContaining({ event: 'moderation.room_ended', provider: 'livekit', room: 'team-blue-1', right: 'moderate' })]);
      const again = await end('mo', 'LIVEKIT', 'team-blue-1');
      expect(expectErrorCode(again, 'NOT_FOUND')!.extensions).toEqual({ code: 'NOT_FOUND', resource: 'room' });
    });

    it('answers everyone else (no permission, or a pattern for other rooms) exactly as an unknown room, and calls nobody', async () => {
      livekit.addParticipant('team-red-1', { identity: 'bob', tracks: [{ sid: 'TR_mic', type: 'AUDIO', source: 'MICROPHONE' }] });
      // The answer an unknown room gets: endRoom of a room LiveKit does not have.
      const unknown = wire(await end('mo', 'LIVEKIT', 'team-red-1-gone'));
      livekit.reset();
      livekit.addParticipant('team-red-1', { identity: 'bob', tracks: [{ sid: 'TR_mic', type: 'AUDIO', source: 'MICROPHONE' }] });
      for (const caller of ['mallory', 'olive', 'lena']) {
        expect(wire(await end(caller, 'LIVEKIT', 'team-red-1'))).toEqual(unknown);
        expect(wire(await end(caller, 'LIVEKIT', 'team-red-1-gone'))).toEqual(unknown);
        for (const res of [
          await participants(caller, 'LIVEKIT', 'team-red-1'),
          await remove(caller, 'LIVEKIT', 'team-red-1', 'bob'),
          await mute(caller, 'LIVEKIT', 'team-red-1', 'bob', 'TR_mic'),
        ]) {
          expect(res.status).toBe(404);
          expect(res.body.errors).toEqual([expect.objectContaining({ message: JSON.parse(unknown.text).errors[0].message, extensions: { code: 'NOT_FOUND', resource: 'room' } })]);
        }
      }
      expect(livekit.requests).toEqual([]);
      expect(livekit.rooms.get('team-red-1')!.has('bob')).toBe(true);
      expect(audits()).toEqual([]);
    });

    it('maps LiveKit failures onto the closed codes: 5xx PROVIDER_ERROR (reads retried, actions not), a hang PROVIDER_TIMEOUT', async () => {
      livekit.addParticipant('team-blue-1', { identity: 'ada' });
      livekit.injectAlways({ kind: 'status', status: 503, body: { code: 'unavailable', msg: 'down' } });
      const read = await participants('mo', 'LIVEKIT', 'team-blue-1');
      expect(expectErrorCode(read, 'PROVIDER_ERROR')!.extensions).toEqual({ code: 'PROVIDER_ERROR', provider: 'livekit' });
      expect(read.status).toBe(503);
      expect(livekit.findRequests('POST', /ListParticipants$/).length).toBeGreaterThan(1);
      expectErrorCode(await remove('mo', 'LIVEKIT', 'team-blue-1', 'ada'), 'PROVIDER_ERROR');
      expect(livekit.findRequests('POST', /RemoveParticipant$/)).toHaveLength(1);
      livekit.clearFaults();

      livekit.inject({ kind: 'hang' });
      const hung = await end('mo', 'LIVEKIT', 'team-blue-1');
      expect(expectErrorCode(hung, 'PROVIDER_TIMEOUT')!.extensions).toEqual({ code: 'PROVIDER_TIMEOUT', provider: 'livekit' });
      expect(hung.status).toBe(503);
      expect(audits()).toEqual([]);
    });
  });

  describe('OpenVidu (sessions and connections)', () => {
    /** A session olive owns (created through the gateway), with one publishing connection. */
    async function ownedSession(id: string) {
      expectData(await execute(gw.graphqlUrl, CreateSessionDocument, { input: { customSessionId: id } }, as('olive')));
      const connection = rig.openvidu.joinConnection(id, {
        role: 'PUBLISHER',
        serverData: JSON.stringify({ userId: 'ada', name: 'Ada' }),
        publisher: { typeOfVideo: 'CAMERA' },
      });
      const streamId = connection.publishers![0].streamId;
      return { connectionId: connection.id, streamId };
    }

    it('lists the connections for the owner and for a lead of the team, with role and the stream as tracks', async () => {
      const { connectionId, streamId } = await ownedSession('team-blue-ov0');
      const expected = [
        {
          id: connectionId,
          name: 'Ada',
          joinedAt: expect.any(String),
          role: 'PUBLISHER',
          tracks: [
            { id: streamId, kind: 'AUDIO', source: 'MICROPHONE', muted: false },
            { id: streamId, kind: 'VIDEO', source: 'CAMERA', muted: false },
          ],
        },
      ];
      expect(expectData(await participants('olive', 'OPENVIDU', 'team-blue-ov0')).roomParticipants).toEqual(expected);
      expect(expectData(await participants('lena', 'OPENVIDU', 'team-blue-ov0')).roomParticipants).toEqual(expected);
      expect(audits().map((a) => [a.callerId, a.right])).toEqual([
        ['olive', 'owner'],
        ['lena', 'moderate'],
      ]);
    });

    it('mutes by force-unpublishing the stream (UNPUBLISHED, no track left); unmuting is NOT_SUPPORTED and reaches no provider', async () => {
      const { connectionId, streamId } = await ownedSession('team-blue-ov1');
      expect(expectData(await mute('olive', 'OPENVIDU', 'team-blue-ov1', connectionId, streamId)).muteParticipantTrack).toEqual({
        provider: 'OPENVIDU',
        roomId: 'team-blue-ov1',
        participantId: connectionId,
        trackId: streamId,
        muted: true,
        effect: 'UNPUBLISHED',
        track: null,
      });
      expect(rig.openvidu.findRequests('DELETE', `/openvidu/api/sessions/team-blue-ov1/stream/${streamId}`)).toHaveLength(1);
      expect(rig.openvidu.sessions.get('team-blue-ov1')!.connections.content[0]!.publishers).toEqual([]);

      const before = rig.openvidu.requests.length;
      const unmute = await mute('olive', 'OPENVIDU', 'team-blue-ov1', connectionId, streamId, false);
      expect(expectErrorCode(unmute, 'NOT_SUPPORTED')!.extensions).toEqual({ code: 'NOT_SUPPORTED', provider: 'openvidu', operation: 'muteParticipantTrack' });
      expect(unmute.status).toBe(501);
      expect(rig.openvidu.requests.length).toBe(before);
      // A stream of nobody in the session, and a connection that is not there: NOT_FOUND, nothing unpublished.
      expect(expectErrorCode(await mute('olive', 'OPENVIDU', 'team-blue-ov1', connectionId, 'str_CAM_none'), 'NOT_FOUND')!.extensions).toMatchObject({ resource: 'track' });
      expect(expectErrorCode(await mute('olive', 'OPENVIDU', 'team-blue-ov1', 'con_Nobody', streamId), 'NOT_FOUND')!.extensions).toMatchObject({ resource: 'participant' });
    });

    it('removes a connection and ends the session; repeats are NOT_FOUND', async () => {
      const { connectionId } = await ownedSession('team-blue-ov2');
      expect(expectData(await remove('lena', 'OPENVIDU', 'team-blue-ov2', connectionId)).removeParticipant).toEqual({
        provider: 'OPENVIDU',
        roomId: 'team-blue-ov2',
        participantId: connectionId,
      });
      expect(rig.openvidu.sessions.get('team-blue-ov2')!.connections.content).toEqual([]);
      expect(expectErrorCode(await remove('lena', 'OPENVIDU', 'team-blue-ov2', connectionId), 'NOT_FOUND')!.extensions).toMatchObject({ resource: 'participant' });

      expect(expectData(await end('olive', 'OPENVIDU', 'team-blue-ov2')).endRoom).toMatchObject({ provider: 'OPENVIDU', roomId: 'team-blue-ov2' });
      expect(rig.openvidu.sessions.has('team-blue-ov2')).toBe(false);
      expect(expectErrorCode(await end('olive', 'OPENVIDU', 'team-blue-ov2'), 'NOT_FOUND')!.extensions).toEqual({ code: 'NOT_FOUND', resource: 'session' });
      expect(audits().map((a) => a.event)).toEqual(['moderation.participant_removed', 'moderation.room_ended']);
    });

    it('answers a stranger, and a lead of another team, exactly as an unknown session, without calling OpenVidu', async () => {
      const { connectionId, streamId } = await ownedSession('olive-private');
      const unknownEnd = wire(await end('mo', 'OPENVIDU', 'no-such-session'));
      const unknownRemove = wire(await remove('mo', 'OPENVIDU', 'no-such-session', connectionId));
      expect(unknownRemove.status).toBe(404);
      rig.openvidu.reset();
      rig.openvidu.addSession('olive-private');
      for (const caller of ['mallory', 'lena']) {
        expect(wire(await end(caller, 'OPENVIDU', 'olive-private'))).toEqual(unknownEnd);
        expect(wire(await remove(caller, 'OPENVIDU', 'olive-private', connectionId))).toEqual(unknownRemove);
        expectErrorCode(await participants(caller, 'OPENVIDU', 'olive-private'), 'NOT_FOUND');
        expectErrorCode(await mute(caller, 'OPENVIDU', 'olive-private', connectionId, streamId), 'NOT_FOUND');
      }
      expect(rig.openvidu.requests).toEqual([]);
      expect(audits()).toEqual([]);
    });

    it('maps OpenVidu failures: 5xx PROVIDER_ERROR (the read retried, the close not), a hang PROVIDER_TIMEOUT', async () => {
      await ownedSession('team-blue-ov4');
      rig.openvidu.injectAlways({ kind: 'status', status: 500, text: 'boom' });
      expectErrorCode(await participants('olive', 'OPENVIDU', 'team-blue-ov4'), 'PROVIDER_ERROR');
      expect(rig.openvidu.findRequests('GET', '/openvidu/api/sessions/team-blue-ov4').length).toBeGreaterThan(1);
      expectErrorCode(await end('olive', 'OPENVIDU', 'team-blue-ov4'), 'PROVIDER_ERROR');
      expect(rig.openvidu.findRequests('DELETE', '/openvidu/api/sessions/team-blue-ov4')).toHaveLength(1);
      rig.openvidu.clearFaults();
      rig.openvidu.inject({ kind: 'hang' });
      expect(expectErrorCode(await end('olive', 'OPENVIDU', 'team-blue-ov4'), 'PROVIDER_TIMEOUT')!.extensions).toEqual({ code: 'PROVIDER_TIMEOUT', provider: 'openvidu' });
    });
  });

  describe('VideoSDK (the live session of a meeting)', () => {
    /**
     * A meeting olive owns under a custom id, with Ada and Bob connected. The gateway's records outlive
     * the double's reset, so each test uses ids of its own.
     */
    async function ownedMeeting(customMeetingId: string) {
      const { createMeeting } = expectData(await execute(gw.graphqlUrl, CreateMeetingDocument, { input: { customMeetingId } }, as('olive')));
      rig.videosdk.join(createMeeting.meetingId, { participantId: 'ada', name: 'Ada' });
      rig.videosdk.join(createMeeting.meetingId, { participantId: 'bob', name: 'Bob' });
      return createMeeting.meetingId;
    }

    it('lists the participants by the custom id, resolved to the meetingId, for the owner and a lead of the team', async () => {
      const meetingId = await ownedMeeting('team-blue-vs0');
      for (const caller of ['olive', 'lena']) {
        const { roomParticipants } = expectData(await participants(caller, 'VIDEOSDK', 'team-blue-vs0'));
        expect(roomParticipants.map((p) => [p.id, p.name, p.role, p.tracks])).toEqual([
          ['ada', 'Ada', null, []],
          ['bob', 'Bob', null, []],
        ]);
      }
      expect(audits().map((a) => [a.callerId, a.room, a.right])).toEqual([
        ['olive', meetingId, 'owner'],
        ['lena', meetingId, 'moderate'],
      ]);
    });

    it('removes a participant and ends the session; mute is NOT_SUPPORTED and reaches no provider', async () => {
      const meetingId = await ownedMeeting('team-blue-vs1');
      expect(expectData(await remove('olive', 'VIDEOSDK', 'team-blue-vs1', 'bob')).removeParticipant).toEqual({
        provider: 'VIDEOSDK',
        roomId: meetingId,
        participantId: 'bob',
      });
      expect(rig.videosdk.findRequests('POST', '/v2/sessions/participants/remove')).toHaveLength(1);
      expect(expectErrorCode(await remove('olive', 'VIDEOSDK', 'team-blue-vs1', 'bob'), 'NOT_FOUND')!.extensions).toMatchObject({ resource: 'participant' });

      const before = rig.videosdk.requests.length;
      const muted = await mute('olive', 'VIDEOSDK', 'team-blue-vs1', 'ada', 'any-track');
      expect(expectErrorCode(muted, 'NOT_SUPPORTED')!.extensions).toEqual({ code: 'NOT_SUPPORTED', provider: 'videosdk', operation: 'muteParticipantTrack' });
      expect(muted.status).toBe(501);
      expect(rig.videosdk.requests.length).toBe(before);

      expect(expectData(await end('lena', 'VIDEOSDK', 'team-blue-vs1')).endRoom).toMatchObject({ provider: 'VIDEOSDK', roomId: meetingId });
      expect(rig.videosdk.liveSession(meetingId)).toBeUndefined();
      // A meeting without a live session is already ended.
      expectData(await end('lena', 'VIDEOSDK', 'team-blue-vs1'));
      expect(expectData(await participants('olive', 'VIDEOSDK', 'team-blue-vs1')).roomParticipants).toEqual([]);
      expect(audits().map((a) => a.event)).toEqual([
        'moderation.participant_removed',
        'moderation.room_ended',
        'moderation.room_ended',
        'moderation.participants_listed',
      ]);
    });

    it('answers a stranger exactly as an unknown meeting, and asks VideoSDK nothing on their behalf', async () => {
      await ownedMeeting('olive-meeting');
      const unknown = wire(await end('mo', 'VIDEOSDK', 'no-such-meeting'));
      expect(unknown.status).toBe(404);
      rig.videosdk.requests.length = 0;
      for (const caller of ['mallory', 'lena']) {
        expect(wire(await end(caller, 'VIDEOSDK', 'olive-meeting'))).toEqual(unknown);
        expect(wire(await end(caller, 'VIDEOSDK', 'no-such-meeting'))).toEqual(unknown);
        expectErrorCode(await participants(caller, 'VIDEOSDK', 'olive-meeting'), 'NOT_FOUND');
        expectErrorCode(await remove(caller, 'VIDEOSDK', 'olive-meeting', 'ada'), 'NOT_FOUND');
        expectErrorCode(await mute(caller, 'VIDEOSDK', 'olive-meeting', 'ada', 't'), 'NOT_FOUND');
      }
      // lena's pattern matches nothing here and mallory has none: the provider is never asked.
      expect(rig.videosdk.requests).toEqual([]);
      expect(rig.videosdk.liveSession('olive-meeting')).toBeDefined();
    });

    it('maps VideoSDK failures: 5xx PROVIDER_ERROR, a hang PROVIDER_TIMEOUT', async () => {
      await ownedMeeting('team-blue-vs3');
      rig.videosdk.injectAlways({ kind: 'status', status: 502, text: 'bad gateway' });
      expect(expectErrorCode(await participants('olive', 'VIDEOSDK', 'team-blue-vs3'), 'PROVIDER_ERROR')!.extensions).toEqual({ code: 'PROVIDER_ERROR', provider: 'videosdk' });
      rig.videosdk.clearFaults();
      rig.videosdk.inject({ kind: 'hang' });
      expectErrorCode(await end('olive', 'VIDEOSDK', 'team-blue-vs3'), 'PROVIDER_TIMEOUT');
    });
  });

  it('refuses bad input before any check or provider call: ids out of shape, an empty or oversized participant id', async () => {
    const before = providerRequests();
    const long = 'x'.repeat(257);
    for (const res of [
      await participants('mo', 'LIVEKIT', '') as GraphQLResponse<unknown>,
      await participants('mo', 'LIVEKIT', 'a/b'),
      await remove('mo', 'OPENVIDU', 'x'.repeat(65), 'con_A'),
      await remove('mo', 'LIVEKIT', 'room-1', ''),
      await remove('mo', 'LIVEKIT', 'room-1', long),
      await mute('mo', 'LIVEKIT', 'room-1', 'ada', 'TR\u0000x'),
      await end('mo', 'VIDEOSDK', 'bad id'),
    ]) {
      expectErrorCode(res, 'BAD_USER_INPUT');
      expect(res.status).toBe(400);
    }
    expect(providerRequests()).toBe(before);
    expect(seenResponses.join('\n')).not.toContain(LIVEKIT_SECRET);
  });
});

describe('moderation and the rate-limit budgets', () => {
  let livekit: LivekitRoomServiceDouble;
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    livekit = await startLivekitRoomServiceDouble({ apiKey: LIVEKIT_KEY, apiSecret: LIVEKIT_SECRET });
    gw = await startTestGateway(
      {
        LIVEKIT_URL: livekit.url,
        LIVEKIT_API_KEY: LIVEKIT_KEY,
        LIVEKIT_API_SECRET: LIVEKIT_SECRET,
        POLICY_FILE: writePolicyFile(moderationPolicy(5), 'moderation-budget'),
      },
      undefined,
      { listen: false },
    );
    token = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'mo', roles: ['moderator'] });
  });
  afterAll(async () => {
    await gw.close();
    await livekit.close();
  });

  it('charges a read one point and an action two, before anything runs; past the budget nothing reaches LiveKit', async () => {
    livekit.addParticipant('room-1', { identity: 'ada' });
    livekit.addParticipant('room-1', { identity: 'bob' });
    // 1 + 2 + 2 = 5 points: the whole budget.
    expectData(await execute(gw, RoomParticipantsDocument, { provider: 'LIVEKIT', roomId: 'room-1' }, { token }));
    expectData(await execute(gw, RemoveParticipantDocument, { input: { provider: 'LIVEKIT', roomId: 'room-1', participantId: 'ada' } }, { token }));
    expectData(await execute(gw, RemoveParticipantDocument, { input: { provider: 'LIVEKIT', roomId: 'room-1', participantId: 'bob' } }, { token }));
    const calls = livekit.requests.length;
    const refused = await execute(gw, EndRoomDocument, { input: { provider: 'LIVEKIT', roomId: 'room-1' } }, { token });
    expect(expectErrorCode(refused, 'RATE_LIMITED')!.extensions).toMatchObject({ limit: 'caller' });
    expect(refused.status).toBe(429);
    expectErrorCode(await execute(gw, RoomParticipantsDocument, { provider: 'LIVEKIT', roomId: 'room-1' }, { token }), 'RATE_LIMITED');
    expect(livekit.requests.length).toBe(calls);
    expect(livekit.rooms.has('room-1')).toBe(true);
  });
});
