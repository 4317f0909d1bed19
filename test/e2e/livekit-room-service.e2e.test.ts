import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { AccessToken, type VideoGrant } from 'livekit-server-sdk';
import pino from 'pino';
import type { ProviderCallNote } from '../../src/observability/request-record.js';
import type { ProviderCallScope } from '../../src/providers/http/provider-http.js';
import type { HttpProvider } from '../../src/providers/http/provider-setup.js';
import { livekitApiUrl } from '../../src/config/livekit.config.js';
import { createLivekitRoomService } from '../../src/providers/livekit/index.js';
import type { LivekitRoomService } from '../../src/providers/livekit/livekit.room-service.js';
import { unusedPortUrl } from '../support/doubles/double-server.js';
import { startLivekitRoomServiceDouble, type LivekitRoomServiceDouble } from '../support/doubles/livekit-room-service-double.js';
import { rejection, testProviderSetup } from '../support/provider-client.js';

const API_KEY = 'lk-moderation-key';
const API_SECRET = `lk-moderation-secret-${Math.random().toString(36).slice(2)}-0123456789abcdef`;

/** Log lines the HTTP side wrote, parsed. */
const logLines: Array<Record<string, unknown>> = [];
const logger = pino(
  { level: 'debug' },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  }),
);

function scope(notes: ProviderCallNote[] = []): ProviderCallScope {
  return { logger, noteProviderCall: (note) => notes.push(note) };
}

function provider(url: string, secret = API_SECRET, timeoutMs = 2000): HttpProvider<LivekitRoomService> {
  return createLivekitRoomService(
    { apiKey: API_KEY, apiSecret: secret, url, apiUrl: livekitApiUrl(url), timeoutMs, connectTimeoutMs: 500 },
    testProviderSetup(logger),
  );
}

