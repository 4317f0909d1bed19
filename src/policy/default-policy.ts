import type { LivekitJoinGrants, PolicyDefinition } from './policy.types.js';

const participant: LivekitJoinGrants = {
  canPublish: true,
  canSubscribe: true,
  canPublishData: true,
  canPublishSources: [],
  canUpdateOwnMetadata: false,
  hidden: false,
  roomAdmin: false,
  roomRecord: false,
};

/**
 * The built-in policy: every caller may join as a participant and create rooms; `moderator`s may
 * also moderate. Tokens live 10 minutes by default and 1 hour at most.
 */
export const DEFAULT_POLICY: PolicyDefinition = {
  defaultRole: 'participant',
  roles: {
    participant: {
      livekit: { defaults: participant, max: participant },
      openvidu: { defaultRole: 'PUBLISHER', allowedRoles: ['SUBSCRIBER', 'PUBLISHER'] },
      videosdk: { defaultPermissions: ['allow_join'], allowedPermissions: ['allow_join', 'ask_join'] },
    },
    moderator: {
      livekit: {
        defaults: { ...participant, canUpdateOwnMetadata: true, roomAdmin: true },
        max: { ...participant, canUpdateOwnMetadata: true, roomAdmin: true, roomRecord: true, hidden: true },
      },
      openvidu: { defaultRole: 'MODERATOR', allowedRoles: ['SUBSCRIBER', 'PUBLISHER', 'MODERATOR'] },
      videosdk: {
        defaultPermissions: ['allow_join', 'allow_mod'],
        allowedPermissions: ['allow_join', 'ask_join', 'allow_mod'],
      },
    },
  },
  ttl: {
    livekit: { defaultSeconds: 600, maxSeconds: 3600 },
    videosdk: { defaultSeconds: 600, maxSeconds: 3600 },
  },
};
