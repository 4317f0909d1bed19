import type { LivekitConfig } from './config.types.js';
import { isCleartextRemote, pairedVariables, requireStrongSecretInProduction, requireTlsInProduction, type ConfigContext } from './config-rules.js';
import { DEV_DEFAULTS } from './dev-defaults.js';

/**
 * The HTTP base of LiveKit's server API, derived from the URL clients connect to: `ws://` becomes
 * `http://`, `wss://` becomes `https://` (http(s) URLs are kept), without a trailing slash.
 */
export function livekitApiUrl(livekitUrl: string): string {
  const url = new URL(livekitUrl);
  if (url.protocol === 'ws:') url.protocol = 'http:';
  else if (url.protocol === 'wss:') url.protocol = 'https:';
  else if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`LiveKit URL must be ws(s):// or http(s)://, got ${url.protocol}`);
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}

/**
 * LiveKit: LIVEKIT_API_KEY with LIVEKIT_API_SECRET, LIVEKIT_URL, and the server API (LIVEKIT_API_URL,
 * else derived from LIVEKIT_URL) with its deadlines; the dev-server keys outside production.
 */
export function livekitConfig(ctx: ConfigContext): LivekitConfig | null {
  const { e, production, problems, notices } = ctx;
  let keys: Pick<LivekitConfig, 'apiKey' | 'apiSecret'> | null = null;
  if (pairedVariables(ctx, 'LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET')) {
    requireStrongSecretInProduction(ctx, 'LIVEKIT_API_SECRET', e.LIVEKIT_API_SECRET, {
      value: DEV_DEFAULTS.livekitApiSecret,
      what: 'the LiveKit development secret',
    });
    keys = { apiKey: e.LIVEKIT_API_KEY ?? '', apiSecret: e.LIVEKIT_API_SECRET ?? '' };
  } else if (!production) {
    notices.push('LIVEKIT_API_KEY/LIVEKIT_API_SECRET are not set: using the LiveKit dev-server keys');
    keys = { apiKey: DEV_DEFAULTS.livekitApiKey, apiSecret: DEV_DEFAULTS.livekitApiSecret };
  }
  if (!keys) return null;
  const url = e.LIVEKIT_URL ?? DEV_DEFAULTS.livekitUrl;
  const urlValid = /^(wss?|https?):\/\//.test(url) && URL.canParse(url);
  if (!urlValid) {
    problems.push('LIVEKIT_URL: must be a ws://, wss://, http:// or https:// URL');
  } else if (production) {
    // Browsers connect to this address with the issued token: the dev default would send them to localhost.
    if (!e.LIVEKIT_URL) problems.push('LIVEKIT_URL: required in production (the wss:// address browsers connect to)');
    else if (isCleartextRemote(e.LIVEKIT_URL)) problems.push('LIVEKIT_URL: must use wss:// in production (ws:// only for a loopback host)');
  }
  // The server API carries the short-lived admin tokens of moderation calls: TLS in production, like the other providers.
  requireTlsInProduction(ctx, 'LIVEKIT_API_URL', e.LIVEKIT_API_URL);
  const apiUrl = e.LIVEKIT_API_URL ? e.LIVEKIT_API_URL.replace(/\/+$/, '') : urlValid ? livekitApiUrl(url) : '';
  return {
    ...keys,
    url,
    apiUrl,
    timeoutMs: e.LIVEKIT_TIMEOUT_MS,
    connectTimeoutMs: Math.min(e.LIVEKIT_CONNECT_TIMEOUT_MS, e.LIVEKIT_TIMEOUT_MS),
  };
}