describe('LiveKit RoomService client against the RoomService double (real sockets)', () => {
  let double: LivekitRoomServiceDouble;
  let livekit: HttpProvider<LivekitRoomService>;
  let rooms: LivekitRoomService;

  beforeAll(async () => {
    double = await startLivekitRoomServiceDouble({ apiKey: API_KEY, apiSecret: API_SECRET });
    // The client is configured with the WebSocket URL clients use; the API URL is derived from it.
    livekit = provider(double.url.replace(/^http:/, 'ws:'));
    rooms = livekit.dataSource(scope());
  });
  afterEach(() => {
    double.reset();
    logLines.length = 0;
  });
  afterAll(async () => {
    livekit.close();
    await double.close();
  });

  /** The one verified call of the test, with the lifetime of its token. */
  function onlyCall(method: string) {
    const calls = double.calls.filter((c) => c.method === method);
    expect(calls).toHaveLength(1);
    const { claims } = calls[0]!;
    return { claims, ttlSeconds: (claims.exp ?? 0) - (claims.nbf ?? 0) };
  }

  it('lists the participants, normalized, with a token granting roomAdmin for that room only', async () => {
    const alice = double.addParticipant('standup', {
      identity: 'alice',
      name: 'Alice',
      tracks: [
        { sid: 'TR_mic', type: 'AUDIO', source: 'MICROPHONE' },
        { sid: 'TR_cam', type: 'VIDEO', source: 'CAMERA', muted: true },
      ],
    });
    double.addParticipant('standup', { identity: 'bob' });
    double.addParticipant('other-room', { identity: 'carol' });

    const list = await rooms.listParticipants('standup');

    expect(list).toEqual([
      {
        id: 'alice',
        name: 'Alice',
        joinedAt: new Date(alice.joinedAt * 1000),
        role: null,
        tracks: [
          { id: 'TR_mic', kind: 'audio', source: 'microphone', muted: false },
          { id: 'TR_cam', kind: 'video', source: 'camera', muted: true },
        ],
      },
      { id: 'bob', name: null, joinedAt: new Date(alice.joinedAt * 1000), role: null, tracks: [] },
    ]);
    const [request] = double.findRequests('POST', '/twirp/livekit.RoomService/ListParticipants');
    expect(request!.headers['content-type']).toMatch(/^application\/json/);
    expect(request!.body).toEqual({ room: 'standup' });
    const { claims, ttlSeconds } = onlyCall('ListParticipants');
    expect(claims.video).toEqual({ roomAdmin: true, room: 'standup' });
    expect(claims.iss).toBe(API_KEY);
    expect(claims.sub).toBeUndefined();
    expect(ttlSeconds).toBe(60);
  });

  it('reads camelCase answers the same way', async () => {
    double.casing = 'camel';
    double.addParticipant('standup', { identity: 'alice', tracks: [{ sid: 'TR_s', type: 'VIDEO', source: 'SCREEN_SHARE' }] });
    const [alice] = await rooms.listParticipants('standup');
    expect(alice).toMatchObject({ id: 'alice', tracks: [{ id: 'TR_s', kind: 'video', source: 'screen_share', muted: false }] });
    expect(alice!.joinedAt).toBeInstanceOf(Date);
  });

  it('lists no participants for an unknown room', async () => {
    await expect(rooms.listParticipants('nobody-here')).resolves.toEqual([]);
  });

  it('reads a Twirp not_found for the listing as no participants, but not a bad_route 404', async () => {
    double.inject({ kind: 'status', status: 404, body: { code: 'not_found', msg: 'requested room does not exist' } });
    await expect(rooms.listParticipants('standup')).resolves.toEqual([]);
    double.inject({ kind: 'status', status: 404, body: { code: 'bad_route', msg: 'no handler for path' } });
    expect((await rejection(rooms.listParticipants('standup'))).extensions).toMatchObject({ code: 'PROVIDER_ERROR', provider: 'livekit' });
  });

  it('removes a participant with a roomAdmin token for that room; an unknown one (or a repeat) is NOT_FOUND', async () => {
    double.addParticipant('standup', { identity: 'alice' });
    double.addParticipant('standup', { identity: 'bob' });

    await rooms.removeParticipant('standup', 'alice');

    expect([...double.rooms.get('standup')!.keys()]).toEqual(['bob']);
    const [request] = double.findRequests('POST', '/twirp/livekit.RoomService/RemoveParticipant');
    expect(request!.body).toEqual({ room: 'standup', identity: 'alice' });
    const { claims, ttlSeconds } = onlyCall('RemoveParticipant');
    expect(claims.video).toEqual({ roomAdmin: true, room: 'standup' });
    expect(ttlSeconds).toBe(60);

    const repeat = await rejection(rooms.removeParticipant('standup', 'alice'));
    expect(repeat.extensions).toMatchObject({ code: 'NOT_FOUND', resource: 'participant' });
    const unknownRoom = await rejection(rooms.removeParticipant('no-such-room', 'bob'));
    expect(unknownRoom.extensions).toMatchObject({ code: 'NOT_FOUND', resource: 'participant' });
  });

  it('mutes a published track after checking the participant has it', async () => {
    double.addParticipant('standup', { identity: 'alice', tracks: [{ sid: 'TR_mic', type: 'AUDIO', source: 'MICROPHONE' }] });

    const track = await rooms.muteTrack('standup', 'alice', 'TR_mic', true);

    expect(track).toEqual({ id: 'TR_mic', kind: 'audio', source: 'microphone', muted: true });
    expect(double.rooms.get('standup')!.get('alice')!.tracks[0]!.muted).toBe(true);
    const [request] = double.findRequests('POST', '/twirp/livekit.RoomService/MutePublishedTrack');
    expect(request!.body).toEqual({ room: 'standup', identity: 'alice', trackSid: 'TR_mic', muted: true });
    for (const method of ['GetParticipant', 'MutePublishedTrack']) {
      const { claims, ttlSeconds } = onlyCall(method);
      expect(claims.video).toEqual({ roomAdmin: true, room: 'standup' });
      expect(ttlSeconds).toBe(60);
    }
  });

  it('mute: an unknown participant or track is NOT_FOUND without a mute call', async () => {
    double.addParticipant('standup', { identity: 'alice', tracks: [{ sid: 'TR_mic' }] });

    const noParticipant = await rejection(rooms.muteTrack('standup', 'mallory', 'TR_mic', true));
    expect(noParticipant.extensions).toMatchObject({ code: 'NOT_FOUND', resource: 'participant' });
    const noTrack = await rejection(rooms.muteTrack('standup', 'alice', 'TR_gone', true));
    expect(noTrack.extensions).toMatchObject({ code: 'NOT_FOUND', resource: 'track' });
    expect(double.calls.map((c) => c.method)).toEqual(['GetParticipant', 'GetParticipant']);
  });

  it('unmute is BAD_USER_INPUT when the server does not allow remote unmute, and works when it does', async () => {
    double.addParticipant('standup', { identity: 'alice', tracks: [{ sid: 'TR_mic', muted: true }] });

    const refused = await rejection(rooms.muteTrack('standup', 'alice', 'TR_mic', false));
    expect(refused.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'muted' });
    expect(refused.message).toMatch(/unmut/i);

    double.remoteUnmute = true;
    await expect(rooms.muteTrack('standup', 'alice', 'TR_mic', false)).resolves.toMatchObject({ id: 'TR_mic', muted: false });
  });

  it('deletes a room with a token granting roomCreate and nothing else; an unknown room is NOT_FOUND', async () => {
    double.addParticipant('standup', { identity: 'alice' });

    await rooms.deleteRoom('standup');

    expect(double.rooms.has('standup')).toBe(false);
    const [request] = double.findRequests('POST', '/twirp/livekit.RoomService/DeleteRoom');
    expect(request!.body).toEqual({ room: 'standup' });
    const { claims, ttlSeconds } = onlyCall('DeleteRoom');
    expect(claims.video).toEqual({ roomCreate: true });
    expect(ttlSeconds).toBe(60);

    const again = await rejection(rooms.deleteRoom('standup'));
    expect(again.extensions).toMatchObject({ code: 'NOT_FOUND', resource: 'room' });
  });

  it('a secret the server does not accept is PROVIDER_ERROR with the credentials alert, and the secret never appears', async () => {
    const wrong = provider(double.url, `${API_SECRET}-rotated`);
    try {
      const error = await rejection(wrong.dataSource(scope()).listParticipants('standup'));
      expect(error.extensions).toMatchObject({ code: 'PROVIDER_ERROR', provider: 'livekit' });
      expect(double.requests[0]!.authFailure).toMatch(/token rejected/);
      expect(logLines.some((l) => l.alert === 'provider_credentials_rejected')).toBe(true);
      expect(JSON.stringify(logLines)).not.toContain(API_SECRET);
      expect(JSON.stringify({ message: error.message, extensions: error.extensions })).not.toContain(API_SECRET);
    } finally {
      wrong.close();
    }
  });

  it('a refused grant (401 unauthenticated) is PROVIDER_ERROR with the credentials alert', async () => {
    double.inject({ kind: 'status', status: 401, body: { code: 'unauthenticated', msg: 'permissions denied' } });
    const error = await rejection(rooms.deleteRoom('standup'));
    expect(error.extensions).toMatchObject({ code: 'PROVIDER_ERROR', provider: 'livekit' });
    expect(logLines.some((l) => l.alert === 'provider_credentials_rejected')).toBe(true);
  });

  it('retries a read after a 503 but never a removal', async () => {
    double.addParticipant('standup', { identity: 'alice' });
    double.inject({ kind: 'status', status: 503, body: { code: 'unavailable', msg: 'try again' } });
    await expect(rooms.listParticipants('standup')).resolves.toHaveLength(1);
    expect(double.findRequests('POST', /ListParticipants$/)).toHaveLength(2);

    double.inject({ kind: 'status', status: 503, body: { code: 'unavailable', msg: 'try again' } });
    const error = await rejection(rooms.removeParticipant('standup', 'alice'));
    expect(error.extensions).toMatchObject({ code: 'PROVIDER_ERROR' });
    expect(double.findRequests('POST', /RemoveParticipant$/)).toHaveLength(1);
    expect(double.rooms.get('standup')!.has('alice')).toBe(true);
  });

  it('a provider that does not answer in time is PROVIDER_TIMEOUT', async () => {
    const impatient = provider(double.url, API_SECRET, 200);
    try {
      double.injectAlways({ kind: 'hang' });
      const error = await rejection(impatient.dataSource(scope()).deleteRoom('standup'));
      expect(error.extensions).toMatchObject({ code: 'PROVIDER_TIMEOUT', provider: 'livekit' });
    } finally {
      impatient.close();
    }
  });

  it('the double refuses a token for another room, a DeleteRoom token without roomCreate and a forged token', async () => {
    double.addParticipant('standup', { identity: 'alice' });
    async function post(method: string, body: unknown, grant: VideoGrant, secret = API_SECRET) {
      const token = new AccessToken(API_KEY, secret, { ttl: 60 });
      token.addGrant(grant);
      const response = await fetch(`${double.url}/twirp/livekit.RoomService/${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await token.toJwt()}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, text: await response.text() };
    }
    const otherRoom = await post('RemoveParticipant', { room: 'standup', identity: 'alice' }, { roomAdmin: true, room: 'elsewhere' });
    expect(otherRoom).toEqual({ status: 401, text: JSON.stringify({ code: 'unauthenticated', msg: 'permissions denied' }) });
    const adminForDelete = await post('DeleteRoom', { room: 'standup' }, { roomAdmin: true, room: 'standup' });
    expect(adminForDelete.status).toBe(401);
    const forged = await post('ListParticipants', { room: 'standup' }, { roomAdmin: true, room: 'standup' }, 'not-the-secret-0123456789abcdef');
    expect(forged.status).toBe(401);
    expect(forged.text).toMatch(/^invalid authorization token/);
    expect(double.rooms.get('standup')!.has('alice')).toBe(true);
  });

  it('a provider that is down is PROVIDER_ERROR', async () => {
    const down = provider(await unusedPortUrl());
    try {
      const notes: ProviderCallNote[] = [];
      const error = await rejection(down.dataSource(scope(notes)).listParticipants('standup'));
      expect(error.extensions).toMatchObject({ code: 'PROVIDER_ERROR', provider: 'livekit' });
      expect(notes).toEqual([expect.objectContaining({ provider: 'livekit', operation: 'ListParticipants', outcome: 'PROVIDER_ERROR' })]);
    } finally {
      down.close();
    }
  });
});
