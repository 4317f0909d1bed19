/**
 * Who may watch a room's events, and how a stream ends: the feed with the real policy, rooms module and
 * in-process bus; the providers are maps (no sockets).
 */
import { describe, expect, it } from '@jest/globals';
import type { AuthenticatedUser } from '../../../src/auth/authenticated-user.js';
import { RoomEventFeed, STREAM_END_MESSAGES } from '../../../src/credentials/room-event-feed.js';
import type { ProviderScope } from '../../../src/credentials/request-scope.js';
import { StateUnavailableError } from '../../../src/errors/gateway-errors.js';
import { createMemoryRoomEventBus, type RoomEventBus } from '../../../src/events/room-event-bus.js';
import type { RoomEvent } from '../../../src/events/room-event.js';
import { RoomEventStreamError, RoomEventSubscription } from '../../../src/events/room-event-subscription.js';
import { Policy } from '../../../src/policy/policy.js';
import type { OpenViduDataSource } from '../../../src/providers/openvidu/openvidu.data-source.js';
import type { VideoSdkDataSource } from '../../../src/providers/videosdk/videosdk.data-source.js';
import { MemoryRoomStore } from '../../../src/rooms/memory-room-store.js';
import { RoomAccessService } from '../../../src/rooms/room-access.service.js';
import { guestMemberPolicy } from '../../support/policy-files.js';

const NOW = 1_700_000_000_000;
const user = (id: string, roles: string[] = ['member']): AuthenticatedUser => ({ id, name: null, roles, expiresAt: 0, claims: {} });
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: { message: string; extensions: Record<string, unknown> }) => ({ message: e.message, extensions: e.extensions }),
  );

function setup() {
  const policy = new Policy(guestMemberPolicy(5));
  const rooms = new RoomAccessService(policy, new MemoryRoomStore(() => NOW), () => NOW);
  const bus = createMemoryRoomEventBus();
  const openviduSessions = new Set<string>();
  const meetings = new Map<string, { meetingId: string; customMeetingId: string | null; disabled: boolean }>();
  const calls: string[] = [];
  const scope = {
    audit: () => undefined,
    openvidu: () =>
      ({
        async getSession(id: string) {
          calls.push(`getSession ${id}`);
          return openviduSessions.has(id) ? { id } : null;
        },
      }) as unknown as OpenViduDataSource,
    videosdk: () =>
      ({
        async validateMeeting(id: string) {
          calls.push(`validateMeeting ${id}`);
          const meeting = meetings.get(id) ?? null;
          return { meetingId: id, valid: Boolean(meeting), disabled: false, meeting };
        },
      }) as unknown as VideoSdkDataSource,
  } as unknown as ProviderScope;
  return { feed: new RoomEventFeed(rooms, bus), rooms, bus, scope, calls, openviduSessions, meetings };
}

const event = (provider: RoomEvent['provider'], roomId: string, id: string): RoomEvent => ({ id, provider, roomId, type: 'PARTICIPANT_JOINED', participant: { id: 'p' }, occurredAt: new Date(NOW).toISOString() });

