import type { Logger } from 'pino';
import { createAccessTokenVerifier, type AccessTokenVerifier } from '../auth/verify-access-token.js';
import type { Config } from '../config/load-config.js';
import { Policy } from '../policy/policy.js';
import { createHttpClient, type HttpClient } from '../providers/http/create-http-client.js';
import { LivekitTokenIssuer } from '../providers/livekit/livekit.token-issuer.js';
import { VideoSdkTokenSigner } from '../providers/videosdk/videosdk.token.js';
import { CredentialRateLimiter } from '../rate-limit/credential-rate-limiter.js';
import { MemoryRoomStore } from '../rooms/memory-room-store.js';
import { RedisRoomStore } from '../rooms/redis-room-store.js';
import { RoomAccessService } from '../rooms/room-access.service.js';
import { createMemoryState, createRedisState, type SharedState } from '../state/shared-state.js';

/** The long-lived pieces shared by every request: built once at start-up, closed at shutdown. */
export interface GatewayServices {
  config: Config;
  logger: Logger;
  verifyAccessToken: AccessTokenVerifier;
  policy: Policy;
  /** Room ownership and access (records in memory or Redis). */
  rooms: RoomAccessService;
  /** Per-caller and per-IP budgets for credential mutations. */
  rateLimiter: CredentialRateLimiter;
  /** The store behind `rooms` and `rateLimiter`. */
  sharedState: SharedState;
  openvidu: { http: HttpClient } | null;
  videosdk: { http: HttpClient; signer: VideoSdkTokenSigner } | null;
  livekit: LivekitTokenIssuer | null;
  close(): Promise<void>;
}

export function createGatewayServices(config: Config, logger: Logger): GatewayServices {
  const openvidu = config.openvidu
    ? {
        http: createHttpClient({
          prefixUrl: config.openvidu.url,
          timeoutMs: config.openvidu.timeoutMs,
          authorize: (() => {
            const basic = `Basic ${Buffer.from(`OPENVIDUAPP:${config.openvidu.secret}`).toString('base64')}`;
            return (headers) => {
              headers.authorization = basic;
            };
          })(),
        }),
      }
    : null;

  let videosdk: GatewayServices['videosdk'] = null;
  if (config.videosdk) {
    const signer = new VideoSdkTokenSigner(config.videosdk.apiKey, config.videosdk.secret);
    const http = createHttpClient({
      prefixUrl: config.videosdk.apiUrl,
      timeoutMs: config.videosdk.timeoutMs,
      authorize: () => undefined,
    });
    // The management JWT is async to sign, so it is added in a hook got awaits.
    http.got = http.got.extend({
      hooks: {
        beforeRequest: [
          async (request) => {
            request.headers.authorization = await signer.managementToken();
          },
        ],
      },
    });
    videosdk = { http, signer };
  }

  const policy = new Policy(config.policy);
  const sharedState = config.redis ? createRedisState(config.redis.url, logger) : createMemoryState();
  const roomStore = sharedState.redis ? new RedisRoomStore(sharedState.redis) : new MemoryRoomStore();

  return {
    config,
    logger,
    verifyAccessToken: createAccessTokenVerifier(config.auth),
    policy,
    rooms: new RoomAccessService(policy, roomStore),
    rateLimiter: new CredentialRateLimiter(policy.rateLimits, sharedState.redis),
    sharedState,
    openvidu,
    videosdk,
    livekit: config.livekit ? new LivekitTokenIssuer(config.livekit) : null,
    async close() {
      openvidu?.http.close();
      videosdk?.http.close();
      await roomStore.close();
      await sharedState.close();
    },
  };
}
