import { z } from 'zod';
import { subscriptionsEnvironment } from './subscriptions-environment.js';
import { webhookEnvironment } from './webhooks-environment.js';

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
/** Accepted as a URL only with one of these schemes; the message names them. */
const redisUrl = z
  .string()
  .refine((v) => /^rediss?:\/\/./i.test(v) && URL.canParse(v), { error: 'must be a redis:// or rediss:// URL' })
  .optional();
const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const environmentSchema = z.object({
  // server
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(4000),
  // unset: 127.0.0.1 outside production, 0.0.0.0 in production (behind a load balancer)
  HOST: optionalString,
  ADMIN_PORT: port.optional(),
  ADMIN_HOST: z.string().min(1).default('127.0.0.1'),
  METRICS_ON_MAIN_PORT: flag,
  CORS_ORIGINS: optionalString,
  GRAPHQL_INTROSPECTION: flag,
  GRAPHQL_LANDING_PAGE: flag,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  TRUST_PROXY: optionalString,
  // policy and shared state
  POLICY_FILE: optionalString,
  REDIS_URL: redisUrl,
  // HTTP server limits
  HTTP_BODY_LIMIT_BYTES: count(1024, 10 * 1024 * 1024).default(64 * 1024),
  HTTP_HEADERS_TIMEOUT_MS: milliseconds.default(15_000),
  HTTP_REQUEST_TIMEOUT_MS: milliseconds.default(30_000),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: milliseconds.default(72_000),
  HTTP_MAX_CONNECTIONS: count(1, 1_000_000).default(10_000),
  SHUTDOWN_TIMEOUT_MS: milliseconds.default(10_000),
  // GraphQL document limits
  GRAPHQL_MAX_DEPTH: count(1, 100).default(6),
  GRAPHQL_MAX_ALIASES: count(0, 1000).default(5),
  GRAPHQL_MAX_DIRECTIVES: count(0, 1000).default(10),
  GRAPHQL_MAX_COST: count(1, 1_000_000).default(250),
  GRAPHQL_MAX_TOKENS: count(10, 100_000).default(1000),
  GRAPHQL_MAX_CREDENTIAL_FIELDS: count(1, 100).default(1),
  // trusted documents (persisted operations): the manifest's path, and whether only its documents run
  GRAPHQL_TRUSTED_DOCUMENTS: optionalString,
  GRAPHQL_TRUSTED_DOCUMENTS_ONLY: flag,
  // outbound provider calls (shared by OpenVidu and VideoSDK)
  PROVIDER_MAX_SOCKETS: count(1, 1024).default(50),
  PROVIDER_MAX_IN_FLIGHT_PER_CALLER: count(1, 1024).default(4),
  PROVIDER_MAX_RETRIES: count(0, 5).default(2),
  PROVIDER_RETRY_BASE_DELAY_MS: count(0, 10_000).default(100),
  PROVIDER_MAX_RETRY_AFTER_MS: count(0, 60_000).default(2000),
  PROVIDER_BREAKER_THRESHOLD: count(1, 1000).default(5),
  PROVIDER_BREAKER_HALF_OPEN_MS: milliseconds.default(10_000),
  // auth
  AUTH_JWT_SECRET: optionalString,
  AUTH_JWKS_URL: httpUrl,
  AUTH_ISSUER: optionalString,
  AUTH_AUDIENCE: optionalString,
  AUTH_ALGORITHMS: optionalString,
  AUTH_ROLES_CLAIM: z.string().min(1).default('roles'),
  AUTH_NAME_CLAIM: z.string().min(1).default('name'),
  AUTH_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  AUTH_JWKS_TIMEOUT_MS: milliseconds.default(2000),
  AUTH_JWKS_COOLDOWN_MS: count(0, 3_600_000).default(30_000),
  AUTH_JWKS_CACHE_MAX_AGE_MS: count(1000, 86_400_000).default(600_000),
  // livekit
  LIVEKIT_API_KEY: optionalString,
  LIVEKIT_API_SECRET: optionalString,
  LIVEKIT_URL: optionalString,
  LIVEKIT_API_URL: httpUrl,
  LIVEKIT_TIMEOUT_MS: milliseconds.default(5000),
  LIVEKIT_CONNECT_TIMEOUT_MS: milliseconds.default(1000),
  // openvidu
  OPENVIDU_URL: httpUrl,
  OPENVIDU_SECRET: optionalString,
  OPENVIDU_TIMEOUT_MS: milliseconds.default(5000),
  OPENVIDU_CONNECT_TIMEOUT_MS: milliseconds.default(1000),
  // videosdk
  VIDEOSDK_API_KEY: optionalString,
  VIDEOSDK_SECRET: optionalString,
  VIDEOSDK_API_URL: z.url({ protocol: /^https?$/ }).default('https://api.videosdk.live'),
  VIDEOSDK_TIMEOUT_MS: milliseconds.default(5000),
  VIDEOSDK_CONNECT_TIMEOUT_MS: milliseconds.default(1000),
  // provider webhooks (webhooks-environment.ts, webhooks-config.ts)
  ...webhookEnvironment,
  // GraphQL subscriptions over WebSocket (subscriptions-environment.ts, subscriptions-config.ts)
  ...subscriptionsEnvironment,
});

export type Environment = z.infer<typeof environmentSchema>;
