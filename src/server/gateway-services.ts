import type { Logger } from 'pino';
import { createAccessTokenVerifier, type AccessTokenVerifier } from '../auth/verify-access-token.js';
import type { Config } from '../config/config.types.js';
import { createCredentials, type Credentials } from '../credentials/credentials.js';
import { createMetrics, type GatewayMetrics } from '../observability/metrics.js';
import { Policy } from '../policy/policy.js';
import { createLivekitProvider, createLivekitRoomService, type LivekitRoomServiceProvider } from '../providers/livekit/index.js';
import type { LivekitTokenIssuer } from '../providers/livekit/livekit.token-issuer.js';
import { createOpenViduProvider, type OpenViduProvider } from '../providers/openvidu/index.js';
import { createVideoSdkProvider, type VideoSdkProvider } from '../providers/videosdk/index.js';
import { CredentialRateLimiter } from '../rate-limit/credential-rate-limiter.js';
import { InFlightLimiter } from '../rate-limit/in-flight-limiter.js';
import { MemoryRoomStore } from '../rooms/memory-room-store.js';
import { readRedisEviction } from '../rooms/redis-eviction.js';
import { RedisRoomStore } from '../rooms/redis-room-store.js';
import { RoomAccessService } from '../rooms/room-access.service.js';
import { createMemoryState, createRedisState, type SharedState } from '../state/shared-state.js';
import { createRoomEvents, type RoomEvents } from '../webhooks/room-events.js';

/** One line of `GET /readyz`. `detail` is for operators and must never hold a secret. */
export interface ReadinessResult {
  name: string;
  ok: boolean;
  detail?: string;
  /** Something an operator should fix that does not make the replica unready (e.g. Redis may evict records). */
  warning?: string;
}

/** An extra readiness check (e.g. "Redis answers PING"); it should settle within a second or two. */
export type ReadinessCheck = () => Promise<ReadinessResult>;

/** The long-lived pieces shared by every request: built once at start-up, closed at shutdown. */
export interface GatewayServices {
  config: Config;
  logger: Logger;
  metrics: GatewayMetrics;
  verifyAccessToken: AccessTokenVerifier;
  policy: Policy;
  /** Room ownership and access (records in memory or Redis). */
  rooms: RoomAccessService;
  /** The credential flows (src/credentials/): the only code that signs tokens or creates provider rooms. */
  credentials: Credentials;
  /** Per-caller and per-IP budgets for credential mutations. */
  rateLimiter: CredentialRateLimiter;
  /** Provider calls each caller has running in this process (PROVIDER_MAX_IN_FLIGHT_PER_CALLER). */
  providerCallsInFlight: InFlightLimiter;
  /** The store behind `rooms` and `rateLimiter`. */
  sharedState: SharedState;
  openvidu: OpenViduProvider | null;
  videosdk: VideoSdkProvider | null;
  livekit: LivekitTokenIssuer | null;
  /** LiveKit's server API (RoomService) for moderation: its own HTTP side (pool, breaker), per-call server tokens. */
  livekitRoomService: LivekitRoomServiceProvider | null;
  /** Provider webhooks in, room events out (bus across replicas when Redis is configured). */
  roomEvents: RoomEvents;
  /** Checks `GET /readyz` runs besides configuration and provider circuits (shared stores plug in here). */
  readinessChecks?: ReadinessCheck[];
  close(): Promise<void>;
}

export function createGatewayServices(config: Config, logger: Logger): GatewayServices {
  const metrics = createMetrics();
  const setup = { resilience: config.providerHttp, metrics, logger };
  const openvidu = config.openvidu ? createOpenViduProvider(config.openvidu, setup) : null;
  const videosdk = config.videosdk ? createVideoSdkProvider(config.videosdk, setup) : null;

  const policy = new Policy(config.policy);
  const sharedState = config.redis ? createRedisState(config.redis.url, logger) : createMemoryState();
  const roomStore = sharedState.redis ? new RedisRoomStore(sharedState.redis) : new MemoryRoomStore();
  const rooms = new RoomAccessService(policy, roomStore);
  const livekit = config.livekit ? createLivekitProvider(config.livekit) : null;
  const livekitRoomService = config.livekit ? createLivekitRoomService(config.livekit, setup) : null;
  const roomEvents = createRoomEvents(config, logger, sharedState.redis, roomStore, videosdk ? () => videosdk.authorization() : undefined);

  return {
    config,
    logger,
    metrics,
    verifyAccessToken: createAccessTokenVerifier(config.auth),
    policy,
    rooms,
    credentials: createCredentials({ policy, rooms, livekit, events: roomEvents.bus }),
    rateLimiter: new CredentialRateLimiter(policy.rateLimits, sharedState.redis, (limit) => metrics.rateLimitRefusals.inc({ scope: limit })),
    providerCallsInFlight: new InFlightLimiter(config.providerHttp.maxInFlightPerCaller),
    sharedState,
    openvidu,
    videosdk,
    livekit,
    livekitRoomService,
    roomEvents,
    readinessChecks: sharedState.redis
      ? [
          // Redis answers PING within its command timeout, or the replica is not ready (fail closed).
          async () => {
            const pong = await sharedState.redis!.ping().then(
              (r) => r === 'PONG',
              () => false,
            );
            return { name: 'redis', ok: pong, detail: pong ? 'reachable' : 'unreachable' };
          },
          // Ready either way; a policy that may evict room records is reported as a warning.
          async () => {
            const { detail, warning } = await readRedisEviction(sharedState.redis!);
            return { name: 'redis-eviction', ok: true, detail, ...(warning ? { warning } : {}) };
          },
        ]
      : [],
    async close() {
      openvidu?.close();
      videosdk?.close();
      livekitRoomService?.close();
      await roomStore.close();
      await roomEvents.close();
      await sharedState.close();
    },
  };
}
