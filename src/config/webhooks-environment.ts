import { z } from 'zod';

/**
 * Settings of the provider webhooks (POST /webhooks/<provider>), read with the rest of the
 * environment: `webhookEnvironment` is part of the environment schema, `webhooksConfig` (webhooks-config.ts) checks it.
 */
export const webhookEnvironment = {
  /** OpenVidu sends it as `Authorization: Bearer <secret>` (its OPENVIDU_WEBHOOK_HEADERS); unset = no OpenVidu webhook. */
  OPENVIDU_WEBHOOK_SECRET: z
    .string()
    .transform((v) => v.trim())
    .optional()
    .transform((v) => (v === '' ? undefined : v)),
  /** Where VideoSDK's webhook public key is fetched; default: VIDEOSDK_API_URL + /v2/public/rsa-public-key. */
  VIDEOSDK_WEBHOOK_PUBLIC_KEY_URL: z.url({ protocol: /^https?$/ }).optional(),
  WEBHOOK_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(1024 * 1024).default(64 * 1024),
  /** At least LiveKit's 5-minute token lifetime, so a replayed LiveKit delivery is still remembered. */
  WEBHOOK_DEDUP_TTL_SECONDS: z.coerce.number().int().min(300).max(7 * 24 * 3600).default(900),
};

