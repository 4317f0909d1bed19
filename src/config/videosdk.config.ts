import type { VideoSdkConfig } from './config.types.js';
import { pairedVariables, requireStrongSecretInProduction, requireTlsInProduction, type ConfigContext } from './config-rules.js';

/** VideoSDK: VIDEOSDK_API_KEY with VIDEOSDK_SECRET, the API address and the call deadlines; null when neither is set. */
export function videosdkConfig(ctx: ConfigContext): VideoSdkConfig | null {
  const { e } = ctx;
  if (!pairedVariables(ctx, 'VIDEOSDK_API_KEY', 'VIDEOSDK_SECRET')) return null;
  requireStrongSecretInProduction(ctx, 'VIDEOSDK_SECRET', e.VIDEOSDK_SECRET);
  requireTlsInProduction(ctx, 'VIDEOSDK_API_URL', e.VIDEOSDK_API_URL);
  return {
    apiKey: e.VIDEOSDK_API_KEY ?? '',
    secret: e.VIDEOSDK_SECRET ?? '',
    apiUrl: e.VIDEOSDK_API_URL.replace(/\/+$/, ''),
    timeoutMs: e.VIDEOSDK_TIMEOUT_MS,
    connectTimeoutMs: Math.min(e.VIDEOSDK_CONNECT_TIMEOUT_MS, e.VIDEOSDK_TIMEOUT_MS),
  };
}
