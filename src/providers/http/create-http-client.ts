import http from 'node:http';
import https from 'node:https';
import got, { type Got } from 'got';
import type { Logger } from 'pino';
import type { ProviderHttpConfig } from '../../config/config.types.js';
import type { ProviderName } from '../../errors/error-codes.js';
import type { GatewayMetrics } from '../../observability/metrics.js';
import { ProviderBreaker } from './provider-breaker.js';

/** Largest provider response body read; a bigger one is aborted (its answer is never that large). */
export const PROVIDER_MAX_BODY_BYTES = 1024 * 1024;

export interface HttpClientOptions {
  provider: ProviderName;
  /** Base URL of the provider; request paths are relative to it. */
  prefixUrl: string;
  /** Deadline of one logical call (every attempt and wait included). */
  timeoutMs: number;
  /** Deadline for establishing the TCP connection of one attempt. */
  connectTimeoutMs: number;
  /** Adds the provider's credentials to each request (called per request, so rotating tokens work). */
  authorize: (headers: Record<string, string | string[] | undefined>) => void;
  resilience: ProviderHttpConfig;
  metrics: GatewayMetrics;
  /** For circuit state changes (not per request). */
  logger: Logger;
}

/** Everything a provider call needs besides the request itself; one per provider, for the process lifetime. */
export interface HttpClient {
  provider: ProviderName;
  got: Got;
  timeoutMs: number;
  connectTimeoutMs: number;
  resilience: ProviderHttpConfig;
  breaker: ProviderBreaker;
  metrics: GatewayMetrics;
  /** Closes the pooled keep-alive sockets (graceful shutdown). */
  close(): void;
}

/**
 * One long-lived got instance per provider: a bounded keep-alive pool, no redirects, no automatic
 * retries (provider-call.ts retries only what is safe to repeat), and bodies handled by the data
 * source (`throwHttpErrors: false`) so every status of the contract is mapped in one place.
 * Timeouts are set per attempt by provider-call.ts from the remaining deadline.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { maxSockets } = options.resilience;
  // Keep every pooled socket when it goes idle: with fewer free slots than sockets, a burst of
  // concurrent calls closed the extra sockets after each response and opened new ones for the next
  // (measured: about one new TCP connection per 2-3 calls at 50 concurrent requests).
  const agentOptions = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets, timeout: 30_000 };
  const agent = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
  const instance = got.extend({
    prefixUrl: options.prefixUrl,
    agent,
    timeout: { connect: options.connectTimeoutMs, request: options.timeoutMs },
    retry: { limit: 0 },
    followRedirect: false,
    throwHttpErrors: false,
    responseType: 'text',
    hooks: {
      beforeRequest: [(request) => options.authorize(request.headers)],
    },
  });
  return {
    provider: options.provider,
    got: instance,
    timeoutMs: options.timeoutMs,
    connectTimeoutMs: options.connectTimeoutMs,
    resilience: options.resilience,
    breaker: new ProviderBreaker(
      options.provider,
      { threshold: options.resilience.breakerThreshold, halfOpenMs: options.resilience.breakerHalfOpenMs },
      options.metrics,
      options.logger,
    ),
    metrics: options.metrics,
    close() {
      agent.http.destroy();
      agent.https.destroy();
    },
  };
}
