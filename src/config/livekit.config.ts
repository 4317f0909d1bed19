import type { LivekitConfig } from './config.types.js';
import { isCleartextRemote, pairedVariables, requireStrongSecretInProduction, type ConfigContext } from './config-rules.js';
import { DEV_DEFAULTS } from './dev-defaults.js';

/** LiveKit: LIVEKIT_API_KEY with LIVEKIT_API_SECRET, and LIVEKIT_URL; the dev-server keys outside production. */
export function livekitConfig(ctx: ConfigContext): LivekitConfig | null {
  const { e, production, problems, notices } = ctx;
  let livekit: LivekitConfig | null = null;
  if (pairedVariables(ctx, 'LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET')) {
    requireStrongSecretInProduction(ctx, 'LIVEKIT_API_SECRET', e.LIVEKIT_API_SECRET, {
      value: DEV_DEFAULTS.livekitApiSecret,
      what: 'the LiveKit development secret',
    });
    livekit = { apiKey: e.LIVEKIT_API_KEY ?? '', apiSecret: e.LIVEKIT_API_SECRET ?? '', url: e.LIVEKIT_URL ?? DEV_DEFAULTS.livekitUrl };
  } else if (!production) {
    notices.push('LIVEKIT_API_KEY/LIVEKIT_API_SECRET are not set: using the LiveKit dev-server keys');
    livekit = { apiKey: DEV_DEFAULTS.livekitApiKey, apiSecret: DEV_DEFAULTS.livekitApiSecret, url: e.LIVEKIT_URL ?? DEV_DEFAULTS.livekitUrl };
  }
  if (livekit && !/^(wss?|https?):\/\//.test(livekit.url)) {
    problems.push('LIVEKIT_URL: must be a ws://, wss://, http:// or https:// URL');
  } else if (livekit && production) {
    // Browsers connect to this address with the issued token: the dev default would send them to localhost.
    if (!e.LIVEKIT_URL) problems.push('LIVEKIT_URL: required in production (the wss:// address browsers connect to)');
    else if (isCleartextRemote(e.LIVEKIT_URL)) problems.push('LIVEKIT_URL: must use wss:// in production (ws:// only for a loopback host)');
  }
  return livekit;
}
