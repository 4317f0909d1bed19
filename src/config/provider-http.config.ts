import type { ProviderHttpConfig } from './config.types.js';
import type { ConfigContext } from './config-rules.js';

/** Outbound provider HTTP: the socket pool, the per-caller in-flight bound, retries and the circuit breaker. */
export function providerHttpConfig({ e }: ConfigContext): ProviderHttpConfig {
  return {
    maxSockets: e.PROVIDER_MAX_SOCKETS,
    maxInFlightPerCaller: e.PROVIDER_MAX_IN_FLIGHT_PER_CALLER,
    maxRetries: e.PROVIDER_MAX_RETRIES,
    retryBaseDelayMs: e.PROVIDER_RETRY_BASE_DELAY_MS,
    maxRetryAfterMs: e.PROVIDER_MAX_RETRY_AFTER_MS,
    breakerThreshold: e.PROVIDER_BREAKER_THRESHOLD,
    breakerHalfOpenMs: e.PROVIDER_BREAKER_HALF_OPEN_MS,
  };
}
