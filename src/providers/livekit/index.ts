import type { LivekitConfig } from '../../config/config.types.js';
import type { HttpProvider, ProviderSetup } from '../http/provider-setup.js';
import { LivekitRoomService, LivekitRoomServiceHttp } from './livekit.room-service.js';
import { LivekitTokenIssuer } from './livekit.token-issuer.js';

/** LiveKit as the gateway holds it: a local token issuer (no HTTP side, so no pool or breaker). */
export function createLivekitProvider(config: Pick<LivekitConfig, 'apiKey' | 'apiSecret' | 'url'>): LivekitTokenIssuer {
  return new LivekitTokenIssuer(config);
}

export type LivekitRoomServiceProvider = HttpProvider<LivekitRoomService>;

/**
 * LiveKit's room service (moderation) as the gateway holds it: one HTTP side (pool, breaker) at the
 * server API (LIVEKIT_API_URL, else derived from the LiveKit URL), and per-request clients.
 */
export function createLivekitRoomService(config: LivekitConfig, setup: ProviderSetup): LivekitRoomServiceProvider {
  const http = new LivekitRoomServiceHttp(
    { ...setup, prefixUrl: config.apiUrl, timeoutMs: config.timeoutMs, connectTimeoutMs: config.connectTimeoutMs },
    config,
  );
  return {
    http,
    dataSource: (scope) => new LivekitRoomService(http, scope),
    close: () => http.close(),
  };
}
