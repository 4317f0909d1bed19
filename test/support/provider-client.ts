/**
 * For tests that drive a provider's client in process (no gateway around it) against a double:
 * resilience settings that never open the circuit and retry fast, the shared setup around them, and
 * the error a call ends with.
 */
import type { Logger } from 'pino';
import type { ProviderHttpConfig } from '../../src/config/config.types.js';
import type { GatewayError } from '../../src/errors/gateway-errors.js';
import { createMetrics } from '../../src/observability/metrics.js';
import type { ProviderSetup } from '../../src/providers/http/provider-setup.js';

export const testResilience: ProviderHttpConfig = {
  maxSockets: 4,
  maxInFlightPerCaller: 8,
  maxRetries: 1,
  retryBaseDelayMs: 5,
  maxRetryAfterMs: 100,
  breakerThreshold: 1000,
  breakerHalfOpenMs: 1000,
};

export function testProviderSetup(logger: Logger): ProviderSetup {
  return { resilience: testResilience, metrics: createMetrics(), logger };
}

/** The GatewayError a call rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise;
  } catch (error) {
    return error as GatewayError;
  }
  throw new Error('expected the call to fail');
}
