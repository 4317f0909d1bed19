import { RequestError, TimeoutError } from 'got';
import type { ProviderName } from '../../errors/error-codes.js';
import { GatewayError, ProviderError, ProviderTimeoutError } from '../../errors/gateway-errors.js';

/** The only facts about a failed provider call that may be logged: no headers, bodies, or hosts. */
export interface ProviderFailureLog {
  provider: ProviderName;
  operation: string;
  status?: number;
  errorCode?: string;
  durationMs?: number;
}

/**
 * Turns anything a provider call throws into a gateway error. got errors are never re-thrown: they
 * carry the request options (our Authorization header) and the URL. The original is kept as a
 * non-enumerable `cause` for debugging in-process only.
 */
export function toProviderError(provider: ProviderName, error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  if (error instanceof TimeoutError) return new ProviderTimeoutError(provider, error);
  if (error instanceof RequestError && error.code === 'ETIMEDOUT') return new ProviderTimeoutError(provider, error);
  return new ProviderError(provider, undefined, error);
}

/** The system or got error code of a failure, for logs ("ECONNREFUSED", "ETIMEDOUT", ...). */
export function errorCodeOf(error: unknown): string | undefined {
  if (error instanceof GatewayError) return String(error.extensions.code);
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Parses a provider's JSON body; a body that is not JSON is a provider error, not a crash. */
export function parseJsonBody<T>(provider: ProviderName, body: string): T {
  try {
    return JSON.parse(body) as T;
  } catch (error) {
    throw new ProviderError(provider, `The ${provider} provider answered with an unreadable body.`, error);
  }
}
