/**
 * Who may moderate a room (no sockets, memory store, fixed clock): the owner of its record, and
 * callers whose roles have the policy's `moderate` permission for one of its names; LiveKit rooms have
 * no owner, so there only the permission counts. Everyone else gets exactly the NOT_FOUND an unknown
 * room gets, and the provider is never asked on their behalf.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import type { AuthenticatedUser } from '../../../src/auth/authenticated-user.js';
import { Policy } from '../../../src/policy/policy.js';
import { MemoryRoomStore } from '../../../src/rooms/memory-room-store.js';
import { moderationRight, RoomAccessService, type ProviderRoom } from '../../../src/rooms/room-access.service.js';
import { unknownRoomError } from '../../../src/rooms/room-ids.js';
import type { RoomRecord } from '../../../src/rooms/room-store.js';
import { moderationPolicy } from '../../support/policy-files.js';

const NOW = 1_700_000_000_000;
/** Every caller is a `participant` (joins anything, moderates nothing); `lead` moderates `team-{claim.team}-*`; `moderator` everything. */
const definition = moderationPolicy();
const policy = new Policy(definition);

const caller = (id: string, roles: string[] = [], claims: Record<string, unknown> = {}): AuthenticatedUser => ({ id, name: null, roles, expiresAt: 0, claims });
const alice = caller('alice');
const lead = caller('lena', ['lead'], { team: 'blue' });
const moderator = caller('mo', ['moderator']);
const stranger = caller('mallory');

const record = (over: Partial<RoomRecord>): RoomRecord => ({
  provider: 'openvidu',
  roomId: 'team-blue-retro',
  customId: null,
  ownerId: 'alice',
  access: { mode: 'OPEN', allowedUserIds: [], allowedRoles: [] },
  createdAt: NOW,
  expiresAt: NOW + 60_000,
  version: 1,
  ...over,
});

/** The rejection as a client sees it: message and extensions, or null when it resolved. */
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: { message: string; extensions: Record<string, unknown> }) => ({ message: e.message, extensions: { ...e.extensions } }),
  );
const unknown = (provider: 'livekit' | 'openvidu' | 'videosdk') => {
  const e = unknownRoomError(provider);
  return { message: e.message, extensions: { ...e.extensions } };
};

describe('moderationRight (the decision)', () => {
  it('lets the owner of the record moderate, whatever the policy says', () => {
    expect(moderationRight(policy, alice, record({}), ['team-blue-retro'])).toBe('owner');
    // `participant` has no moderate pattern at all: ownership alone decides.
    expect(moderationRight(policy, alice, record({ roomId: 'anything' }), ['anything'])).toBe('owner');
  });

  it('lets a role moderate rooms matching its moderate patterns, placeholders included', () => {
    expect(moderationRight(policy, lead, record({}), ['team-blue-retro'])).toBe('moderate');
    expect(moderationRight(policy, lead, null, ['team-blue-standup'])).toBe('moderate');
    expect(moderationRight(policy, moderator, record({ roomId: 'ses_Ab12' }), ['ses_Ab12'])).toBe('moderate');
  });

  it('refuses a pattern mismatch, a placeholder the caller has no value for, and roles without the permission', () => {
    expect(moderationRight(policy, lead, record({ roomId: 'team-red-retro' }), ['team-red-retro'])).toBeNull();
    expect(moderationRight(policy, caller('lee', ['lead']), null, ['team-blue-retro'])).toBeNull();
    expect(moderationRight(policy, stranger, record({}), ['team-blue-retro'])).toBeNull();
    // The owner role is what owners get in their room; holding it by name grants nothing elsewhere
    // unless the policy gives it `moderate` (here it does: the built-in moderator has `*`).
    expect(moderationRight(new Policy({ ...definition, roles: { ...definition.roles, moderator: { ...definition.roles.moderator!, rooms: { join: ['*'], create: [], createWithGeneratedId: false } } } }), moderator, null, ['x'])).toBeNull();
  });

  it('matches a record by every name it has (a VideoSDK custom id) and ignores the access list', () => {
    const meeting = record({ provider: 'videosdk', roomId: 'abcd-efgh-ijkl', customId: 'team-blue-daily', access: { mode: 'RESTRICTED', allowedUserIds: [], allowedRoles: [] } });
    expect(moderationRight(policy, lead, meeting, ['abcd-efgh-ijkl'])).toBe('moderate');
  });
});

