/**
 * The three provider mappers, from payloads written the way each provider sends them (field names,
 * casing and units as documented in docs/operations.md "Provider webhooks"). Pure functions: no
 * sockets, a fixed receipt time.
 */
import { describe, expect, it } from '@jest/globals';
import { mapLivekitDelivery } from '../../../src/events/mappers/livekit-deliveries.js';
import { mapOpenviduDelivery } from '../../../src/events/mappers/openvidu-deliveries.js';
import { mapVideosdkDelivery } from '../../../src/events/mappers/videosdk-deliveries.js';

const RECEIVED = new Date('2026-03-01T10:00:00.000Z');

describe('LiveKit deliveries', () => {
  const room = { sid: 'RM_life1', name: 'team-sync', numParticipants: 1 };
  const joined = {
    event: 'participant_joined',
    room,
    participant: { sid: 'PA_1', identity: 'ada', name: 'Ada', state: 'ACTIVE', joinedAt: '1772359190' },
    id: 'EV_joined00001',
    createdAt: '1772359140',
  };

  it('maps a join to PARTICIPANT_JOINED with the identity, display name and event time (seconds)', () => {
    expect(mapLivekitDelivery(joined, RECEIVED)).toEqual({
      kind: 'event',
      dedupKey: 'EV_joined00001',
      session: 'RM_life1',
      event: { provider: 'livekit', roomId: 'team-sync', type: 'PARTICIPANT_JOINED', participant: { id: 'ada', name: 'Ada' }, occurredAt: '2026-03-01T09:59:00.000Z' },
    });
  });

  it.each([
    ['room_started', 'ROOM_STARTED'],
    ['room_finished', 'ROOM_FINISHED'],
  ])('maps %s to %s without a participant', (event, type) => {
    const mapped = mapLivekitDelivery({ event, room, id: 'EV_r', createdAt: '1772359200' }, RECEIVED);
    expect(mapped).toMatchObject({ kind: 'event', event: { type, roomId: 'team-sync' } });
    expect(mapped.kind === 'event' && mapped.event.participant).toBeUndefined();
  });

  it('maps track events from the minimal room and participant LiveKit sends with them', () => {
    const published = { event: 'track_published', room: { sid: 'RM_life1', name: 'team-sync' }, participant: { sid: 'PA_1', identity: 'ada' }, track: { sid: 'TR_1', source: 'MICROPHONE' }, id: 'EV_t', createdAt: '1772359200' };
    expect(mapLivekitDelivery(published, RECEIVED)).toMatchObject({ kind: 'event', event: { type: 'TRACK_PUBLISHED', participant: { id: 'ada' } } });
    expect(mapLivekitDelivery({ ...published, event: 'track_unpublished' }, RECEIVED)).toMatchObject({ event: { type: 'TRACK_UNPUBLISHED' } });
  });

  it('maps egress start and end to recording events, taking the room from egressInfo', () => {
    const egress = { event: 'egress_started', egressInfo: { egressId: 'EG_1', roomName: 'team-sync', status: 'EGRESS_STARTING' }, id: 'EV_e', createdAt: '1772359200' };
    expect(mapLivekitDelivery(egress, RECEIVED)).toMatchObject({ event: { type: 'RECORDING_STARTED', roomId: 'team-sync' } });
    expect(mapLivekitDelivery({ ...egress, event: 'egress_ended' }, RECEIVED)).toMatchObject({ event: { type: 'RECORDING_STOPPED' } });
  });

  it('drops event types it does not track, including a connection that never became active', () => {
    for (const event of ['participant_connection_aborted', 'egress_updated', 'ingress_started', 'agent_job_started', 'something_new']) {
      expect(mapLivekitDelivery({ event, room, id: 'EV_x', createdAt: '1772359200' }, RECEIVED)).toEqual({ kind: 'ignored', providerType: event });
    }
  });

  it('refuses payloads that lack what the type needs', () => {
    expect(mapLivekitDelivery([], RECEIVED).kind).toBe('malformed');
    expect(mapLivekitDelivery({ room, id: 'EV_1' }, RECEIVED).kind).toBe('malformed');
    expect(mapLivekitDelivery({ ...joined, id: undefined }, RECEIVED).kind).toBe('malformed');
    expect(mapLivekitDelivery({ ...joined, room: { sid: 'RM_1' } }, RECEIVED).kind).toBe('malformed');
    expect(mapLivekitDelivery({ ...joined, participant: { sid: 'PA_1' } }, RECEIVED).kind).toBe('malformed');
  });

  it('uses the receipt time when createdAt is missing or not a number', () => {
    expect(mapLivekitDelivery({ ...joined, createdAt: 'soon' }, RECEIVED)).toMatchObject({ event: { occurredAt: RECEIVED.toISOString() } });
  });
});

