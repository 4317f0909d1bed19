import type { LivekitJoinGrants, PolicyDefinition } from './policy.types.js';

const participant: LivekitJoinGrants = {
  canPublish: true,
  canSubscribe: true,
  canPublishData: true,
  canPublishSources: 'all',
  canUpdateOwnMetadata: false,
  hidden: false,
  roomAdmin: false,
  roomRecord: false,
};

const anyRoom = { join: ['*'], create: ['*'], createWithGeneratedId: true };

/**
 * The built-in policy, used when POLICY_FILE is unset: every caller may join any room as a
 * participant (every source) and create rooms; `moderator`s (and room owners) may also moderate and
 * record, and `moderator`s hold the `moderate` permission (participants, removal, mute, end) in every room. Tokens live 10 minutes by default and 1 hour at most. 30 credential mutations a minute per caller, 120 per IP.
 */
export const DEFAULT_POLICY: PolicyDefinition = {
  version: 1,
  defaultRole: 'participant',
  ownerRole: 'moderator',
  roleOrder: ['participant', 'moderator'],
  roles: {
    participant: {
      livekit: { defaults: participant, max: participant },
      openvidu: { defaultRole: 'PUBLISHER', allowedRoles: ['SUBSCRIBER', 'PUBLISHER'], createSessions: true, recording: false },
      videosdk: { defaultPermissions: ['allow_join'], allowedPermissions: ['allow_join', 'ask_join'], createMeetings: true },
      rooms: anyRoom,
    },
    moderator: {
      livekit: {
        defaults: { ...participant, canUpdateOwnMetadata: true, roomAdmin: true },
        max: { ...participant, canUpdateOwnMetadata: true, roomAdmin: true, roomRecord: true, hidden: true },
      },
      openvidu: {
        defaultRole: 'MODERATOR',
        allowedRoles: ['SUBSCRIBER', 'PUBLISHER', 'MODERATOR'],
        createSessions: true,
        recording: true,
      },
      videosdk: {
        defaultPermissions: ['allow_join', 'allow_mod'],
        allowedPermissions: ['allow_join', 'ask_join', 'allow_mod'],
        createMeetings: true,
      },
      // The `moderate` permission in every room: list, remove, mute and end for anyone's room.
      rooms: { ...anyRoom, moderate: ['*'] },
    },
  },
  roomNames: { allowedCharacters: 'A-Za-z0-9_-', minLength: 1, maxLength: 64 },
  ttl: {
    livekit: { defaultSeconds: 600, maxSeconds: 3600 },
    videosdk: { defaultSeconds: 600, maxSeconds: 3600 },
  },
  roomRecords: { ttlSeconds: { openvidu: 86_400, videosdk: 604_800 }, maxPerOwner: 50 },
  rateLimits: {
    perCaller: { points: 30, durationSeconds: 60 },
    perIp: { points: 120, durationSeconds: 60 },
  },
};
