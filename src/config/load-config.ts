import { readFileSync } from 'node:fs';
import { DEFAULT_POLICY } from '../policy/default-policy.js';
import { parsePolicy } from '../policy/policy.schema.js';
import type { PolicyDefinition } from '../policy/policy.types.js';
import { environmentSchema, type Environment } from './config.schema.js';
import { parseTrustedDocuments, type TrustedDocumentsConfig } from './trusted-documents.js';
import { readWebhooksConfig, type WebhooksConfig } from './webhooks-config.js';

/** Secrets used when nothing is configured, so `npm start` serves on a fresh machine. Never in production. */
export const DEV_DEFAULTS = {
  authSecret: 'callgate-development-only-caller-secret-0001',
  livekitApiKey: 'devkey',
  livekitApiSecret: 'secret',
  livekitUrl: 'ws://localhost:7880',
} as const;

/** OpenVidu's documented default secret (its dev container and quick-start use it): public, like DEV_DEFAULTS. */
export const OPENVIDU_DEFAULT_SECRET = 'MY_SECRET';

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
  url: string;
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

/** How provider calls behave under faults; one setting applies to every REST provider. */
export interface ProviderResilienceConfig {
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

export interface Config {
  env: 'development' | 'production' | 'test';
  server: {
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
  };
  /** A second listener for /healthz, /readyz and /metrics only (ADMIN_PORT), or null. */
  admin: { host: string; port: number } | null;
  /** The policy in force: the file named by POLICY_FILE, or the built-in default. */
  policy: PolicyDefinition;
  /** Where the policy came from (a path, or "built-in"); safe to log. */
  policySource: string;
  /** The trusted-documents manifest (GRAPHQL_TRUSTED_DOCUMENTS) and only-mode, or null when not set. */
  trustedDocuments: TrustedDocumentsConfig | null;
  /** Shared state for ownership and rate limits; null keeps both in this process. */
  redis: { url: string } | null;
  graphql: GraphqlLimitsConfig;
  providers: ProviderResilienceConfig;
  auth: AuthConfig;
  livekit: LivekitConfig | null;
  openvidu: OpenViduConfig | null;
  videosdk: VideoSdkConfig | null;
  /** Provider webhooks (POST /webhooks/<provider>). */
  webhooks: WebhooksConfig;
  /** Human-readable notes about defaults in use (names only, never values), logged at start-up. */
  notices: string[];
}

/** Thrown by `loadConfig` with every problem found, so an operator fixes them in one go. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const MIN_SECRET_BYTES = 32;
const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

/** A URL's hostname that only this machine can reach (plain http/ws is acceptable there). */
function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** Whether `value` is a URL with a cleartext scheme (http:, ws:) to a host other than this machine. */
function isCleartextRemote(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'http:' || url.protocol === 'ws:') && !isLoopbackHost(url.hostname);
}

const byteLength = (value: string) => Buffer.byteLength(value, 'utf8');

/** Reads a file as UTF-8 text; injectable so tests can hand in content without touching the disk. */
export type ReadTextFile = (path: string) => string;

const readUtf8: ReadTextFile = (path) => readFileSync(path, 'utf8');

/** Reads the file a variable names, or adds `<NAME>: cannot be read (<errno code>)` to `problems`. */
function readNamedFile(name: string, path: string, readFile: ReadTextFile, problems: string[]): string | undefined {
  try {
    return readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException)?.code;
    problems.push(`${name}: cannot be read${code ? ` (${code})` : ''}`);
    return undefined;
  }
}

/** Loads and checks the policy file, adding `POLICY_FILE: <json path>: <problem>` lines to `problems`. */
function loadPolicyFile(path: string, readFile: ReadTextFile, problems: string[]): PolicyDefinition {
  const text = readNamedFile('POLICY_FILE', path, readFile, problems);
  if (text === undefined) return DEFAULT_POLICY;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    problems.push(`POLICY_FILE: is not valid JSON (${(error as Error).message})`);
    return DEFAULT_POLICY;
  }
  const parsed = parsePolicy(raw);
  if (!parsed.ok) {
    problems.push(...parsed.problems.map((p) => `POLICY_FILE: ${p}`));
    return DEFAULT_POLICY;
  }
  return parsed.policy;
}

/** Loads and checks the trusted-documents manifest, adding `GRAPHQL_TRUSTED_DOCUMENTS: <problem>` lines. */
function loadTrustedDocuments(path: string, only: boolean, readFile: ReadTextFile, problems: string[]): TrustedDocumentsConfig | null {
  const text = readNamedFile('GRAPHQL_TRUSTED_DOCUMENTS', path, readFile, problems);
  if (text === undefined) return null;
  const parsed = parseTrustedDocuments(text);
  if (!parsed.ok) {
    problems.push(...parsed.problems.map((p) => `GRAPHQL_TRUSTED_DOCUMENTS: ${p}`));
    return null;
  }
  return { source: path, documents: parsed.documents, only };
}

