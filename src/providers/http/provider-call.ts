import { setTimeout as sleep } from 'node:timers/promises';
import { CancelError, TimeoutError, type Method, type Response } from 'got';
import type { Logger } from 'pino';
import { ErrorCode } from '../../errors/error-codes.js';
import { GatewayError, ProviderError, ProviderTimeoutError } from '../../errors/gateway-errors.js';
import type { InFlightLimiter } from '../../rate-limit/in-flight-limiter.js';
import { PROVIDER_MAX_BODY_BYTES, type HttpClient } from './create-http-client.js';
import { ProviderFaultSignal, timeoutIsProviderFault } from './provider-breaker.js';
import { errorCodeOf, toProviderError } from './to-provider-error.js';

export interface ProviderCallOptions {
  /** A stable name for logs and metrics, e.g. `createSession`. */
  operation: string;
  method: Method;
  /** Relative to the client's prefix URL; path segments must already be encoded. */
  path: string;
  json?: unknown;
  /** Extra statuses the caller maps itself besides 2xx (e.g. 404, 409); others become errors here. */
  expectedStatuses?: readonly number[];
  /**
   * The call may be repeated without a second effect: reads, and creates keyed by a caller-chosen id
   * (a repeat returns the same object). Only such calls are retried.
   */
  idempotent?: boolean;
}

/** What a provider call hands back: the status and the text body, nothing else of got's response. */
export interface ProviderResponse {
  status: number;
  body: string;
  durationMs: number;
}

/** One logical provider call as the per-request log line reports it. */
export interface ProviderCallRecord {
  provider: string;
  operation: string;
  durationMs: number;
  attempts: number;
  /** `OK` or the error code the call ended with. */
  outcome: string;
}

/** The per-request side of a call: its logger, where the call is recorded, and whose in-flight bound it counts against. */
export interface ProviderCallScope {
  logger: Logger;
  calls?: ProviderCallRecord[];
  /** The caller's bound on provider calls running at once (one slot per logical call, retries included). */
  inFlight?: { limiter: InFlightLimiter; key: string };
}

/** Why one attempt failed; `reason` is a metric label from a closed set. Never leaves this module. */
class AttemptFault extends Error {
  constructor(
    readonly error: GatewayError,
    readonly reason:
      | 'timeout'
      | 'gateway_timeout'
      | 'network'
      | 'http_5xx'
      | 'http_429'
      | 'credentials_rejected'
      | 'body_too_large'
      | 'unexpected_status',
    readonly retryable: boolean,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(reason);
    this.name = 'AttemptFault';
  }
}

/**
 * Runs one provider call with the shared failure rules:
 * - a deadline for the whole call (`timeoutMs`): every attempt gets what is left of it, so retries
 *   never stretch a call past it; running out is PROVIDER_TIMEOUT;
 * - transport failures become PROVIDER_TIMEOUT / PROVIDER_ERROR; 5xx, 429 and undeclared statuses
 *   become PROVIDER_ERROR; 401/403 mean our own credentials were refused (PROVIDER_ERROR for the
 *   client, an error-level log line with `alert` for the operator);
 * - idempotent calls are retried after timeouts, resets, refusals, 5xx and 429, with exponential
 *   backoff and jitter, or after the provider's Retry-After when it is within `maxRetryAfterMs`
 *   (a longer one fails at once);
 * - every attempt goes through the provider's circuit breaker: faults (5xx, 429, 401/403, transport)
 *   count towards opening it, the client's own mistakes (declared 4xx) do not, and neither does a
 *   deadline that ran out inside the gateway (waiting for a pooled socket, or too little time left
 *   for the provider to answer; see timeoutIsProviderFault); an open circuit is PROVIDER_UNAVAILABLE
 *   without any request;
 * - the call takes one of the caller's in-flight slots for its whole length (retries included); a
 *   caller at the bound is refused at once with RATE_LIMITED (`limit: in_flight`);
 * - a body over 1 MiB is aborted.
 * The status, duration and error code are logged; never the URL, headers or body.
 */
export async function callProvider(http: HttpClient, scope: ProviderCallScope, options: ProviderCallOptions): Promise<ProviderResponse> {
  const { provider, metrics } = http;
  const { operation } = options;
  const started = performance.now();
  const deadline = started + http.timeoutMs;
  const finish = (attempts: number, outcome: string) => {
    const durationMs = Math.round(performance.now() - started);
    scope.calls?.push({ provider, operation, durationMs, attempts, outcome });
    return durationMs;
  };
  let release: () => void;
  try {
    release = scope.inFlight ? scope.inFlight.limiter.acquire(scope.inFlight.key) : () => undefined;
  } catch (error) {
    finish(0, ErrorCode.RATE_LIMITED);
    metrics.rateLimitRefusals.inc({ scope: 'in_flight' });
    throw error;
  }
  try {
    return await attemptUntilSettled(http, scope, options, started, deadline, finish);
  } finally {
    release();
  }
}