describe('RoomEventFeed', () => {
  it('streams the room to a caller the policy lets join, and answers others as for an unknown room', async () => {
    const { feed, rooms, bus, scope, calls, openviduSessions } = setup();
    openviduSessions.add('lobby-open');
    await rooms.claim(user('olga'), 'openvidu', { roomId: 'lobby-closed', customId: null }, { mode: 'RESTRICTED', allowedUserIds: [], allowedRoles: [] });

    const stream = await feed.open(user('gina', []), 'openvidu', 'lobby-open', scope);
    await bus.publish(event('openvidu', 'lobby-open', 'e1'));
    expect((await stream.next()).value).toMatchObject({ id: 'e1' });
    await stream.return!();

    const restricted = await refusal(feed.open(user('gina', []), 'openvidu', 'lobby-closed', scope));
    const unknown = await refusal(feed.open(user('gina', []), 'openvidu', 'lobby-nowhere', scope));
    expect(restricted).toEqual({ message: 'No OpenVidu session has this id.', extensions: { code: 'NOT_FOUND', resource: 'session' } });
    expect(unknown).toEqual(restricted);
    // The recorded room is decided from its record (no provider call); the unrecorded ones are asked about.
    expect(calls).toEqual(['getSession lobby-open', 'getSession lobby-nowhere']);
    // Outside the guest's join patterns: the join refusal a token request gets, before any provider call.
    expect(await refusal(feed.open(user('gina', []), 'livekit', 'board', scope))).toMatchObject({ extensions: { code: 'FORBIDDEN', reason: 'rooms.join' } });
    expect(await refusal(feed.open(user('gina', []), 'openvidu', 'board', scope))).toMatchObject({ extensions: { code: 'FORBIDDEN', reason: 'rooms.join' } });
    expect(calls).toHaveLength(2);
    // The owner watches the restricted room.
    await (await feed.open(user('olga'), 'openvidu', 'lobby-closed', scope)).return!();
  });

  it('follows a VideoSDK custom id to the meetingId whose events it carries', async () => {
    const { feed, bus, scope, meetings } = setup();
    meetings.set('standup', { meetingId: 'abcd-efgh-ijkl', customMeetingId: 'standup', disabled: false });
    const stream = await feed.open(user('mia'), 'videosdk', 'standup', scope);
    await bus.publish(event('videosdk', 'standup', 'wrong'));
    await bus.publish(event('videosdk', 'abcd-efgh-ijkl', 'right'));
    expect((await stream.next()).value).toMatchObject({ id: 'right' });
    expect(await refusal(feed.open(user('mia'), 'videosdk', 'nobody', scope))).toMatchObject({ extensions: { code: 'NOT_FOUND', resource: 'meeting' } });
  });

  it('ends a stream that fell too far behind with STATE_UNAVAILABLE, and one the bus closed normally', async () => {
    const { feed, bus, scope } = setup();
    const slow = await feed.open(user('sam'), 'livekit', 'busy', scope, { maxQueued: 2 });
    for (const id of ['a', 'b', 'c']) await bus.publish(event('livekit', 'busy', id));
    const ended = await slow.next().then(
      () => null,
      (e: unknown) => e,
    );
    expect(ended).toBeInstanceOf(StateUnavailableError);
    expect((ended as StateUnavailableError).message).toBe(STREAM_END_MESSAGES.OVERFLOW);
    const other = await feed.open(user('sam'), 'livekit', 'quiet', scope);
    await bus.close();
    expect(await other.next()).toEqual({ value: undefined, done: true });
  });

  it('answers STATE_UNAVAILABLE when the bus cannot deliver, and keeps no subscription behind', async () => {
    const { rooms, scope } = setup();
    const detached: string[] = [];
    const unreachable: RoomEventBus = {
      kind: 'memory',
      publish: async () => undefined,
      subscribe(_provider, roomId) {
        const subscription = new RoomEventSubscription(5, () => detached.push(roomId));
        subscription.ready = Promise.reject(new RoomEventStreamError('STATE_UNAVAILABLE', 'subscribe failed'));
        return subscription;
      },
      close: async () => undefined,
    };
    const feed = new RoomEventFeed(rooms, unreachable);
    const refused = await feed.open(user('sam'), 'livekit', 'busy', scope).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(StateUnavailableError);
    expect((refused as StateUnavailableError).message).toBe(STREAM_END_MESSAGES.STATE_UNAVAILABLE);
    expect(detached).toEqual(['busy']);
  });

  it('detaches from the bus when the reader throws into the stream, and passes the reader its own error', async () => {
    const { feed, bus, scope } = setup();
    const stream = await feed.open(user('sam'), 'livekit', 'busy', scope);
    const mine = new Error('the reader gave up');
    await expect(stream.throw!(mine)).rejects.toBe(mine);
    await bus.publish(event('livekit', 'busy', 'late'));
    expect(await stream.next()).toEqual({ value: undefined, done: true });
    expect(stream[Symbol.asyncIterator]()).toBe(stream);
  });
});
