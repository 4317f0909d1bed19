import { describe, expect, it } from '@jest/globals';
import { livekitApiUrl } from '../../../src/config/livekit.config.js';
import { roomServiceGrant } from '../../../src/providers/livekit/livekit.room-service.js';
import { toModerationParticipant, toModerationParticipants, toModerationTrack } from '../../../src/providers/livekit/livekit.room-service.mapper.js';

describe('livekitApiUrl', () => {
  it.each([
    ['ws://localhost:7880', 'http://localhost:7880'],
    ['wss://acme.livekit.cloud', 'https://acme.livekit.cloud'],
    ['wss://acme.livekit.cloud/', 'https://acme.livekit.cloud'],
    ['wss://media.example.com/livekit/', 'https://media.example.com/livekit'],
    ['http://127.0.0.1:7880', 'http://127.0.0.1:7880'],
    ['https://acme.livekit.cloud', 'https://acme.livekit.cloud'],
  ])('%s -> %s', (input, expected) => {
    expect(livekitApiUrl(input)).toBe(expected);
  });

  it('refuses other schemes', () => {
    expect(() => livekitApiUrl('ftp://example.com')).toThrow(/ws\(s\)/);
  });
});

describe('roomServiceGrant', () => {
  it('gives the participant calls roomAdmin for the named room only, and DeleteRoom roomCreate only', () => {
    for (const method of ['ListParticipants', 'GetParticipant', 'RemoveParticipant', 'MutePublishedTrack'] as const) {
      expect(roomServiceGrant(method, 'standup')).toEqual({ roomAdmin: true, room: 'standup' });
    }
    expect(roomServiceGrant('DeleteRoom', 'standup')).toEqual({ roomCreate: true });
  });
});

describe('participant normalization', () => {
  it('reads a snake_case participant with milliseconds, and every track kind and source', () => {
    expect(
      toModerationParticipant({
        sid: 'PA_1',
        identity: 'alice',
        name: 'Alice',
        state: 'ACTIVE',
        joined_at: '1717000010',
        joined_at_ms: '1717000010123',
        tracks: [
          { sid: 'TR_a', type: 'AUDIO', source: 'MICROPHONE', muted: false },
          { sid: 'TR_v', type: 'VIDEO', source: 'CAMERA', muted: true },
          { sid: 'TR_s', type: 'VIDEO', source: 'SCREEN_SHARE' },
          { sid: 'TR_sa', type: 'AUDIO', source: 'SCREEN_SHARE_AUDIO' },
          { sid: 'TR_d', type: 'DATA', source: 'UNKNOWN' },
        ],
      }),
    ).toEqual({
      id: 'alice',
      name: 'Alice',
      joinedAt: new Date(1717000010123),
      role: null,
      tracks: [
        { id: 'TR_a', kind: 'audio', source: 'microphone', muted: false },
        { id: 'TR_v', kind: 'video', source: 'camera', muted: true },
        { id: 'TR_s', kind: 'video', source: 'screen_share', muted: false },
        { id: 'TR_sa', kind: 'audio', source: 'screen_share_audio', muted: false },
        { id: 'TR_d', kind: 'data', source: 'unknown', muted: false },
      ],
    });
  });

  it('reads camelCase seconds, and absent fields as their defaults', () => {
    expect(toModerationParticipant({ identity: 'bob', joinedAt: 1717000010 })).toEqual({
      id: 'bob',
      name: null,
      joinedAt: new Date(1717000010 * 1000),
      role: null,
      tracks: [],
    });
    // An audio track may carry no `type` (AUDIO is the zero value), a track no source, no muted.
    expect(toModerationTrack({ sid: 'TR_x' })).toEqual({ id: 'TR_x', kind: 'audio', source: 'unknown', muted: false });
    expect(toModerationParticipant({ identity: 'carol', joined_at: '0' })!.joinedAt).toBeNull();
  });

  it('leaves out participants that have left or carry no identity', () => {
    expect(
      toModerationParticipants([{ identity: 'alice', state: 'JOINING' }, { identity: 'gone', state: 'DISCONNECTED' }, { sid: 'PA_x' }]).map((p) => p.id),
    ).toEqual(['alice']);
    expect(toModerationParticipants(null)).toEqual([]);
  });
});
