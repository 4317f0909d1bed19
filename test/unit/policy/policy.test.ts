/**
 * The single-role rule, decided by the Policy class alone (no HTTP): a request is granted only when one
 * role the caller holds, and that may be in the room, allows all of it; defaults come from the
 * highest-ranked such role in `roleOrder`.
 */
import { describe, expect, it } from '@jest/globals';
import type { AuthenticatedUser } from '../../../src/auth/authenticated-user.js';
import { COMBINED_ROLES_REASON, Policy } from '../../../src/policy/policy.js';
import { parsePolicy } from '../../../src/policy/policy.schema.js';
import type { LivekitJoinGrants, PolicyDefinition, RoleRules } from '../../../src/policy/policy.types.js';
import { DEFAULT_POLICY } from '../../../src/policy/default-policy.js';

const silent: LivekitJoinGrants = {
  canPublish: false,
  canSubscribe: true,
  canPublishData: false,
  canPublishSources: [],
  canUpdateOwnMetadata: false,
  hidden: false,
  roomAdmin: false,
  roomRecord: false,
};

type RoleOverrides = { livekit?: Partial<LivekitJoinGrants>; defaults?: Partial<LivekitJoinGrants>; join?: string[]; create?: string[]; generated?: boolean };

function role(overrides: RoleOverrides & Partial<Pick<RoleRules, 'openvidu' | 'videosdk'>>): RoleRules {
  const max = { ...silent, ...overrides.livekit };
  return {
    livekit: { defaults: { ...silent, ...overrides.defaults }, max },
    openvidu: overrides.openvidu ?? { defaultRole: 'SUBSCRIBER', allowedRoles: ['SUBSCRIBER'], createSessions: false, recording: false },
    videosdk: overrides.videosdk ?? { defaultPermissions: ['ask_join'], allowedPermissions: ['ask_join'], createMeetings: false },
    rooms: { join: overrides.join ?? ['lobby-*'], create: overrides.create ?? [], createWithGeneratedId: overrides.generated ?? false },
  };
}

/**
 * The reported attacks: guest's source list is "none" (it used to be [] = every source); observer may
 * be hidden but not publish; member publishes camera and microphone, never hidden. The roles object is
 * written most privileged first, so only `roleOrder` can rank them.
 */
const definition: PolicyDefinition = {
  ...DEFAULT_POLICY,
  defaultRole: 'guest',
  ownerRole: 'host',
  roleOrder: ['guest', 'observer', 'member', 'recorder', 'host'],
  roles: {
    host: role({
      livekit: { canPublish: true, canPublishData: true, canPublishSources: 'all', roomAdmin: true, roomRecord: true, hidden: true },
      defaults: { canPublish: true, canPublishSources: 'all', roomAdmin: true },
      join: [],
      generated: true,
      openvidu: { defaultRole: 'MODERATOR', allowedRoles: ['SUBSCRIBER', 'PUBLISHER', 'MODERATOR'], createSessions: true, recording: true },
      videosdk: { defaultPermissions: ['allow_join', 'allow_mod'], allowedPermissions: ['allow_join', 'allow_mod'], createMeetings: true },
    }),
    recorder: role({
      join: ['team-*'],
      openvidu: { defaultRole: 'SUBSCRIBER', allowedRoles: ['SUBSCRIBER'], createSessions: true, recording: true },
      videosdk: { defaultPermissions: ['allow_join'], allowedPermissions: ['allow_join'], createMeetings: false },
    }),
    member: role({
      livekit: { canPublish: true, canPublishData: true, canPublishSources: ['camera', 'microphone'] },
      defaults: { canPublish: true, canPublishSources: ['camera', 'microphone'] },
      join: ['lobby-*', 'team-*'],
      create: ['team-*'],
      openvidu: { defaultRole: 'PUBLISHER', allowedRoles: ['SUBSCRIBER', 'PUBLISHER'], createSessions: true, recording: false },
      videosdk: { defaultPermissions: ['allow_join'], allowedPermissions: ['allow_join'], createMeetings: true },
    }),
    observer: role({
      livekit: { hidden: true },
      defaults: { hidden: true },
      join: ['lobby-*', 'stage-*'],
      videosdk: { defaultPermissions: ['allow_mod'], allowedPermissions: ['allow_mod'], createMeetings: false },
    }),
    guest: role({}),
  },
};

