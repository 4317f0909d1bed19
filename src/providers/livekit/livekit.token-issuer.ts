import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { claimsToJwtPayload, RoomAgentDispatch, RoomConfiguration, TrackSource, type ClaimGrants, type VideoGrant } from 'livekit-server-sdk';
import type { LivekitConfig } from '../../config/config.types.js';
import type { LivekitJoinGrants, LivekitTrackSource } from '../../policy/vocabulary.js';

/** An agent LiveKit dispatches into the room when the participant joins (a `RoomAgentDispatch`). */
export interface LivekitAgentDispatch {
  agentName: string;
  metadata?: string;
}

export interface LivekitTokenRequest {
  roomName: string;
  identity: string;
  name: string;
  metadata?: string;
  attributes?: Record<string, string>;
  grants: LivekitJoinGrants;
  ttlSeconds: number;
  /** Written as the token's `roomConfig` (a `RoomConfiguration` with only `agents` set); none when empty. */
  agents?: readonly LivekitAgentDispatch[];
}

const SOURCE_TO_ENUM: Record<LivekitTrackSource, TrackSource> = {
  camera: TrackSource.CAMERA,
  microphone: TrackSource.MICROPHONE,
  screen_share: TrackSource.SCREEN_SHARE,
  screen_share_audio: TrackSource.SCREEN_SHARE_AUDIO,
};

/** The JOSE header the SDK writes, base64url-encoded once. */
const HS256_HEADER = Buffer.from(JSON.stringify({ alg: 'HS256' })).toString('base64url');

/**
 * Signs LiveKit join tokens locally (no network call). Key and secret come from configuration,
 * never from the SDK's environment fallback. Every grant is written explicitly, so SDK and server
 * defaults ("publish and subscribe when unset") never decide what a participant may do.
 *
 * The claims are the SDK's `ClaimGrants`, laid out as `AccessToken` lays them out and converted by
 * the SDK's `claimsToJwtPayload`; the issuer signs them the way
 * `AccessToken.toJwt()` does (HS256, `iss` = API key, `exp` = now + TTL, `nbf` = now, `sub` =
 * identity), with the secret imported once as a KeyObject. `toJwt()` imports the secret again and
 * goes through an asynchronous signer on every call, which was the largest single cost of
 * `issueLivekitToken` (docs/performance.md). A unit test checks that both give the same token,
 * byte for byte, for the same request and second.
 */
export class LivekitTokenIssuer {
  private readonly key: KeyObject;

  constructor(
    private readonly config: Pick<LivekitConfig, 'apiKey' | 'apiSecret' | 'url'>,
    private readonly now: () => number = Date.now,
  ) {
    this.key = createSecretKey(Buffer.from(config.apiSecret, 'utf8'));
  }

  get serverUrl(): string {
    return this.config.url;
  }

  async issueToken(request: LivekitTokenRequest): Promise<{ token: string; expiresAt: Date }> {
    const issuedAt = Math.floor(this.now() / 1000);
    const claims = {
      ...claimsToJwtPayload(this.claimGrants(request)),
      iss: this.config.apiKey,
      exp: issuedAt + request.ttlSeconds,
      nbf: issuedAt,
      sub: request.identity,
    };
    const signingInput = `${HS256_HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    const signature = createHmac('sha256', this.key).update(signingInput).digest('base64url');
    return { token: `${signingInput}.${signature}`, expiresAt: new Date((issuedAt + request.ttlSeconds) * 1000) };
  }

  /** The grants in the order `AccessToken` sets them: metadata, attributes, name, then the video grant. */
  private claimGrants(request: LivekitTokenRequest): ClaimGrants {
    const claims: ClaimGrants = {};
    if (request.metadata) claims.metadata = request.metadata;
    if (request.attributes) claims.attributes = request.attributes;
    if (request.name) claims.name = request.name;
    claims.video = this.videoGrant(request);
    const roomConfig = this.roomConfig(request);
    if (roomConfig) claims.roomConfig = roomConfig;
    return claims;
  }

  /** The SDK's `RoomConfiguration` with the agents to dispatch, as `AccessToken.roomConfig` takes it; none without agents. */
  private roomConfig({ agents }: LivekitTokenRequest): RoomConfiguration | undefined {
    if (!agents?.length) return undefined;
    return new RoomConfiguration({ agents: agents.map((a) => new RoomAgentDispatch({ agentName: a.agentName, metadata: a.metadata ?? '' })) });
  }

  private videoGrant({ roomName, grants }: LivekitTokenRequest): VideoGrant {
    const sources = grants.canPublishSources;
    // No source at all is "may not publish"; an empty list in the token would mean every source.
    const canPublish = grants.canPublish && (sources === 'all' || sources.length > 0);
    const video: VideoGrant = {
      roomJoin: true,
      room: roomName,
      canPublish,
      canSubscribe: grants.canSubscribe,
      canPublishData: grants.canPublishData,
      canUpdateOwnMetadata: grants.canUpdateOwnMetadata,
      hidden: grants.hidden,
      roomAdmin: grants.roomAdmin,
      roomRecord: grants.roomRecord,
    };
    if (canPublish && sources !== 'all') video.canPublishSources = sources.map((s) => SOURCE_TO_ENUM[s]);
    return video;
  }
}
