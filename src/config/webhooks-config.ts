import { MIN_SECRET_BYTES, requireTlsInProduction, type ConfigContext } from './config-rules.js';

/** The webhook settings, read with the rest of the environment (webhooks-environment.ts has their schema). */
export interface WebhooksConfig {
  openviduSecret: string | null;
  /** The VideoSDK public-key endpoint, or null when VideoSDK is not configured. */
  videosdkPublicKeyUrl: string | null;
  bodyLimitBytes: number;
  dedupTtlMs: number;
}

/** Reads and checks the webhook settings; `videosdkApiUrl` is null when VideoSDK is not configured. */
export function webhooksConfig(ctx: ConfigContext, videosdkApiUrl: string | null): WebhooksConfig {
  const { e, production, problems } = ctx;
  const secret = e.OPENVIDU_WEBHOOK_SECRET ?? null;
  if (production && secret !== null && Buffer.byteLength(secret) < MIN_SECRET_BYTES) {
    problems.push(`OPENVIDU_WEBHOOK_SECRET: must be at least ${MIN_SECRET_BYTES} bytes`);
  }
  if (secret !== null && /[\r\n]/.test(secret)) problems.push('OPENVIDU_WEBHOOK_SECRET: must be a single line');
  requireTlsInProduction(ctx, 'VIDEOSDK_WEBHOOK_PUBLIC_KEY_URL', e.VIDEOSDK_WEBHOOK_PUBLIC_KEY_URL);
  return {
    openviduSecret: secret,
    videosdkPublicKeyUrl: videosdkApiUrl === null ? null : (e.VIDEOSDK_WEBHOOK_PUBLIC_KEY_URL ?? `${videosdkApiUrl}/v2/public/rsa-public-key`),
    bodyLimitBytes: e.WEBHOOK_BODY_LIMIT_BYTES,
    dedupTtlMs: e.WEBHOOK_DEDUP_TTL_SECONDS * 1000,
  };
}
