/**
 * The moderation flow on a memory room store with in-memory provider clients (no sockets; the wire
 * side is covered by the e2e tests against the doubles): authorization comes first (a stranger's
 * NOT_FOUND even where the provider could not do the thing at all), NOT_SUPPORTED before any provider
 * call, the audit line only once the provider has done it, and a VideoSDK custom id resolved to the
 * meetingId the calls name.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import type { AuditEvent } from '../../../src/audit/audit-log.js';
import type { AuthenticatedUser } from '../../../src/auth/authenticated-user.js';
import type { ProviderScope } from '../../../src/credentials/request-scope.js';
import { RoomModeration } from '../../../src/credentials/room-moderation.js';
import { ProviderError } from '../../../src/errors/gateway-errors.js';
import { Policy } from '../../../src/policy/policy.js';
import type { LivekitRoomService } from '../../../src/providers/livekit/livekit.room-service.js';
import type { OpenViduDataSource } from '../../../src/providers/openvidu/openvidu.data-source.js';
import type { VideoSdkDataSource } from '../../../src/providers/videosdk/videosdk.data-source.js';
import { MemoryRoomStore } from '../../../src/rooms/memory-room-store.js';
import { RoomAccessService } from '../../../src/rooms/room-access.service.js';
import { moderationPolicy } from '../../support/policy-files.js';

const NOW = 1_700_000_000_000;
const user = (id: string, roles: string[] = []): AuthenticatedUser => ({ id, name: null, roles, expiresAt: 0, claims: {} });
const error = (promise: Promise<unknown>) => promise.then(() => null, (e: { extensions: Record<string, unknown> }) => ({ ...e.extensions }));

function setup() {
  const store = new MemoryRoomStore(() => NOW);
  const rooms = new RoomAccessService(new Policy(moderationPolicy()), store, () => NOW);
  const calls: string[] = [];
  const audits: AuditEvent[] = [];
  let failNext = false;
  const call = (name: string) => async () => {
    calls.push(name);
    if (failNext) throw new ProviderError('livekit');
  };
  const participant = { id: 'ada', name: 'Ada', joinedAt: null, role: null, tracks: [{ id: 'TR_1', kind: 'audio', source: 'microphone', muted: false }] };
  const livekit = {
    listParticipants: async (room: string) => (calls.push(`lk.list ${room}`), [participant]),
    removeParticipant: call('lk.remove'),
    muteTrack: async () => (calls.push('lk.mute'), { ...participant.tracks[0], muted: true }),
    deleteRoom: call('lk.delete'),
  };
  const openvidu = {
    listParticipants: async () => (calls.push('ov.list'), [participant]),
    forceDisconnect: call('ov.disconnect'),
    forceUnpublish: call('ov.unpublish'),
    closeSession: call('ov.close'),
  };
  const videosdk = {
    validateMeeting: async (id: string) => {
      calls.push(`vs.validate ${id}`);
      return id === 'team-x' ? { meetingId: 'abcd-efgh-ijkl', valid: true, disabled: false, meeting: { meetingId: 'abcd-efgh-ijkl', customMeetingId: 'team-x', disabled: false } } : { meetingId: id, valid: false, disabled: false, meeting: null };
    },
    listParticipants: async (id: string) => (calls.push(`vs.list ${id}`), []),
    removeParticipant: call('vs.remove'),
    endSession: call('vs.end'),
  };
  const scope: ProviderScope = {
    audit: (event) => void audits.push(event),
    openvidu: () => openvidu as unknown as OpenViduDataSource,
    videosdk: () => videosdk as unknown as VideoSdkDataSource,
    livekitRoomService: () => livekit as unknown as LivekitRoomService,
  };
  return { store, rooms, calls, audits, scope, moderation: new RoomModeration(rooms), fail: () => void (failNext = true) };
}

let env: ReturnType<typeof setup>;
afterEach(() => env.store.close());

describe('RoomModeration', () => {
  it('authorizes before anything else: a stranger gets NOT_FOUND even for a mute no provider supports, and nothing is called', async () => {
    env = setup();
    await env.rooms.claim(user('olive'), 'videosdk', { roomId: 'wxyz-0000-abcd', customId: 'olive-room' });
    const muteRequest = { provider: 'videosdk' as const, roomId: 'olive-room', participantId: 'ada', trackId: 't', muted: true };
    expect(await error(env.moderation.muteTrack(user('mallory'), muteRequest, env.scope))).toEqual({ code: 'NOT_FOUND', resource: 'meeting' });
    expect(await error(env.moderation.muteTrack(user('olive'), muteRequest, env.scope))).toEqual({ code: 'NOT_SUPPORTED', provider: 'videosdk', operation: 'muteParticipantTrack' });
    const unmute = { provider: 'openvidu' as const, roomId: 'any', participantId: 'ada', trackId: 'TR_1', muted: false };
    expect(await error(env.moderation.muteTrack(user('mo', ['moderator']), unmute, env.scope))).toMatchObject({ code: 'NOT_SUPPORTED', provider: 'openvidu' });
    expect(env.calls).toEqual([]);
    expect(env.audits).toEqual([]);
  });

  it('writes the audit line only after the provider did it', async () => {
    env = setup();
    const mo = user('mo', ['moderator']);
    env.fail();
    expect(await error(env.moderation.endRoom(mo, { provider: 'livekit', roomId: 'r1' }, env.scope))).toMatchObject({ code: 'PROVIDER_ERROR' });
    expect(env.audits).toEqual([]);
    env = setup();
    await env.moderation.endRoom(mo, { provider: 'livekit', roomId: 'r1' }, env.scope);
    await env.moderation.removeParticipant(mo, { provider: 'livekit', roomId: 'r1', participantId: 'ada' }, env.scope);
    expect(env.audits).toEqual([
      { event: 'moderation.room_ended', provider: 'livekit', room: 'r1', right: 'moderate' },
      { event: 'moderation.participant_removed', provider: 'livekit', room: 'r1', right: 'moderate', participantId: 'ada' },
    ]);
  });

  it('unpublishes an OpenVidu stream only when the named participant publishes it', async () => {
    env = setup();
    const olive = user('olive');
    await env.rooms.claim(olive, 'openvidu', { roomId: 'olive-ov', customId: null });
    const request = { provider: 'openvidu' as const, roomId: 'olive-ov', participantId: 'ada', trackId: 'TR_1', muted: true };
    await expect(env.moderation.muteTrack(olive, request, env.scope)).resolves.toMatchObject({ effect: 'unpublished', track: null });
    expect(await error(env.moderation.muteTrack(olive, { ...request, participantId: 'bob' }, env.scope))).toMatchObject({ resource: 'participant' });
    expect(await error(env.moderation.muteTrack(olive, { ...request, trackId: 'TR_2' }, env.scope))).toMatchObject({ resource: 'track' });
    expect(env.calls).toEqual(['ov.list', 'ov.unpublish', 'ov.list', 'ov.list']);
    expect(env.audits).toEqual([expect.objectContaining({ event: 'moderation.track_muted', right: 'owner', effect: 'unpublished' })]);
  });

  it('resolves a VideoSDK custom id to the meetingId for the calls, the answer and the audit line', async () => {
    env = setup();
    const result = await env.moderation.participants(user('mo', ['moderator']), { provider: 'videosdk', roomId: 'team-x' }, env.scope);
    expect(result).toEqual({ roomId: 'abcd-efgh-ijkl', participants: [] });
    expect(env.calls).toEqual(['vs.validate team-x', 'vs.list abcd-efgh-ijkl']);
    expect(env.audits).toEqual([{ event: 'moderation.participants_listed', provider: 'videosdk', room: 'abcd-efgh-ijkl', right: 'moderate', participants: 0 }]);
  });
});