async function attemptUntilSettled(
  http: HttpClient,
  scope: ProviderCallScope,
  options: ProviderCallOptions,
  started: number,
  deadline: number,
  finish: (attempts: number, outcome: string) => number,
): Promise<ProviderResponse> {
  const { provider, metrics, resilience } = http;
  const { operation } = options;
  for (let attempt = 1; ; attempt += 1) {
    const attemptStarted = performance.now();
    let fault: AttemptFault;
    try {
      const response = await http.breaker.execute(() => runAttempt(http, options, deadline - attemptStarted));
      const client = response.statusCode >= 300;
      metrics.providerDuration.observe({ provider, operation, result: client ? 'client_error' : 'ok' }, seconds(attemptStarted));
      const durationMs = finish(attempt, 'OK');
      scope.logger.debug({ provider, operation, status: response.statusCode, durationMs, attempts: attempt }, 'provider call');
      return { status: response.statusCode, body: response.body, durationMs };
    } catch (error) {
      if (error instanceof ProviderFaultSignal) fault = error.fault as AttemptFault;
      else if (error instanceof AttemptFault) fault = error;
      else {
        // The circuit refused the call (PROVIDER_UNAVAILABLE): nothing was sent.
        const gatewayError = toProviderError(provider, error);
        metrics.providerErrors.inc({ provider, operation, reason: 'circuit_open' });
        finish(attempt - 1, String(gatewayError.extensions.code));
        // Debug only: while a circuit is open every call lands here; the state change itself is logged once.
        scope.logger.debug({ provider, operation, outcome: gatewayError.extensions.code }, 'provider call refused: circuit open');
        throw gatewayError;
      }
    }

    metrics.providerDuration.observe({ provider, operation, result: fault.reason }, seconds(attemptStarted));
    metrics.providerErrors.inc({ provider, operation, reason: fault.reason });
    const logFields = {
      provider,
      operation,
      attempt,
      status: fault.status,
      reason: fault.reason,
      errorCode: errorCodeOf(fault.error.cause) ?? undefined,
      durationMs: Math.round(performance.now() - attemptStarted),
      outcome: fault.error.extensions.code,
    };
    if (fault.reason === 'credentials_rejected') {
      scope.logger.error(
        { ...logFields, alert: 'provider_credentials_rejected' },
        `${provider} rejected the gateway's credentials: check the configured key and secret`,
      );
    } else {
      scope.logger.warn(logFields, 'provider call failed');
    }

    const delayMs = retryDelay(fault, attempt, options, resilience);
    if (delayMs === null || performance.now() + delayMs >= deadline) {
      finish(attempt, String(fault.error.extensions.code));
      throw fault.error;
    }
    metrics.providerRetries.inc({ provider, operation });
    await sleep(delayMs);
  }
}

/** Milliseconds to wait before the next attempt, or null when the call must not be repeated. */
function retryDelay(fault: AttemptFault, attempt: number, options: ProviderCallOptions, resilience: HttpClient['resilience']): number | null {
  if (!options.idempotent || !fault.retryable || attempt > resilience.maxRetries) return null;
  if (fault.retryAfterMs !== undefined) {
    return fault.retryAfterMs <= resilience.maxRetryAfterMs ? fault.retryAfterMs : null;
  }
  // Exponential backoff with "equal jitter": half fixed, half random, so replicas do not retry in step.
  const ceiling = resilience.retryBaseDelayMs * 2 ** (attempt - 1);
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/** One HTTP exchange; resolves for 2xx and declared statuses, throws an AttemptFault (or its breaker signal) otherwise. */
async function runAttempt(http: HttpClient, options: ProviderCallOptions, remainingMs: number): Promise<Response<string>> {
  const { provider } = http;
  // The deadline ran out inside the gateway (e.g. in a retry wait): the provider is not to blame.
  if (remainingMs <= 0) throw new AttemptFault(new ProviderTimeoutError(provider), 'gateway_timeout', false);
  const request = http.got(options.path, {
    method: options.method,
    json: options.json,
    timeout: { connect: Math.min(http.connectTimeoutMs, remainingMs), request: remainingMs },
  });
  let tooLarge = false;
  const abortIfTooLarge = (bytes: number) => {
    if (bytes > PROVIDER_MAX_BODY_BYTES && !tooLarge) {
      tooLarge = true;
      request.cancel();
    }
  };
  request.on('response', (response: { headers: Record<string, string | string[] | undefined> }) => {
    abortIfTooLarge(Number(response.headers['content-length'] ?? 0));
  });
  request.on('downloadProgress', (progress: { transferred: number }) => abortIfTooLarge(progress.transferred));

  let response: Response<string>;
  try {
    response = (await request) as Response<string>;
  } catch (error) {
    if (tooLarge && error instanceof CancelError) {
      const message = `The ${provider} provider answered with a body larger than ${PROVIDER_MAX_BODY_BYTES} bytes.`;
      throw new ProviderFaultSignal(new AttemptFault(new ProviderError(provider, message), 'body_too_large', false));
    }
    const mapped = toProviderError(provider, error);
    if (!(mapped instanceof ProviderTimeoutError)) throw new ProviderFaultSignal(new AttemptFault(mapped, 'network', true));
    const timings = error instanceof TimeoutError ? { event: error.event, ...error.timings } : undefined;
    if (timeoutIsProviderFault(timings, http.timeoutMs, Date.now())) {
      throw new ProviderFaultSignal(new AttemptFault(mapped, 'timeout', true));
    }
    // Passes the breaker without counting: the time went to the gateway's own queue.
    throw new AttemptFault(mapped, 'gateway_timeout', false);
  }

  const status = response.statusCode;
  if ((status >= 200 && status < 300) || options.expectedStatuses?.includes(status)) return response;
  if (status === 401 || status === 403) {
    const error = new ProviderError(provider, `The ${provider} provider refused the gateway's credentials.`);
    throw new ProviderFaultSignal(new AttemptFault(error, 'credentials_rejected', false, status));
  }
  const error = new ProviderError(provider, `The ${provider} provider answered with status ${status}.`);
  if (status === 429 || status >= 500) {
    const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
    throw new ProviderFaultSignal(new AttemptFault(error, status === 429 ? 'http_429' : 'http_5xx', true, status, retryAfterMs));
  }
  // Any other status (a redirect, an undeclared 4xx) is a contract surprise, not an outage.
  throw new AttemptFault(error, 'unexpected_status', false, status);
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}
