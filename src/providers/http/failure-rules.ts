import { ErrorCode } from '../../errors/error-codes.js';
import type { GatewayError } from '../../errors/gateway-errors.js';

/**
 * The rules of a provider call that need no socket: which failures say "the provider is unwell"
 * (they count towards opening its circuit), which are worth another attempt, and how long to wait
 * before it. Pure functions of their arguments (clocks and randomness are passed in), so they are
 * unit-tested without a network; ProviderHttp applies them to real exchanges.
 */

/** Why one attempt failed: a metric label from a closed set. */
export type FailureReason =
  | 'timeout'
  | 'gateway_timeout'
  | 'network'
  | 'http_5xx'
  | 'http_429'
  | 'credentials_rejected'
  | 'body_too_large'
  | 'unexpected_status';

/** How one failed attempt counts: towards the circuit (`providerFault`) and for a retry (`retryable`). */
export interface FailureClass {
  /** `refused`: the provider refused the request as the client asked it, the answer of a working provider. */
  reason: FailureReason | 'refused';
  providerFault: boolean;
  retryable: boolean;
}

/**
 * What an HTTP status the call did not read as an answer means, given the error the provider's
 * `errorFromResponse` hook chose for it:
 * - an error other than PROVIDER_ERROR (BAD_USER_INPUT, NOT_FOUND, ...) is the provider refusing the
 *   client's input: no fault, never repeated;
 * - 401/403: the provider refused the gateway's own credentials: a fault, not repeated (the next
 *   attempt would carry the same credentials);
 * - 429 and 5xx: a fault, repeated when the call is safe to repeat;
 * - anything else (a redirect, a 4xx the contract does not define for the call) is a surprise, not
 *   an outage: no fault, never repeated.
 */
export function classifyStatus(status: number, error: GatewayError): FailureClass {
  if (error.extensions.code !== ErrorCode.PROVIDER_ERROR) return { reason: 'refused', providerFault: false, retryable: false };
  if (status === 401 || status === 403) return { reason: 'credentials_rejected', providerFault: true, retryable: false };
  if (status === 429) return { reason: 'http_429', providerFault: true, retryable: true };
  if (status >= 500) return { reason: 'http_5xx', providerFault: true, retryable: true };
  return { reason: 'unexpected_status', providerFault: false, retryable: false };
}

/** What got reports about a timed-out attempt: the phase that timed out and its timestamps (ms since epoch). */
export interface AttemptTimings {
  /** got's timeout event: `lookup`, `connect`, `secureConnect`, `send`, `response`, `read`, `request`, ... */
  event?: string;
  /** When the request was created (before it waited for a pooled socket). */
  start?: number;
  /** When a socket was assigned to it; absent while it still waited in the pool. */
  socket?: number;
  /** When it failed. */
  error?: number;
}

/**
 * Whether a timed-out attempt says "the provider is unwell" (it counts towards opening the circuit)
 * or only "the gateway ran out of time" (it does not):
 * - no socket yet: the attempt waited in the gateway's own connection pool the whole time; the
 *   provider never saw it, so a burst of callers cannot open the circuit for everyone by queueing;
 * - DNS or TCP connect timed out: the provider's address does not answer, a provider fault;
 * - otherwise the provider held the request from the socket assignment on: a fault only when it had
 *   at least half of the call deadline (`callTimeoutMs`) and still did not answer, not when the
 *   request reached it with little of the deadline left after queueing.
 * Without timings (a timeout got did not report) the attempt counts as a fault.
 */
export function timeoutIsProviderFault(timings: AttemptTimings | undefined, callTimeoutMs: number, now: number): boolean {
  if (!timings) return true;
  if (timings.event === 'lookup' || timings.event === 'connect' || timings.event === 'secureConnect') return true;
  if (timings.socket === undefined) return false;
  const ended = timings.error ?? now;
  return ended - timings.socket >= callTimeoutMs / 2;
}

/**
 * How a failed exchange without an answer counts: a timeout the provider is to blame for
 * (see timeoutIsProviderFault) is a retryable fault, one that ran out inside the gateway is neither;
 * any other transport failure (reset, refused, DNS) is a retryable fault; a body over the cap is a
 * fault that is not repeated (the provider would send it again).
 */
export function classifyTransport(failure: { kind: 'timeout'; providerFault: boolean } | { kind: 'network' } | { kind: 'body_too_large' }): FailureClass {
  if (failure.kind === 'body_too_large') return { reason: 'body_too_large', providerFault: true, retryable: false };
  if (failure.kind === 'network') return { reason: 'network', providerFault: true, retryable: true };
  return failure.providerFault
    ? { reason: 'timeout', providerFault: true, retryable: true }
    : { reason: 'gateway_timeout', providerFault: false, retryable: false };
}

/**
 * Exponential backoff with "equal jitter": for attempt n (1 = the first failed attempt) the ceiling is
 * `baseDelayMs * 2^(n-1)`; the wait is half of it fixed plus up to half more, `random()` in [0, 1)
 * deciding how much, so replicas do not retry in step.
 */
export function backoffDelay(attempt: number, baseDelayMs: number, random: () => number): number {
  const ceiling = baseDelayMs * 2 ** (attempt - 1);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Retry-After as milliseconds from `now`: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export interface RetryRules {
  /** Extra attempts after the first. */
  maxRetries: number;
  retryBaseDelayMs: number;
  /** A Retry-After longer than this is not waited for: the call fails at once. */
  maxRetryAfterMs: number;
}

/**
 * Milliseconds to wait before another attempt, or null when the call must end with this failure:
 * only calls safe to repeat (`idempotent`), only retryable failures, at most `maxRetries` more
 * attempts; the provider's Retry-After when it gave one (null when it asks for longer than
 * `maxRetryAfterMs`), otherwise backoffDelay. Whether the wait still fits the call's deadline is the
 * caller's check.
 */
export function retryDelay(
  failure: { retryable: boolean; retryAfterMs?: number },
  attempt: number,
  idempotent: boolean,
  rules: RetryRules,
  random: () => number,
): number | null {
  if (!idempotent || !failure.retryable || attempt > rules.maxRetries) return null;
  if (failure.retryAfterMs !== undefined) return failure.retryAfterMs <= rules.maxRetryAfterMs ? failure.retryAfterMs : null;
  return backoffDelay(attempt, rules.retryBaseDelayMs, random);
}