describe('OpenVidu deliveries', () => {
  const base = { sessionId: 'daily-7', uniqueSessionId: 'daily-7_1772359000000', timestamp: 1772359200500 };

  it('maps participantJoined to PARTICIPANT_JOINED, naming the connection and the clientData name (milliseconds)', () => {
    const mapped = mapOpenviduDelivery({ ...base, event: 'participantJoined', connectionId: 'con_A1', clientData: '{"name":"Grace"}', ip: '10.0.0.1' }, RECEIVED);
    expect(mapped).toMatchObject({
      kind: 'event',
      session: 'daily-7_1772359000000',
      event: { provider: 'openvidu', roomId: 'daily-7', type: 'PARTICIPANT_JOINED', participant: { id: 'con_A1', name: 'Grace' }, occurredAt: '2026-03-01T10:00:00.500Z' },
    });
  });

  it('keeps a participant without a readable clientData name anonymous', () => {
    const mapped = mapOpenviduDelivery({ ...base, event: 'participantLeft', connectionId: 'con_A1', clientData: 'plain text', reason: 'disconnect' }, RECEIVED);
    expect(mapped).toMatchObject({ event: { type: 'PARTICIPANT_LEFT', participant: { id: 'con_A1' } } });
    expect(mapped.kind === 'event' && mapped.event.participant).toEqual({ id: 'con_A1' });
  });

  it('maps session creation and destruction', () => {
    expect(mapOpenviduDelivery({ ...base, event: 'sessionCreated' }, RECEIVED)).toMatchObject({ event: { type: 'ROOM_STARTED' } });
    expect(mapOpenviduDelivery({ ...base, event: 'sessionDestroyed', reason: 'lastParticipantLeft', duration: 30 }, RECEIVED)).toMatchObject({ event: { type: 'ROOM_FINISHED' } });
  });

  it('counts only the publisher side of a WebRTC stream as a track', () => {
    const stream = { ...base, connectionId: 'con_A1', streamId: 'str_CAM_1' };
    expect(mapOpenviduDelivery({ ...stream, event: 'webrtcConnectionCreated', connection: 'OUTBOUND' }, RECEIVED)).toMatchObject({ event: { type: 'TRACK_PUBLISHED', participant: { id: 'con_A1' } } });
    expect(mapOpenviduDelivery({ ...stream, event: 'webrtcConnectionDestroyed', connection: 'OUTBOUND' }, RECEIVED)).toMatchObject({ event: { type: 'TRACK_UNPUBLISHED' } });
    expect(mapOpenviduDelivery({ ...stream, event: 'webrtcConnectionCreated', connection: 'INBOUND', receivingFrom: 'con_B2' }, RECEIVED).kind).toBe('ignored');
  });

  it('maps recording started and stopped and drops the other statuses', () => {
    const rec = { ...base, event: 'recordingStatusChanged', id: 'daily-7', outputMode: 'COMPOSED' };
    expect(mapOpenviduDelivery({ ...rec, status: 'started' }, RECEIVED)).toMatchObject({ event: { type: 'RECORDING_STARTED' } });
    expect(mapOpenviduDelivery({ ...rec, status: 'stopped' }, RECEIVED)).toMatchObject({ event: { type: 'RECORDING_STOPPED' } });
    expect(mapOpenviduDelivery({ ...rec, status: 'ready' }, RECEIVED)).toEqual({ kind: 'ignored', providerType: 'recordingStatusChanged:ready' });
  });

  it('drops untracked events and refuses payloads without a session or a time', () => {
    expect(mapOpenviduDelivery({ ...base, event: 'signalSent', type: 'chat' }, RECEIVED)).toEqual({ kind: 'ignored', providerType: 'signalSent' });
    expect(mapOpenviduDelivery({ ...base, event: 'sessionCreated', sessionId: undefined }, RECEIVED).kind).toBe('malformed');
    expect(mapOpenviduDelivery({ ...base, event: 'sessionCreated', timestamp: 'yesterday' }, RECEIVED).kind).toBe('malformed');
    expect(mapOpenviduDelivery({ ...base, event: 'participantJoined' }, RECEIVED).kind).toBe('malformed');
  });

  it('gives two events of the same connection different keys and a repeated body the same key', () => {
    const joined = mapOpenviduDelivery({ ...base, event: 'participantJoined', connectionId: 'con_A1' }, RECEIVED);
    const left = mapOpenviduDelivery({ ...base, event: 'participantLeft', connectionId: 'con_A1' }, RECEIVED);
    const again = mapOpenviduDelivery({ ...base, event: 'participantJoined', connectionId: 'con_A1' }, new Date(0));
    expect(joined.kind === 'event' && left.kind === 'event' && again.kind === 'event').toBe(true);
    if (joined.kind !== 'event' || left.kind !== 'event' || again.kind !== 'event') return;
    expect(joined.dedupKey).not.toBe(left.dedupKey);
    expect(joined.dedupKey).toBe(again.dedupKey);
  });
});

