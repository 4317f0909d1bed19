import type { AdminConfig, ServerConfig } from './config.types.js';
import type { ConfigContext } from './config-rules.js';

/** TRUST_PROXY: true/false, or a comma-separated list of the proxies' addresses/CIDRs. */
function parseTrustProxy(value: string | undefined): boolean | string[] {
  if (value === undefined || ['false', '0', 'no', 'off'].includes(value)) return false;
  if (['true', '1', 'yes', 'on'].includes(value)) return true;
  return value.split(',').map((v) => v.trim()).filter(Boolean);
}

/** The main HTTP listener: address, CORS, what it exposes (introspection, landing page, /metrics), HTTP limits. */
export function serverConfig(ctx: ConfigContext): ServerConfig {
  const { e, production, notices } = ctx;
  const trustProxy = parseTrustProxy(e.TRUST_PROXY);
  if (production && trustProxy === true) {
    notices.push(
      "TRUST_PROXY=true trusts X-Forwarded-For from every peer: a client can pick the IP its per-IP rate limit counts; list the proxies' addresses instead",
    );
  }
  const metricsOnMainPort = e.METRICS_ON_MAIN_PORT ?? !production;
  if (!metricsOnMainPort && e.ADMIN_PORT === undefined) {
    notices.push('ADMIN_PORT is not set: /metrics is not served (set ADMIN_PORT, or METRICS_ON_MAIN_PORT=true)');
  }
  let corsOrigins: true | string[];
  if (e.CORS_ORIGINS) corsOrigins = e.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
  else corsOrigins = production ? [] : true;
  return {
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
  };
}

/** The admin listener (ADMIN_PORT, ADMIN_HOST) for health and metrics only; null when ADMIN_PORT is not set. */
export function adminConfig({ e, problems }: ConfigContext): AdminConfig | null {
  if (e.ADMIN_PORT === undefined) return null;
  if (e.ADMIN_PORT !== 0 && e.ADMIN_PORT === e.PORT) problems.push('ADMIN_PORT: must differ from PORT');
  return { host: e.ADMIN_HOST, port: e.ADMIN_PORT };
}

/** Node refuses a headers timeout longer than the whole-request timeout. */
export function checkHttpTimeouts({ e, problems }: ConfigContext): void {
  if (e.HTTP_HEADERS_TIMEOUT_MS > e.HTTP_REQUEST_TIMEOUT_MS) {
    problems.push('HTTP_HEADERS_TIMEOUT_MS: must not exceed HTTP_REQUEST_TIMEOUT_MS');
  }
}
