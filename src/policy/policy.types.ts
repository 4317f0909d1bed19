import type { CredentialProvider, LivekitJoinGrants, LivekitTrackSource, OpenViduRole, RoomProvider, VideoSdkPermission } from './vocabulary.js';

export type { CredentialProvider, LivekitJoinGrants, LivekitTrackSource, OpenViduRole, RoomProvider, VideoSdkPermission };

/**
 * Room-name patterns of one role. A pattern is matched against the whole name: `*` stands for any run
 * of characters (also none), `{sub}` for the caller id and `{claim.<path>}` for a string claim of the
 * caller token. A placeholder the caller has no value for makes the pattern not match.
 */
export interface RoomRules {
  /** Names the role may join: LiveKit rooms, OpenVidu sessions, VideoSDK meetings. */
  join: string[];
  /** Custom ids the role may create OpenVidu sessions and VideoSDK meetings under. */
  create: string[];
  /** Whether the role may create a session or meeting whose id the provider generates, or ask for a LiveKit token in a room the gateway names. */
  createWithGeneratedId: boolean;
  /**
   * Rooms the role may moderate (list participants, remove one, mute a track, end the room), whoever
   * owns them: the `moderate` permission. Owners moderate their own rooms without it. None when unset.
   */
  moderate?: string[];
}

/**
 * What one role may receive. Roles are never combined: a request is granted only when ONE role the
 * caller holds (and that may be in the room) allows all of it, so two narrow roles never add up to a
 * wider one.
 */
export interface RoleRules {
  livekit: {
    /** Granted when the caller asks for nothing specific. */
    defaults: LivekitJoinGrants;
    /**
     * The most the role may ask for. `canPublishSources` is `'all'` (every source) or a list; an empty
     * list is "no source", which requires `canPublish: false`.
     */
    max: LivekitJoinGrants;
    /** Agents the role may have LiveKit dispatch into the room when it joins (the token's `roomConfig.agents`); none when unset. */
    agents?: string[];
  };
  openvidu: {
    defaultRole: OpenViduRole;
    allowedRoles: OpenViduRole[];
    createSessions: boolean;
    /** May create sessions with `recordingMode: ALWAYS` and ask for connections with `record: true`. */
    recording: boolean;
  };
  videosdk: { defaultPermissions: VideoSdkPermission[]; allowedPermissions: VideoSdkPermission[]; createMeetings: boolean };
  rooms: RoomRules;
}

export interface TtlRule {
  defaultSeconds: number;
  maxSeconds: number;
}

/** The characters and length every room, session and meeting name must have (on top of the API's own limit). */
export interface RoomNameRules {
  /** A character-class body such as `a-z0-9-` (only letters, digits, `_` and `-` ranges). */
  allowedCharacters: string;
  minLength: number;
  maxLength: number;
}

/** At most `points` credential mutations per `durationSeconds` (fixed window). */
export interface RateLimitRule {
  points: number;
  durationSeconds: number;
}

export interface PolicyDefinition {
  version: 1;
  /** Every role by name. */
  roles: Record<string, RoleRules>;
  /**
   * Every role name exactly once, from the least to the most privileged. When a caller holds several
   * roles that may be in a room, the defaults come from the last of them in this order.
   */
  roleOrder: string[];
  /** The role every authenticated caller holds, whatever their token says. */
  defaultRole: string;
  /** The role whose rules the owner of a session or meeting gets in that room. */
  ownerRole: string;
  roomNames: RoomNameRules;
  ttl: { livekit: TtlRule; videosdk: TtlRule };
  /** How long the gateway remembers who owns a room. */
  roomRecords: {
    ttlSeconds: Record<RoomProvider, number>;
    /** The most live room records one caller id may own at once (over every provider). */
    maxPerOwner: number;
  };
  rateLimits: { perCaller: RateLimitRule; perIp: RateLimitRule };
}
