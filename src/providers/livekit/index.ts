import type { LivekitConfig } from '../../config/config.types.js';
import type { HttpProvider, ProviderSetup } from '../http/provider-setup.js';
import { livekitApiUrl, LivekitRoomService, LivekitRoomServiceHttp } from './livekit.room-service.js';
import { LivekitTokenIssuer } from './livekit.token-issuer.js';

/** LiveKit as the gateway holds it: a local token issuer (no HTTP side, so no pool or breaker). */
export function createLivekitProvider(config: LivekitConfig): LivekitTokenIssuer {
  return new LivekitTokenIssuer(config);
}

/** Call limits of the room service; the LiveKit configuration has none of its own yet. */
export interface LivekitRoomServiceLimits {
  timeoutMs: number;
  connectTimeoutMs: number;
}

/**
 * LiveKit's room service (moderation) as the gateway holds it: one HTTP side (pool, breaker) at the
 * server API derived from the LiveKit URL, and per-request clients.
 */
export function createLivekitRoomService(config: LivekitConfig, limits: LivekitRoomServiceLimits, setup: ProviderSetup): HttpProvider<LivekitRoomService> {
  const http = new LivekitRoomServiceHttp({ ...setup, ...limits, prefixUrl: livekitApiUrl(config.url) }, config);
  return {
    http,
    dataSource: (scope) => new LivekitRoomService(http, scope),
    close: () => http.close(),
  };
}