describe('VideoSDK deliveries', () => {
  const data = { meetingId: 'abcd-efgh-ijkl', sessionId: 'sess-1' };

  it('maps participant events, using the receipt time since VideoSDK sends none', () => {
    const mapped = mapVideosdkDelivery({ webhookType: 'participant-joined', data: { ...data, participantId: 'p-9', participantName: 'Linus' } }, RECEIVED);
    expect(mapped).toMatchObject({
      kind: 'event',
      session: 'sess-1',
      event: { provider: 'videosdk', roomId: 'abcd-efgh-ijkl', type: 'PARTICIPANT_JOINED', participant: { id: 'p-9', name: 'Linus' }, occurredAt: RECEIVED.toISOString() },
    });
    expect(mapVideosdkDelivery({ webhookType: 'participant-left', data: { ...data, participantId: 'p-9' } }, RECEIVED)).toMatchObject({ event: { type: 'PARTICIPANT_LEFT' } });
  });

  it('takes session times from start and end, read leniently', () => {
    expect(mapVideosdkDelivery({ webhookType: 'session-started', data: { ...data, start: '2026-03-01T09:30:00.000+05:30' } }, RECEIVED)).toMatchObject({
      event: { type: 'ROOM_STARTED', occurredAt: '2026-03-01T04:00:00.000Z' },
    });
    expect(mapVideosdkDelivery({ webhookType: 'session-ended', data: { ...data, start: 'x', end: 'not a date' } }, RECEIVED)).toMatchObject({
      event: { type: 'ROOM_FINISHED', occurredAt: RECEIVED.toISOString() },
    });
  });

  it('accepts the older `type` name and maps recording events', () => {
    expect(mapVideosdkDelivery({ type: 'recording-started', data }, RECEIVED)).toMatchObject({ event: { type: 'RECORDING_STARTED' } });
    expect(mapVideosdkDelivery({ webhookType: 'recording-stopped', data: { ...data, fileUrl: 'https://x' } }, RECEIVED)).toMatchObject({ event: { type: 'RECORDING_STOPPED' } });
    expect(mapVideosdkDelivery({ webhookType: 'recording-failed', data }, RECEIVED)).toMatchObject({ event: { type: 'RECORDING_STOPPED' } });
  });

  it('drops untracked types and refuses payloads without a meeting or participant', () => {
    expect(mapVideosdkDelivery({ webhookType: 'hls-started', data }, RECEIVED)).toEqual({ kind: 'ignored', providerType: 'hls-started' });
    expect(mapVideosdkDelivery({ webhookType: 'session-started', data: {} }, RECEIVED).kind).toBe('malformed');
    expect(mapVideosdkDelivery({ webhookType: 'participant-joined', data }, RECEIVED).kind).toBe('malformed');
    expect(mapVideosdkDelivery({ data }, RECEIVED).kind).toBe('malformed');
  });

  it('derives the same key for a repeated delivery whatever the receipt time, and different keys per participant', () => {
    const one = mapVideosdkDelivery({ webhookType: 'participant-joined', data: { ...data, participantId: 'p-1' } }, RECEIVED);
    const again = mapVideosdkDelivery({ webhookType: 'participant-joined', data: { ...data, participantId: 'p-1' } }, new Date(0));
    const other = mapVideosdkDelivery({ webhookType: 'participant-joined', data: { ...data, participantId: 'p-2' } }, RECEIVED);
    if (one.kind !== 'event' || again.kind !== 'event' || other.kind !== 'event') throw new Error('expected events');
    expect(one.dedupKey).toBe(again.dedupKey);
    expect(one.dedupKey).not.toBe(other.dedupKey);
  });
});
