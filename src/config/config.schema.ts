import { z } from 'zod';

/**
 * Every environment variable callgate reads, grouped by concern. Values are strings as they come from
 * the environment; `load-config.ts` turns the parsed result into the typed `Config`.
 */
const optionalString = z
  .string()
  .transform((v) => v.trim())
  .optional()
  .transform((v) => (v === '' ? undefined : v));

const port = z.coerce.number().int().min(0).max(65535);
const milliseconds = z.coerce.number().int().min(1).max(120_000);
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v))
  .optional();
const httpUrl = z.url({ protocol: /^https?$/ }).optional();

export const environmentSchema = z.object({
  // server
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  CORS_ORIGINS: optionalString,
  GRAPHQL_INTROSPECTION: flag,
  GRAPHQL_LANDING_PAGE: flag,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  TRUST_PROXY: optionalString,
  // policy and shared state
  POLICY_FILE: optionalString,
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  // auth
  AUTH_JWT_SECRET: optionalString,
  AUTH_JWKS_URL: httpUrl,
  AUTH_ISSUER: optionalString,
  AUTH_AUDIENCE: optionalString,
  AUTH_ALGORITHMS: optionalString,
  AUTH_ROLES_CLAIM: z.string().min(1).default('roles'),
  AUTH_NAME_CLAIM: z.string().min(1).default('name'),
  AUTH_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  // livekit
  LIVEKIT_API_KEY: optionalString,
  LIVEKIT_API_SECRET: optionalString,
  LIVEKIT_URL: optionalString,
  // openvidu
  OPENVIDU_URL: httpUrl,
  OPENVIDU_SECRET: optionalString,
  OPENVIDU_TIMEOUT_MS: milliseconds.default(5000),
  // videosdk
  VIDEOSDK_API_KEY: optionalString,
  VIDEOSDK_SECRET: optionalString,
  VIDEOSDK_API_URL: z.url({ protocol: /^https?$/ }).default('https://api.videosdk.live'),
  VIDEOSDK_TIMEOUT_MS: milliseconds.default(5000),
});

export type Environment = z.infer<typeof environmentSchema>;
