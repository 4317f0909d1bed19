/**
 * The words a policy is written in: the providers, and what each can grant (LiveKit grants and track
 * sources, OpenVidu roles, VideoSDK permissions). Provider code imports these from here, so policy
 * depends on no provider module and the types have one home.
 */

/** Providers whose rooms the gateway creates, and therefore records an owner for. */
export type RoomProvider = 'openvidu' | 'videosdk';
/** Providers the gateway issues credentials for. */
export type CredentialProvider = 'livekit' | RoomProvider;

export type LivekitTrackSource = 'camera' | 'microphone' | 'screen_share' | 'screen_share_audio';

/** Every grant an end-user LiveKit token may carry; anything else is never set. */
export interface LivekitJoinGrants {
  canPublish: boolean;
  canSubscribe: boolean;
  canPublishData: boolean;
  /**
   * The sources the participant may publish from: `'all'` for every source, or a list. An empty list
   * means none, and is written into the token as `canPublish: false` (LiveKit itself reads an empty
   * `canPublishSources` as "every source", so an empty list is never signed).
   */
  canPublishSources: LivekitTrackSource[] | 'all';
  canUpdateOwnMetadata: boolean;
  hidden: boolean;
  roomAdmin: boolean;
  roomRecord: boolean;
}

export type OpenViduRole = 'SUBSCRIBER' | 'PUBLISHER' | 'MODERATOR';

export type VideoSdkPermission = 'allow_join' | 'ask_join' | 'allow_mod';
