import { AccessToken, TrackSource, type VideoGrant } from 'livekit-server-sdk';
import type { LivekitConfig } from '../../config/load-config.js';

export type LivekitTrackSource = 'camera' | 'microphone' | 'screen_share' | 'screen_share_audio';

/** Every grant an end-user token may carry; anything else is never set. */
export interface LivekitJoinGrants {
  canPublish: boolean;
  canSubscribe: boolean;
  canPublishData: boolean;
  /** Empty means "every source" to LiveKit; the policy decides whether that is allowed. */
  canPublishSources: LivekitTrackSource[];
  canUpdateOwnMetadata: boolean;
  hidden: boolean;
  roomAdmin: boolean;
  roomRecord: boolean;
}

export interface LivekitTokenRequest {
  roomName: string;
  identity: string;
  name: string;
  metadata?: string;
  attributes?: Record<string, string>;
  grants: LivekitJoinGrants;
  ttlSeconds: number;
}

const SOURCE_TO_ENUM: Record<LivekitTrackSource, TrackSource> = {
  camera: TrackSource.CAMERA,
  microphone: TrackSource.MICROPHONE,
  screen_share: TrackSource.SCREEN_SHARE,
  screen_share_audio: TrackSource.SCREEN_SHARE_AUDIO,
};

/**
 * Signs LiveKit join tokens locally (no network call). Key and secret come from configuration,
 * never from the SDK's environment fallback. Every grant is written explicitly, so SDK and server
 * defaults ("publish and subscribe when unset") never decide what a participant may do.
 */
export class LivekitTokenIssuer {
  constructor(private readonly config: LivekitConfig) {}

  get serverUrl(): string {
    return this.config.url;
  }

  async issueToken(request: LivekitTokenRequest): Promise<{ token: string; expiresAt: Date }> {
    const { grants } = request;
    const token = new AccessToken(this.config.apiKey, this.config.apiSecret, {
      identity: request.identity,
      name: request.name,
      metadata: request.metadata,
      attributes: request.attributes,
      ttl: request.ttlSeconds,
    });
    const video: VideoGrant = {
      roomJoin: true,
      room: request.roomName,
      canPublish: grants.canPublish,
      canSubscribe: grants.canSubscribe,
      canPublishData: grants.canPublishData,
      canUpdateOwnMetadata: grants.canUpdateOwnMetadata,
      hidden: grants.hidden,
      roomAdmin: grants.roomAdmin,
      roomRecord: grants.roomRecord,
    };
    if (grants.canPublishSources.length > 0) {
      video.canPublishSources = grants.canPublishSources.map((s) => SOURCE_TO_ENUM[s]);
    }
    token.addGrant(video);
    const issuedAt = Math.floor(Date.now() / 1000);
    return { token: await token.toJwt(), expiresAt: new Date((issuedAt + request.ttlSeconds) * 1000) };
  }
}