const user = (id: string, roles: string[]): AuthenticatedUser => ({ id, name: null, roles, expiresAt: 0, claims: { sub: id } });
const inRoom = (rooms: string, owner = false) => ({ owner, rooms });

function refusal(run: () => unknown): { code?: unknown; reason?: unknown } {
  try {
    run();
  } catch (error) {
    const { extensions } = error as { extensions: Record<string, unknown> };
    return { code: extensions.code, reason: extensions.reason };
  }
  throw new Error('expected a refusal');
}

describe('Policy: one role must allow the whole request', () => {
  const policy = new Policy(definition);

  it('accepts the definition it is built from (the schema agrees)', () => {
    expect(parsePolicy(definition)).toEqual({ ok: true, policy: definition });
  });

  it('never lets a "no source" role widen another role\'s source list (member asking for screen sharing)', () => {
    const member = user('m', ['member']);
    expect(refusal(() => policy.livekitGrants(member, { canPublishSources: ['screen_share'] }, inRoom('team-a')))).toEqual({
      code: 'FORBIDDEN',
      reason: 'livekit.canPublishSources',
    });
    expect(policy.livekitGrants(member, { canPublishSources: ['camera'] }, inRoom('team-a')).canPublishSources).toEqual(['camera']);
  });

  it('never combines a hidden observer with a publishing member', () => {
    const both = user('om', ['observer', 'member']);
    expect(refusal(() => policy.livekitGrants(both, { hidden: true, canPublish: true }, inRoom('lobby-1')))).toEqual({
      code: 'FORBIDDEN',
      reason: COMBINED_ROLES_REASON,
    });
    // Defaults come from member (ranked above observer), so asking only for hidden is the same combination.
    expect(refusal(() => policy.livekitGrants(both, { hidden: true }, inRoom('lobby-1'))).reason).toBe(COMBINED_ROLES_REASON);
    // What one role allows is granted: member's defaults, or observer's hidden listener.
    expect(policy.livekitGrants(both, {}, inRoom('lobby-1'))).toMatchObject({ canPublish: true, hidden: false, canPublishSources: ['camera', 'microphone'] });
    expect(policy.livekitGrants(both, { hidden: true, canPublish: false }, inRoom('lobby-1'))).toEqual({ ...silent, hidden: true });
  });

  it('counts only the roles that may be in the room: a member in an observer-only room is an observer there', () => {
    const both = user('om2', ['observer', 'member']);
    expect(policy.livekitGrants(both, {}, inRoom('stage-1'))).toEqual({ ...silent, hidden: true });
    expect(refusal(() => policy.livekitGrants(both, { canPublish: true }, inRoom('stage-1')))).toEqual({ code: 'FORBIDDEN', reason: 'livekit.canPublish' });
    expect(refusal(() => policy.livekitGrants(user('g', []), {}, inRoom('stage-1')))).toEqual({ code: 'FORBIDDEN', reason: 'rooms.join' });
  });

  it('takes the defaults from the highest role in roleOrder, not from the order roles are written in', () => {
    // `host` is written first in the file but ranked last; a guest-and-member caller gets member defaults.
    expect(policy.livekitGrants(user('gm', ['member']), {}, inRoom('lobby-2')).canPublish).toBe(true);
    const reversed = new Policy({ ...definition, roleOrder: ['guest', 'member', 'observer', 'recorder', 'host'] });
    expect(reversed.livekitGrants(user('gm', ['member', 'observer']), {}, inRoom('lobby-2'))).toEqual({ ...silent, hidden: true });
  });

  it('gives the owner role in a room the caller owns, whatever its join patterns', () => {
    const grants = policy.livekitGrants(user('o', []), { roomRecord: true }, inRoom('any-room', true));
    expect(grants).toMatchObject({ roomAdmin: true, roomRecord: true, canPublishSources: 'all' });
  });

  it('turns "not publishing" into no source at all, and refuses an empty source request', () => {
    const member = user('m2', ['member']);
    expect(policy.livekitGrants(member, { canPublish: false }, inRoom('team-a'))).toMatchObject({ canPublish: false, canPublishSources: [] });
    expect(refusal(() => policy.livekitGrants(member, { canPublishSources: [] }, inRoom('team-a')))).toEqual({ code: 'BAD_USER_INPUT', reason: undefined });
  });

  it('applies the rule to OpenVidu roles and recording', () => {
    const memberRecorder = user('mr', ['member', 'recorder']);
    // PUBLISHER is member's, recording is recorder's: never together.
    expect(refusal(() => policy.openViduRole(memberRecorder, { role: 'PUBLISHER', record: true }, inRoom('team-a'))).reason).toBe(COMBINED_ROLES_REASON);
    expect(policy.openViduRole(memberRecorder, { role: 'SUBSCRIBER', record: true }, inRoom('team-a'))).toBe('SUBSCRIBER');
    expect(policy.openViduRole(memberRecorder, {}, inRoom('team-a'))).toBe('SUBSCRIBER');
    expect(policy.openViduRole(user('m3', ['member']), {}, inRoom('team-a'))).toBe('PUBLISHER');
    expect(refusal(() => policy.openViduRole(user('m4', ['member']), { record: true }, inRoom('team-a')))).toEqual({
      code: 'FORBIDDEN',
      reason: 'openvidu.recording',
    });
    expect(policy.openViduRole(user('o2', []), { role: 'MODERATOR', record: true }, inRoom('lobby-x', true))).toBe('MODERATOR');
  });

  it('applies the rule to VideoSDK permissions', () => {
    const both = user('vo', ['observer', 'member']);
    expect(refusal(() => policy.videoSdkPermissions(both, ['allow_join', 'allow_mod'], inRoom('lobby-1'))).reason).toBe(COMBINED_ROLES_REASON);
    expect(policy.videoSdkPermissions(both, ['allow_mod'], inRoom('lobby-1'))).toEqual(['allow_mod']);
    expect(policy.videoSdkPermissions(both, null, inRoom('lobby-1'))).toEqual(['allow_join']);
    // Two names (meetingId and custom id): a role counts when either matches.
    expect(policy.videoSdkPermissions(both, null, { owner: false, rooms: ['m_generated', 'stage-7'] })).toEqual(['allow_mod']);
  });

  it('makes recorded session creation a grant of the same role that may create there', () => {
    const recorder = user('r', ['recorder']);
    const member = user('m5', ['member']);
    expect(refusal(() => policy.assertMayCreate(member, 'openvidu', 'team-x', { recording: true }))).toEqual({
      code: 'FORBIDDEN',
      reason: 'openvidu.recording',
    });
    expect(() => policy.assertMayCreate(member, 'openvidu', 'team-x')).not.toThrow();
    // recorder may create and record, but has no create pattern: no custom id is allowed to it.
    expect(refusal(() => policy.assertMayCreate(user('mr2', ['member', 'recorder']), 'openvidu', 'team-x', { recording: true })).reason).toBe('rooms.create');
    expect(refusal(() => policy.assertMayCreate(recorder, 'openvidu', null, { recording: true })).reason).toBe('rooms.create');
    expect(() => policy.assertMayCreate(user('h', ['host']), 'openvidu', null, { recording: true })).not.toThrow();
  });
});
