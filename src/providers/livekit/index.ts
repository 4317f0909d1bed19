import type { LivekitConfig } from '../../config/config.types.js';
import { LivekitTokenIssuer } from './livekit.token-issuer.js';

/** LiveKit as the gateway holds it: a local token issuer (no HTTP side, so no pool or breaker). */
export function createLivekitProvider(config: LivekitConfig): LivekitTokenIssuer {
  return new LivekitTokenIssuer(config);
}
