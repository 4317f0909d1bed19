import { ErrorCode } from '../errors/error-codes.js';
import { GatewayError } from '../errors/gateway-errors.js';

/**
 * RATE_LIMITED for the budgets that are not the policy's credential budgets, with the same shape
 * (HTTP 429, `Retry-After`, `extensions.retryAfterSeconds` and `extensions.limit`):
 * - `auth`: this network address has failed authentication too often in the window. Only requests
 *   that fail authentication are refused this way; a valid token is served as usual.
 * - `in_flight`: the caller already has as many provider calls running as the gateway allows
 *   (PROVIDER_MAX_IN_FLIGHT_PER_CALLER); retry when one has finished.
 */
export class BudgetRefusedError extends GatewayError {
  constructor(limit: 'auth' | 'in_flight', retryAfterSeconds: number) {
    const message =
      limit === 'auth'
        ? `Too many failed authentication attempts from your network address; try again in ${retryAfterSeconds} s.`
        : 'Too many of your provider calls are in progress; try again when one has finished.';
    super(message, ErrorCode.RATE_LIMITED, { retryAfterSeconds, limit }, { httpHeaders: { 'retry-after': String(retryAfterSeconds) } });
  }
}
