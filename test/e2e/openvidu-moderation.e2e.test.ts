import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import pino from 'pino';
import { createOpenViduProvider, type OpenViduProvider } from '../../src/providers/openvidu/index.js';
import type { OpenViduDataSource } from '../../src/providers/openvidu/openvidu.data-source.js';
import { startOpenViduDouble, type OpenViduDouble } from '../support/doubles/openvidu-double.js';
import { rejection, testProviderSetup } from '../support/provider-client.js';

const SECRET = `ov-moderation-${Math.random().toString(36).slice(2)}`;

describe('OpenVidu moderation calls against the OpenVidu double (real sockets)', () => {
  let double: OpenViduDouble;
  let openvidu: OpenViduProvider;
  let ov: OpenViduDataSource;

  beforeAll(async () => {
    double = await startOpenViduDouble({ secret: SECRET });
    openvidu = createOpenViduProvider(
      { url: double.url, secret: SECRET, timeoutMs: 2000, connectTimeoutMs: 500 },
      testProviderSetup(pino({ level: 'silent' })),
    );
    ov = openvidu.dataSource({ logger: pino({ level: 'silent' }), noteProviderCall: () => undefined });
  });
  afterEach(() => double.reset());
  afterAll(async () => {
    openvidu.close();
    await double.close();
  });

  it('lists the active connections as participants (pending tokens left out), one track per kind of the stream', async () => {
    double.addSession('standup');
    const alice = double.joinConnection('standup', {
      role: 'MODERATOR',
      serverData: JSON.stringify({ userId: 'alice', name: 'Alice' }),
      publisher: { hasAudio: true, audioActive: false, hasVideo: true, typeOfVideo: 'CAMERA' },
    });
    const bob = double.joinConnection('standup', { role: 'SUBSCRIBER', serverData: 'free text' });
    const screen = double.joinConnection('standup', { publisher: { hasAudio: false, hasVideo: true, typeOfVideo: 'SCREEN' } });
    // A pending connection (a token nobody used yet) is no participant.
    double.sessions.get('standup')!.connections.content.push({ ...bob, id: 'con_pending', connectionId: 'con_pending', status: 'pending', activeAt: null });

    const list = await ov.listParticipants('standup');

    const aliceStream = alice.publishers![0].streamId;
    expect(aliceStream).toMatch(/^str_CAM_/);
    expect(list).toEqual([
      {
        id: alice.id,
        name: 'Alice',
        joinedAt: new Date(alice.activeAt!),
        role: 'MODERATOR',
        tracks: [
          { id: aliceStream, kind: 'audio', source: 'microphone', muted: true },
          { id: aliceStream, kind: 'video', source: 'camera', muted: false },
        ],
      },
      { id: bob.id, name: null, joinedAt: new Date(bob.activeAt!), role: 'SUBSCRIBER', tracks: [] },
      {
        id: screen.id,
        name: null,
        joinedAt: new Date(screen.activeAt!),
        role: 'PUBLISHER',
        tracks: [{ id: screen.publishers![0].streamId, kind: 'video', source: 'screen_share', muted: false }],
      },
    ]);
    const [request] = double.findRequests('GET', '/openvidu/api/sessions/standup');
    expect(request!.url).toContain('pendingConnections=false');
  });

  it('lists no participants for an unknown session', async () => {
    await expect(ov.listParticipants('nobody')).resolves.toEqual([]);
  });

  it('force-disconnects a connection; a repeat is NOT_FOUND participant, an unknown session NOT_FOUND session', async () => {
    double.addSession('standup');
    const alice = double.joinConnection('standup', {});

    await ov.forceDisconnect('standup', alice.id);

    expect(double.sessions.get('standup')!.connections.content).toEqual([]);
    expect(double.findRequests('DELETE', `/openvidu/api/sessions/standup/connection/${alice.id}`)).toHaveLength(1);
    expect((await rejection(ov.forceDisconnect('standup', alice.id))).extensions).toMatchObject({ code: 'NOT_FOUND', resource: 'participant' });
    expect((await rejection(ov.forceDisconnect('gone', alice.id))).extensions).toMatchObject({ code: 'NOT_FOUND', resource: 'session' });
  });

  it('force-unpublishes a stream; a repeat is NOT_FOUND track, an unknown session NOT_FOUND session, an IP camera BAD_USER_INPUT', async () => {
    double.addSession('standup');
    const alice = double.joinConnection('standup', { publisher: {} });
    const streamId = alice.publishers![0].streamId;

    await ov.forceUnpublish('standup', streamId);

    expect(double.sessions.get('standup')!.connections.content[0]!.publishers).toEqual([]);
    expect((await ov.listParticipants('standup'))[0]!.tracks).toEqual([]);
    expect((await rejection(ov.forceUnpublish('standup', streamId))).extensions).toMatchObject({ code: 'NOT_FOUND', resource: 'track' });
    expect((await rejection(ov.forceUnpublish('gone', streamId))).extensions).toMatchObject({ code: 'NOT_FOUND', resource: 'session' });

    const camera = double.joinConnection('standup', { type: 'IPCAM', publisher: { hasAudio: false, typeOfVideo: 'IPCAM' } });
    const cameraStream = camera.publishers![0].streamId;
    expect((await rejection(ov.forceUnpublish('standup', cameraStream))).extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('closes a session; a repeat is NOT_FOUND session', async () => {
    double.addSession('standup');
    double.joinConnection('standup', {});

    await ov.closeSession('standup');

    expect(double.sessions.has('standup')).toBe(false);
    expect((await rejection(ov.closeSession('standup'))).extensions).toMatchObject({ code: 'NOT_FOUND', resource: 'session' });
  });

  it('never retries a removal after a 5xx, but retries the listing', async () => {
    double.addSession('standup');
    const alice = double.joinConnection('standup', {});
    double.inject({ kind: 'status', status: 502 });
    expect((await rejection(ov.forceDisconnect('standup', alice.id))).extensions).toMatchObject({ code: 'PROVIDER_ERROR' });
    expect(double.findRequests('DELETE', /\/connection\//)).toHaveLength(1);

    double.inject({ kind: 'status', status: 502 });
    await expect(ov.listParticipants('standup')).resolves.toHaveLength(1);
    expect(double.findRequests('GET', '/openvidu/api/sessions/standup')).toHaveLength(2);
  });
});
