import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import pino from 'pino';
import { createVideoSdkProvider, type VideoSdkProvider } from '../../src/providers/videosdk/index.js';
import type { VideoSdkDataSource } from '../../src/providers/videosdk/videosdk.data-source.js';
import { startVideoSdkDouble, type VideoSdkDouble } from '../support/doubles/videosdk-double.js';
import { rejection, testProviderSetup } from '../support/provider-client.js';

const API_KEY = 'vsdk-moderation-key';
const SECRET = `vsdk-moderation-${Math.random().toString(36).slice(2)}`;

describe('VideoSDK moderation calls against the VideoSDK double (real sockets)', () => {
  let double: VideoSdkDouble;
  let videosdk: VideoSdkProvider;
  /** The same provider with a short deadline, for the hung-provider case. */
  let impatient: VideoSdkProvider;
  let vs: VideoSdkDataSource;
  const scope = { logger: pino({ level: 'silent' }), noteProviderCall: () => undefined };

  beforeAll(async () => {
    double = await startVideoSdkDouble({ apiKey: API_KEY, secret: SECRET });
    const config = { apiKey: API_KEY, secret: SECRET, apiUrl: double.url, timeoutMs: 2000, connectTimeoutMs: 500 };
    videosdk = createVideoSdkProvider(config, testProviderSetup(pino({ level: 'silent' })));
    impatient = createVideoSdkProvider({ ...config, timeoutMs: 300 }, testProviderSetup(pino({ level: 'silent' })));
    vs = videosdk.dataSource(scope);
  });
  afterEach(() => double.reset());
  afterAll(async () => {
    videosdk.close();
    impatient.close();
    await double.close();
  });

  describe('listParticipants', () => {
    it('lists the connected participants of the live session, found with the status filter, by participantId', async () => {
      const room = double.addRoom({ customRoomId: 'standup' });
      double.join(room.roomId, { participantId: 'ada', name: 'Ada', at: new Date('2026-12-01T10:00:00.000Z') });
      double.join(room.roomId, { participantId: 'bob', name: 'Bob', at: new Date('2026-12-01T10:01:00.000Z') });
      double.leave(room.roomId, 'bob');
      // Ada drops out and comes back: she joined at the start of her current stint.
      double.leave(room.roomId, 'ada');
      double.join(room.roomId, { participantId: 'ada', at: new Date('2026-12-01T10:02:00.000Z') });

      await expect(vs.listParticipants(room.roomId)).resolves.toEqual([
        { id: 'ada', name: 'Ada', joinedAt: new Date('2026-12-01T10:02:00.000Z'), role: null, tracks: [] },
      ]);

      const [lookup] = double.findRequests('GET', '/v2/sessions');
      expect(Object.fromEntries(new URL(lookup!.url, 'http://x').searchParams)).toEqual({ roomId: room.roomId, status: 'ongoing', perPage: '1' });
      const session = double.liveSession(room.roomId)!;
      expect(double.findRequests('GET', `/v2/sessions/${session.id}/participants/active`)).toHaveLength(1);
      // Every call carries the management token: REST-only, never able to join.
      expect(double.requests.every((r) => (r.jwtPayload?.roles as string[] | undefined)?.join() === 'crawler')).toBe(true);
    });

    it('lists nobody, with a single lookup, for a room without a live session, after its session ended, and for an unknown room', async () => {
      const idle = double.addRoom();
      const finished = double.addRoom();
      double.join(finished.roomId, { participantId: 'ada' });
      double.liveSession(finished.roomId)!.status = 'ended';

      await expect(vs.listParticipants(idle.roomId)).resolves.toEqual([]);
      await expect(vs.listParticipants(finished.roomId)).resolves.toEqual([]);
      await expect(vs.listParticipants('zzzz-zzzz-zzzz')).resolves.toEqual([]);
      expect(double.findRequests('GET', /\/participants/)).toHaveLength(0);
    });

    it('reads sessions answered with the v1 field names (_id, meetingId, userMeetingId)', async () => {
      const room = double.addRoom({ customRoomId: 'standup' });
      double.join(room.roomId, { participantId: 'ada', name: 'Ada', at: new Date('2026-12-01T10:00:00.000Z') });
      double.sessionFieldNames = 'v1';

      await expect(vs.listParticipants(room.roomId)).resolves.toEqual([
        { id: 'ada', name: 'Ada', joinedAt: new Date('2026-12-01T10:00:00.000Z'), role: null, tracks: [] },
      ]);
    });

    it('reads every page of a large room', async () => {
      const room = double.addRoom();
      const ids = Array.from({ length: 130 }, (_, i) => `p${String(i).padStart(3, '0')}`);
      for (const participantId of ids) double.join(room.roomId, { participantId });

      const listed = await vs.listParticipants(room.roomId);

      expect(listed.map((p) => p.id)).toEqual(ids);
      expect(double.findRequests('GET', /\/participants\/active$/).map((r) => new URL(r.url, 'http://x').searchParams.get('page'))).toEqual(['1', '2']);
    });

    it('lists nobody when the session vanished between the lookup and the listing (402 or 404)', async () => {
      const room = double.addRoom();
      double.join(room.roomId, { participantId: 'ada' });
      // The lookup answers normally; the listing finds the session gone.
      for (const status of [402, 404]) {
        double.inject({ kind: 'delay', ms: 0 });
        double.inject({ kind: 'status', status, body: { message: 'Session not found' } });
        await expect(vs.listParticipants(room.roomId)).resolves.toEqual([]);
      }
      expect(double.findRequests('GET', /\/participants\/active$/)).toHaveLength(2);
    });
  });

  describe('removeParticipant', () => {
    it('removes a connected participant (body { participantId, roomId }); later listings no longer show them', async () => {
      const room = double.addRoom();
      double.join(room.roomId, { participantId: 'ada' });
      double.join(room.roomId, { participantId: 'bob' });

      await vs.removeParticipant(room.roomId, 'bob');

      expect(double.findRequests('POST', '/v2/sessions/participants/remove').map((r) => r.body)).toEqual([{ participantId: 'bob', roomId: room.roomId }]);
      expect((await vs.listParticipants(room.roomId)).map((p) => p.id)).toEqual(['ada']);
    });

    it.each([404, 402] as const)('is NOT_FOUND participant for a repeat, an unknown participant, and a room without a live session (VideoSDK answering %i)', async (status) => {
      double.notFoundStatus = status;
      const room = double.addRoom();
      const idle = double.addRoom();
      double.join(room.roomId, { participantId: 'ada' });
      await vs.removeParticipant(room.roomId, 'ada');

      for (const [roomId, participantId] of [
        [room.roomId, 'ada'],
        [room.roomId, 'nobody'],
        [idle.roomId, 'ada'],
        ['zzzz-zzzz-zzzz', 'ada'],
      ] as const) {
        const error = await rejection(vs.removeParticipant(roomId, participantId));
        expect(error.extensions).toMatchObject({ code: 'NOT_FOUND', resource: 'participant' });
      }
    });
  });

  describe('endSession', () => {
    it('ends the live session for everyone (body { roomId, ignoreClosed: true }); a second call succeeds too', async () => {
      const room = double.addRoom();
      double.join(room.roomId, { participantId: 'ada' });
      const session = double.liveSession(room.roomId)!;

      await vs.endSession(room.roomId);

      expect(session.status).toBe('ended');
      expect(double.findRequests('POST', '/v2/sessions/end').map((r) => r.body)).toEqual([{ roomId: room.roomId, ignoreClosed: true }]);
      await expect(vs.listParticipants(room.roomId)).resolves.toEqual([]);
      await expect(vs.endSession(room.roomId)).resolves.toBeUndefined();
      // The room stays usable: a new session starts on the next join.
      double.join(room.roomId, { participantId: 'bob' });
      expect((await vs.listParticipants(room.roomId)).map((p) => p.id)).toEqual(['bob']);
    });

    it.each([404, 402] as const)('is NOT_FOUND meeting for a room VideoSDK does not know (VideoSDK answering %i)', async (status) => {
      double.notFoundStatus = status;
      expect((await rejection(vs.endSession('zzzz-zzzz-zzzz'))).extensions).toMatchObject({ code: 'NOT_FOUND', resource: 'meeting' });
    });

    it('takes any 2xx as done without reading the body', async () => {
      const room = double.addRoom();
      double.inject({ kind: 'garbage' });
      await expect(vs.endSession(room.roomId)).resolves.toBeUndefined();
    });
  });

  describe('provider failures', () => {
    it('never retries a removal or an end after a 5xx, but retries the reads', async () => {
      const room = double.addRoom();
      double.join(room.roomId, { participantId: 'ada' });

      double.inject({ kind: 'status', status: 502, body: { message: 'upstream' } });
      expect((await rejection(vs.removeParticipant(room.roomId, 'ada'))).extensions).toMatchObject({ code: 'PROVIDER_ERROR' });
      expect(double.findRequests('POST', '/v2/sessions/participants/remove')).toHaveLength(1);

      double.inject({ kind: 'status', status: 503, text: 'Service Unavailable' });
      expect((await rejection(vs.endSession(room.roomId))).extensions).toMatchObject({ code: 'PROVIDER_ERROR' });
      expect(double.findRequests('POST', '/v2/sessions/end')).toHaveLength(1);
      expect(double.liveSession(room.roomId)).toBeDefined();

      double.inject({ kind: 'status', status: 502 });
      await expect(vs.listParticipants(room.roomId)).resolves.toHaveLength(1);
      expect(double.findRequests('GET', '/v2/sessions')).toHaveLength(2);
    });

    it('keeps VideoSDK error bodies (JSON message or plain text) away from the client', async () => {
      const room = double.addRoom();
      const leak = 'internal-detail-7f3a';
      double.inject({ kind: 'status', status: 500, body: { message: leak } }, 2);
      const listing = await rejection(vs.listParticipants(room.roomId));
      double.inject({ kind: 'status', status: 404, text: `${leak} not found` });
      const removal = await rejection(vs.removeParticipant(room.roomId, 'ada'));
      double.inject({ kind: 'status', status: 409, body: { message: leak } });
      const end = await rejection(vs.endSession(room.roomId));

      expect(listing.extensions).toMatchObject({ code: 'PROVIDER_ERROR' });
      expect(removal.extensions).toMatchObject({ code: 'NOT_FOUND', resource: 'participant' });
      expect(end.extensions).toMatchObject({ code: 'PROVIDER_ERROR' });
      for (const error of [listing, removal, end]) expect(JSON.stringify({ message: error.message, extensions: error.extensions })).not.toContain(leak);
    });

    it('is PROVIDER_ERROR for an unreadable listing, at either call', async () => {
      const room = double.addRoom();
      double.join(room.roomId, { participantId: 'ada' });
      double.inject({ kind: 'garbage' });
      expect((await rejection(vs.listParticipants(room.roomId))).extensions).toMatchObject({ code: 'PROVIDER_ERROR' });

      double.inject({ kind: 'delay', ms: 0 });
      double.inject({ kind: 'garbage' });
      expect((await rejection(vs.listParticipants(room.roomId))).extensions).toMatchObject({ code: 'PROVIDER_ERROR' });
    });

    it('is PROVIDER_TIMEOUT when VideoSDK does not answer a removal, and sends it once', async () => {
      const room = double.addRoom();
      double.join(room.roomId, { participantId: 'ada' });
      double.inject({ kind: 'hang' });
      const error = await rejection(impatient.dataSource(scope).removeParticipant(room.roomId, 'ada'));
      expect(error.extensions).toMatchObject({ code: 'PROVIDER_TIMEOUT' });
      expect(double.findRequests('POST', '/v2/sessions/participants/remove')).toHaveLength(1);
    });

    it('is PROVIDER_ERROR when VideoSDK refuses the management token', async () => {
      const room = double.addRoom();
      const other = createVideoSdkProvider(
        { apiKey: API_KEY, secret: 'not-the-project-secret', apiUrl: double.url, timeoutMs: 2000, connectTimeoutMs: 500 },
        testProviderSetup(pino({ level: 'silent' })),
      );
      try {
        expect((await rejection(other.dataSource(scope).endSession(room.roomId))).extensions).toMatchObject({ code: 'PROVIDER_ERROR' });
        expect(double.requests.at(-1)!.authFailure).toMatch(/JWT rejected/);
      } finally {
        other.close();
      }
    });
  });
});
