import { describe, expect, it } from '@jest/globals';
import { hasNextPage, liveSessionId, toVideoSdkParticipant, toVideoSdkParticipants } from '../../../src/providers/videosdk/videosdk.moderation.mapper.js';

const ROOM = 'ab12-cd34-ef56';

/** A connected participant as VideoSDK's active-participants endpoint lists it (extra fields included). */
const adaConnected = {
  _id: '70000000000000000000000a',
  participantId: 'ada',
  name: 'Ada',
  mode: 'CONFERENCE',
  events: { mic: [], webcam: [], screenShare: [], screenShareAudio: [] },
  initTime: 0.2,
  timelog: [
    { start: '2026-11-30T09:00:00.000Z', end: '2026-11-30T09:05:00.000Z' },
    { start: '2026-11-30T09:07:30.000Z', end: null },
  ],
};

describe('toVideoSdkParticipant', () => {
  it('names the participant by participantId (not _id), joined at the start of its current stint, with no role and no tracks', () => {
    expect(toVideoSdkParticipant(adaConnected)).toEqual({
      id: 'ada',
      name: 'Ada',
      joinedAt: new Date('2026-11-30T09:07:30.000Z'),
      role: null,
      tracks: [],
    });
  });

  it('leaves out a participant that has left (last stint closed) or has no participantId', () => {
    expect(toVideoSdkParticipant({ participantId: 'bob', timelog: [{ start: '2026-11-30T09:00:00.000Z', end: '2026-11-30T09:01:00.000Z' }] })).toBeNull();
    expect(toVideoSdkParticipant({ name: 'Nobody', timelog: [{ start: '2026-11-30T09:00:00.000Z', end: null }] })).toBeNull();
    expect(toVideoSdkParticipant({ participantId: '', timelog: [] })).toBeNull();
  });

  it('reads a missing or unreadable time and an empty name as null, and a participant without timelog as connected', () => {
    expect(toVideoSdkParticipant({ participantId: 'cy', name: '', timelog: [{ start: '2026-11-30T15:60:35.000Z', end: null }] })).toEqual({
      id: 'cy',
      name: null,
      joinedAt: null,
      role: null,
      tracks: [],
    });
    expect(toVideoSdkParticipant({ participantId: 'dee' })).toMatchObject({ id: 'dee', joinedAt: null });
  });
});

describe('toVideoSdkParticipants', () => {
  it('reads the active endpoint (data: an array holding the session) and the all-participants one (data: the session)', () => {
    const session = { _id: '6a0000000000000000000001', roomId: ROOM, participants: [adaConnected, { participantId: 'gone', timelog: [{ start: 'x', end: 'y' }] }] };
    expect(toVideoSdkParticipants({ data: [session] }).map((p) => p.id)).toEqual(['ada']);
    expect(toVideoSdkParticipants({ data: session }).map((p) => p.id)).toEqual(['ada']);
  });

  it('answers none for an empty page or a session without participants', () => {
    expect(toVideoSdkParticipants({ data: [] })).toEqual([]);
    expect(toVideoSdkParticipants({ data: null })).toEqual([]);
    expect(toVideoSdkParticipants({ data: [{ roomId: ROOM, participants: null }] })).toEqual([]);
  });

  it('is a PROVIDER_ERROR for a body of another shape, never a crash', () => {
    for (const body of [null, 'text', { data: ['not a session'] }, { data: [{ participants: 'nope' }] }]) {
      expect(() => toVideoSdkParticipants(body as never)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'PROVIDER_ERROR' }) }));
    }
  });
});

describe('liveSessionId', () => {
  it('takes the live session of the room, under the v2 or the v1 field names, by room id or custom id', () => {
    expect(liveSessionId({ data: [{ id: 's-v2', roomId: ROOM, status: 'ongoing', end: null }] }, ROOM)).toBe('s-v2');
    expect(liveSessionId({ data: [{ _id: 's-v1', meetingId: ROOM, status: 'ongoing' }] }, ROOM)).toBe('s-v1');
    expect(liveSessionId({ data: [{ id: 's-c', roomId: 'zz99-zz99-zz99', customRoomId: 'standup', status: 'ongoing' }] }, 'standup')).toBe('s-c');
    expect(liveSessionId({ data: [{ _id: 's-c1', meetingId: 'zz99-zz99-zz99', userMeetingId: 'standup', end: null }] }, 'standup')).toBe('s-c1');
  });

  it('is null for no session, an ended one, or another room’s (a server that ignored the filters)', () => {
    expect(liveSessionId({ pageInfo: { currentPage: 1, perPage: 1, lastPage: 1, total: 0 }, data: [] }, ROOM)).toBeNull();
    expect(liveSessionId({ data: [{ id: 's1', roomId: ROOM, status: 'ended', end: '2026-11-30T10:00:00.000Z' }] }, ROOM)).toBeNull();
    expect(liveSessionId({ data: [{ id: 's1', roomId: ROOM, end: '2026-11-30T10:00:00.000Z' }] }, ROOM)).toBeNull();
    expect(liveSessionId({ data: [{ id: 's2', roomId: 'other-room-id0', status: 'ongoing' }] }, ROOM)).toBeNull();
    expect(liveSessionId({ data: [{ roomId: ROOM, status: 'ongoing' }] }, ROOM)).toBeNull();
  });

  it('is a PROVIDER_ERROR for a body of another shape', () => {
    for (const body of [null, {}, { data: {} }, { data: [42] }]) {
      expect(() => liveSessionId(body as never, ROOM)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'PROVIDER_ERROR' }) }));
    }
  });
});

describe('hasNextPage', () => {
  it('follows pageInfo, and stops when it is missing', () => {
    expect(hasNextPage({ pageInfo: { currentPage: 1, lastPage: 2 } })).toBe(true);
    expect(hasNextPage({ pageInfo: { currentPage: 2, lastPage: 2 } })).toBe(false);
    expect(hasNextPage({})).toBe(false);
    expect(hasNextPage({ pageInfo: null })).toBe(false);
  });
});