/** TRUST_PROXY: true/false, or a comma-separated list of the proxies' addresses/CIDRs. */
function parseTrustProxy(value: string | undefined): boolean | string[] {
  if (value === undefined || ['false', '0', 'no', 'off'].includes(value)) return false;
  if (['true', '1', 'yes', 'on'].includes(value)) return true;
  return value.split(',').map((v) => v.trim()).filter(Boolean);
}

/**
 * Parses the environment with the schema. An empty value counts as unset (`NODE_ENV=""` is
 * development). A variable that fails the schema is reported in `problems` and left at its default for
 * the rest of the checks, so one bad value (`PORT=abc`) does not hide the other problems. Returns null
 * only if even that second pass fails.
 */
function parseEnvironment(
  env: Record<string, string | undefined>,
  problems: string[],
): { e: Environment; invalid: Set<string> } | null {
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const first = environmentSchema.safeParse(given);
  if (first.success) return { e: first.data, invalid: new Set() };
  problems.push(...first.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`));
  const invalid = new Set(first.error.issues.map((issue) => String(issue.path[0] ?? '')));
  const second = environmentSchema.safeParse(Object.fromEntries(Object.entries(given).filter(([k]) => !invalid.has(k))));
  return second.success ? { e: second.data, invalid } : null;
}

/** The variable names a problem line starts with (`A and B: ...` names A and B). */
const namedIn = (problem: string) => problem.slice(0, problem.indexOf(':')).split(/[^A-Z0-9_]+/).filter(Boolean);

/**
 * Parses and checks the environment. Reads only `env` (never `process.env`) and, when POLICY_FILE or
 * GRAPHQL_TRUSTED_DOCUMENTS is set, that file through `readFile`. Throws `ConfigError` listing every problem by variable name (and
 * by JSON path inside the policy file); values are never included.
 */
export function loadConfig(env: Record<string, string | undefined>, readFile: ReadTextFile = readUtf8): Config {
  const schemaProblems: string[] = [];
  const parsed = parseEnvironment(env, schemaProblems);
  if (!parsed) throw new ConfigError(schemaProblems);
  const { e, invalid } = parsed;
  const production = e.NODE_ENV === 'production';
  const problems: string[] = [];
  const notices: string[] = [];
  const requireTlsInProduction = (name: string, value: string | undefined) => {
    if (production && value && isCleartextRemote(value)) problems.push(`${name}: must use https in production`);
  };

  // --- auth
  if (e.AUTH_JWT_SECRET && e.AUTH_JWKS_URL) {
    problems.push('AUTH_JWT_SECRET and AUTH_JWKS_URL: set one of them, not both');
  }
  let auth: AuthConfig;
  const common = {
    issuer: e.AUTH_ISSUER,
    audience: e.AUTH_AUDIENCE,
    rolesClaim: e.AUTH_ROLES_CLAIM,
    nameClaim: e.AUTH_NAME_CLAIM,
    clockToleranceSeconds: e.AUTH_CLOCK_TOLERANCE_SECONDS,
    jwks: { timeoutMs: e.AUTH_JWKS_TIMEOUT_MS, cooldownMs: e.AUTH_JWKS_COOLDOWN_MS, cacheMaxAgeMs: e.AUTH_JWKS_CACHE_MAX_AGE_MS },
  };
  const algorithms = e.AUTH_ALGORITHMS?.split(',').map((a) => a.trim()).filter(Boolean);
  if (e.AUTH_JWKS_URL) {
    const url = new URL(e.AUTH_JWKS_URL);
    requireTlsInProduction('AUTH_JWKS_URL', e.AUTH_JWKS_URL);
    if (production && (!e.AUTH_ISSUER || !e.AUTH_AUDIENCE)) {
      problems.push('AUTH_ISSUER and AUTH_AUDIENCE: required in production with AUTH_JWKS_URL');
    }
    const algs = algorithms ?? ['RS256'];
    if (algs.some((a) => a.startsWith('HS') || a === 'none')) {
      problems.push('AUTH_ALGORITHMS: only asymmetric algorithms are allowed with AUTH_JWKS_URL');
    }
    auth = { mode: 'jwks', jwksUrl: url, algorithms: algs, ...common };
  } else {
    let secret = e.AUTH_JWT_SECRET;
    if (!secret) {
      if (production) problems.push('AUTH_JWT_SECRET or AUTH_JWKS_URL: required in production');
      else notices.push('AUTH_JWT_SECRET is not set: using the built-in development caller secret');
      secret = DEV_DEFAULTS.authSecret;
    } else if (production && secret === DEV_DEFAULTS.authSecret) {
      problems.push('AUTH_JWT_SECRET: the development secret cannot be used in production');
    }
    if (production && byteLength(secret) < MIN_SECRET_BYTES) {
      problems.push(`AUTH_JWT_SECRET: must be at least ${MIN_SECRET_BYTES} bytes`);
    }
    const algs = algorithms ?? ['HS256'];
    if (algs.some((a) => !/^HS(256|384|512)$/.test(a))) {
      problems.push('AUTH_ALGORITHMS: only HS256, HS384 or HS512 are allowed with AUTH_JWT_SECRET');
    }
    auth = { mode: 'secret', secret: new TextEncoder().encode(secret), algorithms: algs, ...common };
    if (production && (!e.AUTH_ISSUER || !e.AUTH_AUDIENCE)) {
      notices.push(
        'AUTH_ISSUER/AUTH_AUDIENCE are not both set: any token signed with AUTH_JWT_SECRET is accepted as a caller, whoever issued it and for whatever service; set both',
      );
    }
  }

  // The development caller secret is in the source code: with it, anyone can sign caller tokens. It
  // may guard the public LiveKit dev-server keys (npm start), never a provider account's secrets.
  const devCallerSecret = !e.AUTH_JWKS_URL && (!e.AUTH_JWT_SECRET || e.AUTH_JWT_SECRET === DEV_DEFAULTS.authSecret);
  const livekitDevKeys = e.LIVEKIT_API_KEY === DEV_DEFAULTS.livekitApiKey && e.LIVEKIT_API_SECRET === DEV_DEFAULTS.livekitApiSecret;
  const providerSecrets = [
    ...((e.LIVEKIT_API_KEY || e.LIVEKIT_API_SECRET) && !livekitDevKeys ? ['LIVEKIT_API_SECRET'] : []),
    ...(e.OPENVIDU_SECRET && e.OPENVIDU_SECRET !== OPENVIDU_DEFAULT_SECRET ? ['OPENVIDU_SECRET'] : []),
    ...(e.VIDEOSDK_SECRET ? ['VIDEOSDK_SECRET'] : []),
  ];
  if (!production && devCallerSecret && providerSecrets.length) {
    problems.push(
      `AUTH_JWT_SECRET or AUTH_JWKS_URL: required when ${providerSecrets.join(', ')} ${providerSecrets.length > 1 ? 'are' : 'is'} set. ` +
        'The built-in development caller secret is public (it is in the source code): anyone could sign caller tokens and spend these provider credentials',
    );
  }

  // --- livekit: dev keys by default outside production
  let livekit: LivekitConfig | null = null;
  if (e.LIVEKIT_API_KEY || e.LIVEKIT_API_SECRET) {
    if (!e.LIVEKIT_API_KEY) problems.push('LIVEKIT_API_KEY: required when LIVEKIT_API_SECRET is set');
    if (!e.LIVEKIT_API_SECRET) problems.push('LIVEKIT_API_SECRET: required when LIVEKIT_API_KEY is set');
    if (production && e.LIVEKIT_API_SECRET === DEV_DEFAULTS.livekitApiSecret) {
      problems.push('LIVEKIT_API_SECRET: the LiveKit development secret cannot be used in production');
    } else if (production && e.LIVEKIT_API_SECRET && byteLength(e.LIVEKIT_API_SECRET) < MIN_SECRET_BYTES) {
      problems.push(`LIVEKIT_API_SECRET: must be at least ${MIN_SECRET_BYTES} bytes`);
    }
    livekit = {
      apiKey: e.LIVEKIT_API_KEY ?? '',
      apiSecret: e.LIVEKIT_API_SECRET ?? '',
      url: e.LIVEKIT_URL ?? DEV_DEFAULTS.livekitUrl,
    };
  } else if (!production) {
    notices.push('LIVEKIT_API_KEY/LIVEKIT_API_SECRET are not set: using the LiveKit dev-server keys');
    livekit = {
      apiKey: DEV_DEFAULTS.livekitApiKey,
      apiSecret: DEV_DEFAULTS.livekitApiSecret,
      url: e.LIVEKIT_URL ?? DEV_DEFAULTS.livekitUrl,
    };
  }
  if (livekit && !/^(wss?|https?):\/\//.test(livekit.url)) {
    problems.push('LIVEKIT_URL: must be a ws://, wss://, http:// or https:// URL');
  } else if (livekit && production) {
    // Browsers connect to this address with the issued token: the dev default would send them to localhost.
    if (!e.LIVEKIT_URL) problems.push('LIVEKIT_URL: required in production (the wss:// address browsers connect to)');
    else if (isCleartextRemote(e.LIVEKIT_URL)) problems.push('LIVEKIT_URL: must use wss:// in production (ws:// only for a loopback host)');
  }

  // --- openvidu
  let openvidu: OpenViduConfig | null = null;
  if (e.OPENVIDU_URL || e.OPENVIDU_SECRET) {
    if (!e.OPENVIDU_URL) problems.push('OPENVIDU_URL: required when OPENVIDU_SECRET is set');
    if (!e.OPENVIDU_SECRET) problems.push('OPENVIDU_SECRET: required when OPENVIDU_URL is set');
    requireTlsInProduction('OPENVIDU_URL', e.OPENVIDU_URL);
    // OpenVidu lets the operator choose its secret, so production holds it to the HMAC key length.
    if (production && e.OPENVIDU_SECRET === OPENVIDU_DEFAULT_SECRET) {
      problems.push("OPENVIDU_SECRET: OpenVidu's documented default secret cannot be used in production");
    } else if (production && e.OPENVIDU_SECRET && byteLength(e.OPENVIDU_SECRET) < MIN_SECRET_BYTES) {
      problems.push(`OPENVIDU_SECRET: must be at least ${MIN_SECRET_BYTES} bytes`);
    }
    openvidu = {
      url: (e.OPENVIDU_URL ?? '').replace(/\/+$/, ''),
      secret: e.OPENVIDU_SECRET ?? '',
      timeoutMs: e.OPENVIDU_TIMEOUT_MS,
      connectTimeoutMs: Math.min(e.OPENVIDU_CONNECT_TIMEOUT_MS, e.OPENVIDU_TIMEOUT_MS),
    };
  }

  // --- videosdk
  let videosdk: VideoSdkConfig | null = null;
  if (e.VIDEOSDK_API_KEY || e.VIDEOSDK_SECRET) {
    if (!e.VIDEOSDK_API_KEY) problems.push('VIDEOSDK_API_KEY: required when VIDEOSDK_SECRET is set');
    if (!e.VIDEOSDK_SECRET) problems.push('VIDEOSDK_SECRET: required when VIDEOSDK_API_KEY is set');
    if (production && e.VIDEOSDK_SECRET && byteLength(e.VIDEOSDK_SECRET) < MIN_SECRET_BYTES) {
      problems.push(`VIDEOSDK_SECRET: must be at least ${MIN_SECRET_BYTES} bytes`);
    }
    requireTlsInProduction('VIDEOSDK_API_URL', e.VIDEOSDK_API_URL);
    videosdk = {
      apiKey: e.VIDEOSDK_API_KEY ?? '',
      secret: e.VIDEOSDK_SECRET ?? '',
      apiUrl: e.VIDEOSDK_API_URL.replace(/\/+$/, ''),
      timeoutMs: e.VIDEOSDK_TIMEOUT_MS,
      connectTimeoutMs: Math.min(e.VIDEOSDK_CONNECT_TIMEOUT_MS, e.VIDEOSDK_TIMEOUT_MS),
    };
  }

  // A token the gateway issued must never verify as a caller token (RFC 8725 3.12).
  if (e.AUTH_JWT_SECRET && [e.LIVEKIT_API_SECRET, e.VIDEOSDK_SECRET].includes(e.AUTH_JWT_SECRET)) {
    problems.push('AUTH_JWT_SECRET: must differ from LIVEKIT_API_SECRET and VIDEOSDK_SECRET');
  }

  if (production && !livekit && !openvidu && !videosdk) {
    notices.push('providers: none is configured (LIVEKIT_API_KEY, OPENVIDU_URL, VIDEOSDK_API_KEY): every credential request will fail');
  }

  // --- server
  const trustProxy = parseTrustProxy(e.TRUST_PROXY);
  if (production && trustProxy === true) {
    notices.push(
      "TRUST_PROXY=true trusts X-Forwarded-For from every peer: a client can pick the IP its per-IP rate limit counts; list the proxies' addresses instead",
    );
  }
  if (e.ADMIN_PORT !== undefined && e.ADMIN_PORT !== 0 && e.ADMIN_PORT === e.PORT) {
    problems.push('ADMIN_PORT: must differ from PORT');
  }
  const metricsOnMainPort = e.METRICS_ON_MAIN_PORT ?? !production;
  if (!metricsOnMainPort && e.ADMIN_PORT === undefined) {
    notices.push('ADMIN_PORT is not set: /metrics is not served (set ADMIN_PORT, or METRICS_ON_MAIN_PORT=true)');
  }
  let corsOrigins: true | string[];
  if (e.CORS_ORIGINS) {
    corsOrigins = e.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
  } else if (production) {
    corsOrigins = [];
  } else {
    corsOrigins = true;
  }

  // --- policy and shared state
  const policy = e.POLICY_FILE ? loadPolicyFile(e.POLICY_FILE, readFile, problems) : DEFAULT_POLICY;
  if (production && !e.POLICY_FILE) {
    notices.push('POLICY_FILE is not set: the permissive built-in policy is in force (any caller may create and join any room)');
  }
  if (production && !e.REDIS_URL) {
    notices.push(
      'REDIS_URL is not set: room ownership and rate limits live in this process only; run a single replica or set REDIS_URL',
    );
  }
  // --- trusted documents
  const trustedDocuments = e.GRAPHQL_TRUSTED_DOCUMENTS
    ? loadTrustedDocuments(e.GRAPHQL_TRUSTED_DOCUMENTS, e.GRAPHQL_TRUSTED_DOCUMENTS_ONLY ?? false, readFile, problems)
    : null;
  if (e.GRAPHQL_TRUSTED_DOCUMENTS_ONLY && !e.GRAPHQL_TRUSTED_DOCUMENTS) {
    problems.push('GRAPHQL_TRUSTED_DOCUMENTS_ONLY: requires GRAPHQL_TRUSTED_DOCUMENTS (the manifest of the documents to allow)');
  }

  // Node refuses a headers timeout longer than the whole-request timeout.
  if (e.HTTP_HEADERS_TIMEOUT_MS > e.HTTP_REQUEST_TIMEOUT_MS) {
    problems.push('HTTP_HEADERS_TIMEOUT_MS: must not exceed HTTP_REQUEST_TIMEOUT_MS');
  }

  // A check that reads a variable the schema refused would only repeat (or confuse) the schema's report.
  const webhooks = readWebhooksConfig(e, { production, videosdkApiUrl: videosdk?.apiUrl ?? null, problems, minSecretBytes: MIN_SECRET_BYTES, requireTlsInProduction });
  const all = [...schemaProblems, ...problems.filter((p) => !namedIn(p).some((name) => invalid.has(name)))];
  if (all.length) throw new ConfigError(all);

  return {
    env: e.NODE_ENV,
    server: {
      host: e.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
      port: e.PORT,
      metricsOnMainPort,
      maxConnections: e.HTTP_MAX_CONNECTIONS,
      corsOrigins,
      introspection: e.GRAPHQL_INTROSPECTION ?? !production,
      landingPage: e.GRAPHQL_LANDING_PAGE ?? !production,
      includeStacktrace: e.NODE_ENV === 'development',
      logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
      trustProxy,
      bodyLimitBytes: e.HTTP_BODY_LIMIT_BYTES,
      headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: e.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    },
    graphql: {
      maxDepth: e.GRAPHQL_MAX_DEPTH,
      maxAliases: e.GRAPHQL_MAX_ALIASES,
      maxDirectives: e.GRAPHQL_MAX_DIRECTIVES,
      maxCost: e.GRAPHQL_MAX_COST,
      maxTokens: e.GRAPHQL_MAX_TOKENS,
      maxCredentialFields: e.GRAPHQL_MAX_CREDENTIAL_FIELDS,
      exposeLimits: !production,
    },
    providers: {
      maxSockets: e.PROVIDER_MAX_SOCKETS,
      maxInFlightPerCaller: e.PROVIDER_MAX_IN_FLIGHT_PER_CALLER,
      maxRetries: e.PROVIDER_MAX_RETRIES,
      retryBaseDelayMs: e.PROVIDER_RETRY_BASE_DELAY_MS,
      maxRetryAfterMs: e.PROVIDER_MAX_RETRY_AFTER_MS,
      breakerThreshold: e.PROVIDER_BREAKER_THRESHOLD,
      breakerHalfOpenMs: e.PROVIDER_BREAKER_HALF_OPEN_MS,
    },
    admin: e.ADMIN_PORT === undefined ? null : { host: e.ADMIN_HOST, port: e.ADMIN_PORT },
    policy,
    policySource: e.POLICY_FILE ?? 'built-in',
    trustedDocuments,
    redis: e.REDIS_URL ? { url: e.REDIS_URL } : null,
    auth,
    livekit,
    openvidu,
    videosdk,
    webhooks,
    notices,
  };
}