describe('RoomAccessService.authorizeModeration', () => {
  const store = new MemoryRoomStore(() => NOW);
  const rooms = new RoomAccessService(policy, store, () => NOW);
  afterEach(() => store.close());

  async function own(owner: AuthenticatedUser, provider: 'openvidu' | 'videosdk', roomId: string, customId: string | null = null) {
    await rooms.claim(owner, provider, { roomId, customId });
  }

  it('decides LiveKit rooms by the moderate permission alone (no owner there)', async () => {
    await expect(rooms.authorizeModeration(lead, 'livekit', 'team-blue-1')).resolves.toEqual({ roomId: 'team-blue-1', right: 'moderate', record: null });
    await expect(rooms.authorizeModeration(moderator, 'livekit', 'anything')).resolves.toMatchObject({ right: 'moderate' });
    expect(await refusal(rooms.authorizeModeration(lead, 'livekit', 'team-red-1'))).toEqual(unknown('livekit'));
    expect(await refusal(rooms.authorizeModeration(alice, 'livekit', 'team-blue-1'))).toEqual(unknown('livekit'));
  });

  it('lets the owner and the moderate permission moderate an OpenVidu session; a stranger gets exactly the unknown-session answer', async () => {
    await own(alice, 'openvidu', 'team-blue-retro');
    await own(alice, 'openvidu', 'alice-private');
    await expect(rooms.authorizeModeration(alice, 'openvidu', 'alice-private')).resolves.toMatchObject({ right: 'owner', roomId: 'alice-private' });
    await expect(rooms.authorizeModeration(lead, 'openvidu', 'team-blue-retro')).resolves.toMatchObject({ right: 'moderate' });
    const existing = await refusal(rooms.authorizeModeration(stranger, 'openvidu', 'alice-private'));
    const missing = await refusal(rooms.authorizeModeration(stranger, 'openvidu', 'no-such-session'));
    expect(existing).toEqual(unknown('openvidu'));
    expect(missing).toEqual(existing);
    // The lead's pattern names the blue team only.
    expect(await refusal(rooms.authorizeModeration(lead, 'openvidu', 'alice-private'))).toEqual(unknown('openvidu'));
  });

  it('moderates an OpenVidu session the gateway has no record of by its name (e.g. created elsewhere)', async () => {
    await expect(rooms.authorizeModeration(lead, 'openvidu', 'team-blue-elsewhere')).resolves.toEqual({ roomId: 'team-blue-elsewhere', right: 'moderate', record: null });
  });

  it('resolves a VideoSDK custom id to the meetingId, asking the provider only for callers the name already allows', async () => {
    const asked: string[] = [];
    const known: Record<string, ProviderRoom> = { 'team-blue-daily': { roomId: 'abcd-efgh-ijkl', customId: 'team-blue-daily', disabled: false } };
    const lookup = async (id: string) => {
      asked.push(id);
      return known[id] ?? null;
    };
    await expect(rooms.authorizeModeration(lead, 'videosdk', 'team-blue-daily', lookup)).resolves.toEqual({ roomId: 'abcd-efgh-ijkl', right: 'moderate', record: null });
    expect(await refusal(rooms.authorizeModeration(lead, 'videosdk', 'team-blue-gone', lookup))).toEqual(unknown('videosdk'));
    expect(asked).toEqual(['team-blue-daily', 'team-blue-gone']);
    // A stranger is refused by the name alone: the provider is not asked.
    expect(await refusal(rooms.authorizeModeration(stranger, 'videosdk', 'team-blue-daily', lookup))).toEqual(unknown('videosdk'));
    expect(asked).toHaveLength(2);
  });

  it('finds the owner by either id of a recorded VideoSDK meeting, without asking the provider', async () => {
    await own(alice, 'videosdk', 'wxyz-0000-abcd', 'alice-standup');
    const lookup = async () => {
      throw new Error('not asked for a recorded meeting');
    };
    await expect(rooms.authorizeModeration(alice, 'videosdk', 'alice-standup', lookup)).resolves.toMatchObject({ roomId: 'wxyz-0000-abcd', right: 'owner' });
    await expect(rooms.authorizeModeration(alice, 'videosdk', 'wxyz-0000-abcd', lookup)).resolves.toMatchObject({ roomId: 'wxyz-0000-abcd', right: 'owner' });
    expect(await refusal(rooms.authorizeModeration(stranger, 'videosdk', 'alice-standup', lookup))).toEqual(unknown('videosdk'));
  });
});
