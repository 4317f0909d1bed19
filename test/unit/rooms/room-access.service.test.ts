/**
 * RoomAccessService decisions on a memory store with an injected clock (no sockets): which key space an
 * id names, custom ids of a provider's shape, refusals that look like unknown rooms, the default role in
 * allowedRoles, transfers and the per-owner limit.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import type { AuthenticatedUser } from '../../../src/auth/authenticated-user.js';
import { DEFAULT_POLICY } from '../../../src/policy/default-policy.js';
import { Policy } from '../../../src/policy/policy.js';
import { MemoryRoomStore } from '../../../src/rooms/memory-room-store.js';
import { looksProviderGenerated, roomKeyOf } from '../../../src/rooms/room-ids.js';
import { RoomAccessService } from '../../../src/rooms/room-access.service.js';
import { guestMemberPolicy } from '../../support/policy-files.js';

const definition = guestMemberPolicy(2);
const user = (id: string, roles: string[] = ['member']): AuthenticatedUser => ({ id, name: null, roles, expiresAt: 0, claims: {} });
const error = (promise: Promise<unknown>) => promise.then(() => null, (e: { message: string; extensions: Record<string, unknown> }) => ({ message: e.message, ...e.extensions }));

describe('room ids', () => {
  it('knows the shapes providers generate, whatever the case', () => {
    expect(['abcd-0123-wxyz', 'ABCD-0123-WXYZ'].every((id) => looksProviderGenerated('videosdk', id))).toBe(true);
    expect(['abcd-0123', 'abcd-0123-wxyz-1', 'team-daily', 'ab_d-0123-wxyz'].some((id) => looksProviderGenerated('videosdk', id))).toBe(false);
    expect(looksProviderGenerated('openvidu', 'ses_Ab12')).toBe(true);
    expect(looksProviderGenerated('openvidu', 'session-1')).toBe(false);
  });

  it('looks VideoSDK meetingIds up among provider ids and anything else among custom ids', () => {
    expect(roomKeyOf('videosdk', 'abcd-0123-wxyz')).toEqual({ space: 'id', id: 'abcd-0123-wxyz' });
    expect(roomKeyOf('videosdk', 'standup-7')).toEqual({ space: 'custom', id: 'standup-7' });
    expect(roomKeyOf('openvidu', 'standup-7')).toEqual({ space: 'id', id: 'standup-7' });
  });
});

describe('RoomAccessService', () => {
  let now = 1_000_000;
  const store = new MemoryRoomStore(() => now);
  const rooms = new RoomAccessService(new Policy(definition), store, () => now);
  afterEach(() => store.close());

  it('refuses a custom id shaped like a provider id before anything else', async () => {
    expect(await error(rooms.authorizeCreate(user('mallory'), 'videosdk', 'abcd-0123-wxyz'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'customMeetingId' });
    expect(await error(rooms.authorizeCreate(user('mallory'), 'openvidu', 'ses_x'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'customSessionId' });
  });

  it('answers a caller kept out of a room exactly as for an unknown one', async () => {
    const restricted = { mode: 'RESTRICTED' as const, allowedUserIds: [], allowedRoles: [] };
    await rooms.claim(user('victor'), 'videosdk', { roomId: 'abcd-0123-wxyz', customId: 'team-secret' }, restricted);
    const lookup = async () => null;
    for (const caller of [user('mallory'), user('gus', [])]) {
      expect(await error(rooms.authorizeJoin(caller, 'videosdk', 'team-secret', lookup))).toEqual(
        await error(rooms.authorizeJoin(caller, 'videosdk', 'team-nothing', lookup)),
      );
      expect(await rooms.mayLearnOf(caller, 'videosdk', 'team-secret')).toBe(false);
    }
    expect(await error(rooms.updateAccess(user('mallory'), 'videosdk', 'team-secret', restricted))).toEqual(
      await error(rooms.updateAccess(user('mallory'), 'videosdk', 'team-nothing', restricted)),
    );
    expect(await rooms.authorizeJoin(user('victor'), 'videosdk', 'team-secret', lookup)).toMatchObject({ owner: true, roomId: 'abcd-0123-wxyz' });
  });

  it('resolves an unrecorded custom id through the lookup, and refuses a deactivated meeting', async () => {
    const decision = await rooms.authorizeJoin(user('mia'), 'videosdk', 'team-outside', async () => ({ roomId: 'wxyz-0000-abcd', customId: 'team-outside', disabled: false }));
    expect(decision).toEqual({ owner: false, record: null, roomId: 'wxyz-0000-abcd' });
    const closed = rooms.authorizeJoin(user('mia'), 'videosdk', 'team-closed', async () => ({ roomId: 'wxyz-1111-abcd', customId: 'team-closed', disabled: true }));
    expect(await error(closed)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'meetingId' });
  });

  it('counts the default role in allowedRoles', async () => {
    await rooms.claim(user('vera'), 'openvidu', { roomId: 'lobby-vip', customId: null }, { mode: 'RESTRICTED', allowedUserIds: [], allowedRoles: ['guest'] });
    expect(await rooms.authorizeJoin(user('gus', []), 'openvidu', 'lobby-vip')).toMatchObject({ owner: false, roomId: 'lobby-vip' });
  });

  it('hands a room only to a caller the default role lets join it, and never over their limit', async () => {
    await rooms.claim(user('tom'), 'openvidu', { roomId: 'team-a', customId: null });
    await rooms.claim(user('tom'), 'openvidu', { roomId: 'lobby-a', customId: null });
    expect(await error(rooms.transferOwnership(user('tom'), 'openvidu', 'team-a', 'gus'))).toMatchObject({ code: 'FORBIDDEN', reason: 'rooms.transfer' });
    // tom is at the limit of 2: a third room is refused before any provider call.
    expect(await error(rooms.authorizeCreate(user('tom'), 'openvidu', 'team-b'))).toMatchObject({ code: 'FORBIDDEN', reason: 'rooms.limit' });
    expect((await rooms.transferOwnership(user('tom'), 'openvidu', 'lobby-a', 'gus')).ownerId).toBe('gus');
    expect(await rooms.authorizeCreate(user('tom'), 'openvidu', 'team-b')).toBeNull();
    // Records stop counting when they expire.
    await rooms.claim(user('tom'), 'openvidu', { roomId: 'team-b', customId: null });
    now += DEFAULT_POLICY.roomRecords.ttlSeconds.openvidu * 1000;
    expect(await store.ownedCount('tom')).toBe(0);
  });
});
