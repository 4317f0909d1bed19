import type { LivekitJoinGrants, LivekitTrackSource } from '../providers/livekit/livekit.token-issuer.js';
import type { VideoSdkPermission } from '../providers/videosdk/videosdk.token.js';

export type OpenViduRole = 'SUBSCRIBER' | 'PUBLISHER' | 'MODERATOR';
export type { LivekitJoinGrants, LivekitTrackSource, VideoSdkPermission };

/** What one role may receive. A caller's allowance is the union over their roles. */
export interface RoleRules {
  livekit: {
    /** Granted when the caller asks for nothing specific. */
    defaults: LivekitJoinGrants;
    /** The most the role may ask for; `canPublishSources: []` here means every source is allowed. */
    max: LivekitJoinGrants;
  };
  openvidu: { defaultRole: OpenViduRole; allowedRoles: OpenViduRole[] };
  videosdk: { defaultPermissions: VideoSdkPermission[]; allowedPermissions: VideoSdkPermission[] };
}

export interface TtlRule {
  defaultSeconds: number;
  maxSeconds: number;
}

export interface PolicyDefinition {
  roles: Record<string, RoleRules>;
  /** The rules every authenticated caller gets, whatever their roles. */
  defaultRole: string;
  ttl: { livekit: TtlRule; videosdk: TtlRule };
}
