import type { SubscriptionsConfig } from './subscriptions-config.js';
import type { WebhooksConfig } from './webhooks-config.js';
import type { PolicyDefinition } from '../policy/policy.types.js';
import type { TrustedDocumentsConfig } from './trusted-documents.js';

/** The configuration `loadConfig` builds from the environment; every part is read-only after start-up. */

export type AuthConfig = {
  /** `secret`: HS256 with a shared secret; `jwks`: an identity provider's public key set. */
  mode: 'secret' | 'jwks';
  secret?: Uint8Array;
  jwksUrl?: URL;
  issuer?: string;
  audience?: string;
  algorithms: string[];
  rolesClaim: string;
  nameClaim: string;
  clockToleranceSeconds: number;
  /** Remote key set fetching (jose): per-fetch timeout, refetch cooldown for unknown kids, cache lifetime. */
  jwks: { timeoutMs: number; cooldownMs: number; cacheMaxAgeMs: number };
};

export interface LivekitConfig {
  apiKey: string;
  apiSecret: string;
  /** The URL clients connect to (returned as `serverUrl`). */
  url: string;
  /** The HTTP base of the server API (RoomService): LIVEKIT_API_URL, else derived from `url` (ws→http, wss→https). */
  apiUrl: string;
  /** Deadline of one server API call, retries and their waits included. */
  timeoutMs: number;
  connectTimeoutMs: number;
}

export interface OpenViduConfig {
  url: string;
  secret: string;
  /** Deadline of one logical call, retries and their waits included. */
  timeoutMs: number;
  connectTimeoutMs: number;
}

export interface VideoSdkConfig {
  apiKey: string;
  secret: string;
  apiUrl: string;
  /** Deadline of one logical call, retries and their waits included. */
  timeoutMs: number;
  connectTimeoutMs: number;
}

/** Document limits enforced during validation, before any resolver or provider runs. */
export interface GraphqlLimitsConfig {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxCost: number;
  /** Parser token limit (Apollo parseOptions.maxTokens): a parse error, not a validation error. */
  maxTokens: number;
  /** Root fields that issue a credential, counted per operation (aliases included). */
  maxCredentialFields: number;
  /** Whether rejection messages name the limit; off in production. */
  exposeLimits: boolean;
}

/**
 * How outbound provider HTTP calls behave (connection pool, in-flight bound, retries, circuit
 * breaker); one setting applies to every REST provider.
 */
export interface ProviderHttpConfig {
  maxSockets: number;
  /** Provider calls one caller may have running at once in this process; more are refused (RATE_LIMITED). */
  maxInFlightPerCaller: number;
  /** Extra attempts for calls that are safe to repeat (reads, creates with a custom id). */
  maxRetries: number;
  retryBaseDelayMs: number;
  /** A Retry-After longer than this is not waited for: the call fails at once. */
  maxRetryAfterMs: number;
  /** Consecutive failures that open a provider's circuit. */
  breakerThreshold: number;
  /** How long an open circuit refuses calls before it lets one probe through. */
  breakerHalfOpenMs: number;
}

export interface ServerConfig {
  /** HOST, or 127.0.0.1 outside production and 0.0.0.0 in production (behind a load balancer). */
  host: string;
  port: number;
  /** Whether the main port serves /metrics (METRICS_ON_MAIN_PORT; default: outside production only). */
  metricsOnMainPort: boolean;
  /** Node's server.maxConnections: connections past it are closed as they arrive. */
  maxConnections: number;
  /** `true` reflects any origin (development); otherwise the exact allowed origins. */
  corsOrigins: true | string[];
  introspection: boolean;
  landingPage: boolean;
  includeStacktrace: boolean;
  logLevel: string;
  /** Fastify `trustProxy`: whose X-Forwarded-For decides the client IP used for rate limits. */
  trustProxy: boolean | string[];
  bodyLimitBytes: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** Graceful shutdown: how long in-flight requests may take before the process exits anyway. */
  shutdownTimeoutMs: number;
}

/** A second listener for /healthz, /readyz and /metrics only (ADMIN_PORT). */
export interface AdminConfig {
  host: string;
  port: number;
}

/** Shared state for ownership and rate limits (REDIS_URL). */
export interface RedisConfig {
  url: string;
}

export interface Config {
  env: 'development' | 'production' | 'test';
  server: ServerConfig;
  /** The admin listener, or null when ADMIN_PORT is not set. */
  admin: AdminConfig | null;
  /** The policy in force: the file named by POLICY_FILE, or the built-in default. */
  policy: PolicyDefinition;
  /** Where the policy came from (a path, or "built-in"); safe to log. */
  policySource: string;
  /** The trusted-documents manifest (GRAPHQL_TRUSTED_DOCUMENTS) and only-mode, or null when not set. */
  trustedDocuments: TrustedDocumentsConfig | null;
  /** Shared state for ownership and rate limits; null keeps both in this process. */
  redis: RedisConfig | null;
  graphql: GraphqlLimitsConfig;
  providerHttp: ProviderHttpConfig;
  auth: AuthConfig;
  livekit: LivekitConfig | null;
  openvidu: OpenViduConfig | null;
  videosdk: VideoSdkConfig | null;
  /** Provider webhooks (POST /webhooks/<provider>). */
  webhooks: WebhooksConfig;
  /** GraphQL subscriptions over WebSocket (graphql-ws on /graphql). */
  subscriptions: SubscriptionsConfig;
  /** Human-readable notes about defaults in use (names only, never values), logged at start-up. */
  notices: string[];
}
