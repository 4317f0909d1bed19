import http from 'node:http';
import https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ExtendOptions, Got, Method, Response } from 'got';
import type { Logger } from 'pino';
import type { ProviderHttpConfig } from '../../config/config.types.js';
import { ErrorCode, type ProviderName } from '../../errors/error-codes.js';
import { GatewayError, ProviderError, ProviderTimeoutError } from '../../errors/gateway-errors.js';
import type { GatewayMetrics } from '../../observability/metrics.js';
import type { ProviderCallNote } from '../../observability/request-record.js';
import type { InFlightLimiter } from '../../rate-limit/in-flight-limiter.js';
import { classifyStatus, classifyTransport, parseRetryAfter, retryDelay, timeoutIsProviderFault, type FailureClass } from './failure-rules.js';
import { ProviderBreaker, ProviderFaultSignal } from './provider-breaker.js';

type GotModule = typeof import('got');
let gotModule: Promise<GotModule> | undefined;
/**
 * got is loaded at the first provider call, not at start-up: with its dependencies it was about a
 * tenth of the bundle's start-up (http2-wrapper builds a TLS context when it loads), for calls that a
 * gateway issuing LiveKit tokens may never make (docs/performance.md).
 */
const loadGot = (): Promise<GotModule> => (gotModule ??= import('got'));

/** Largest provider response body read; a bigger one is aborted (its answer is never that large). */
export const PROVIDER_MAX_BODY_BYTES = 1024 * 1024;

/** Request headers as the `authorize` hook sees them. */
export type RequestHeaders = Record<string, string | string[] | undefined>;

export interface ProviderHttpOptions {
  provider: ProviderName;
  /** Base URL of the provider; request paths are relative to it. */
  prefixUrl: string;
  /** Deadline of one logical call (every attempt and wait included). */
  timeoutMs: number;
  /** Deadline for establishing the TCP connection of one attempt. */
  connectTimeoutMs: number;
  resilience: ProviderHttpConfig;
  metrics: GatewayMetrics;
  /** For circuit state changes (not per request). */
  logger: Logger;
  /** The jitter of retry waits, in [0, 1); Math.random unless a test injects one. */
  random?: () => number;
}

/** One logical call as a data source asks for it. */
export interface ProviderRequest {
  /** A stable name for logs and metrics, e.g. `createSession`. */
  operation: string;
  method: Method;
  /** Relative to the prefix URL; path segments must already be encoded. */
  path: string;
  json?: unknown;
  /**
   * Statuses besides 2xx the data source reads as answers (e.g. 404 "no such session" read as null,
   * 409 "exists already"). Every other status becomes the error `errorFromResponse` chooses.
   */
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

/** The per-request side of a call: its logger, where it notes itself, and whose in-flight bound it counts against. */
export interface ProviderCallScope {
  logger: Logger;
  /** Notes the finished call in the request's record (one entry per logical call). */
  noteProviderCall(call: ProviderCallNote): void;
  /** The caller's bound on provider calls running at once (one slot per logical call, retries included). */
  inFlight?: { limiter: InFlightLimiter; key: string };
}

/** Why one attempt failed, with the error the client gets if it is the last. Never leaves this module. */
class AttemptFailure extends Error {
  constructor(
    readonly error: GatewayError,
    readonly failure: FailureClass,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(failure.reason);
    this.name = 'AttemptFailure';
  }

  /** Thrown inside the breaker: a provider fault counts towards opening the circuit, anything else passes it. */
  toThrow(): Error {
    return this.failure.providerFault ? new ProviderFaultSignal(this) : this;
  }
}

/** An attempt the provider answered with a refusal of the client's input: it settles the breaker as a success. */
interface Refusal {
  refusal: AttemptFailure;
}

/**
 * The HTTP side of one provider, long-lived (one per provider for the process): a got instance with a
 * bounded keep-alive pool, no redirects and no automatic retries, the provider's circuit breaker, and
 * the failure rules of every call (failure-rules.ts). Providers extend it and override two hooks,
 * in the manner of Apollo's RESTDataSource:
 * - `authorize(headers, request)`: adds the provider's credentials to each request; awaited, so a token
 *   that is signed per request (or renewed, or scoped to the logical call `request`) works;
 * - `errorFromResponse(status, request)`: the error a status the data source does not read as an
 *   answer becomes. The one place statuses are mapped: the base maps the shared contract (401/403 our
 *   credentials refused, 429, 5xx, anything else undeclared: PROVIDER_ERROR); a provider maps its own
 *   refusals of the client's input per operation (BAD_USER_INPUT, NOT_FOUND) before falling back.
 *
 * `call` runs one logical call:
 * - a deadline for the whole call (`timeoutMs`): every attempt gets what is left of it, so retries
 *   never stretch a call past it; running out is PROVIDER_TIMEOUT;
 * - calls safe to repeat are retried after timeouts, resets, refusals, 5xx and 429, with exponential
 *   backoff and jitter, or after the provider's Retry-After when it is within `maxRetryAfterMs`
 *   (a longer one fails at once);
 * - every attempt goes through the circuit breaker: faults (5xx, 429, 401/403, transport) count towards
 *   opening it, the client's own mistakes do not, and neither does a deadline that ran out inside the
 *   gateway (waiting for a pooled socket, or too little time left for the provider to answer); an open
 *   circuit is PROVIDER_UNAVAILABLE without any request;
 * - the call takes one of the caller's in-flight slots for its whole length (retries included); a
 *   caller at the bound is refused at once with RATE_LIMITED (`limit: in_flight`);
 * - a body over 1 MiB is aborted.
 * got errors are never re-thrown (they carry our Authorization header and the URL); the status,
 * duration and error code are logged, never the URL, headers or body.
 */
export class ProviderHttp {
  readonly provider: ProviderName;
  readonly breaker: ProviderBreaker;
  /** got and the instance made from `gotOptions`, once the first call has loaded it. */
  private client: { got: Got; lib: GotModule } | undefined;
  private readonly gotOptions: ExtendOptions;
  private readonly agent: { http: http.Agent; https: https.Agent };
  private readonly timeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly resilience: ProviderHttpConfig;
  private readonly metrics: GatewayMetrics;
  private readonly random: () => number;

  constructor(options: ProviderHttpOptions) {
    this.provider = options.provider;
    this.timeoutMs = options.timeoutMs;
    this.connectTimeoutMs = options.connectTimeoutMs;
    this.resilience = options.resilience;
    this.metrics = options.metrics;
    this.random = options.random ?? Math.random;
    const { maxSockets } = options.resilience;
    // Keep every pooled socket when it goes idle: with fewer free slots than sockets, a burst of
    // concurrent calls closed the extra sockets after each response and opened new ones for the next
    // (measured: about one new TCP connection per 2-3 calls at 50 concurrent requests).
    const agentOptions = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets, timeout: 30_000 };
    this.agent = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
    this.gotOptions = {
      prefixUrl: options.prefixUrl,
      agent: this.agent,
      timeout: { connect: options.connectTimeoutMs, request: options.timeoutMs },
      retry: { limit: 0 },
      followRedirect: false,
      throwHttpErrors: false,
      responseType: 'text',
      // The logical call rides along in got's context, so `authorize` can sign for that call alone.
      hooks: { beforeRequest: [(options) => this.authorize(options.headers, options.context.call as ProviderRequest)] },
    };
    this.breaker = new ProviderBreaker(
      options.provider,
      { threshold: options.resilience.breakerThreshold, halfOpenMs: options.resilience.breakerHalfOpenMs },
      options.metrics,
      options.logger,
    );
  }

  /** Hook: adds the provider's credentials to one request (`request` is the logical call it belongs to). */
  protected authorize(_headers: RequestHeaders, _request: ProviderRequest): void | Promise<void> {}

  /** Hook: the error for a status the request does not read as an answer (see the class comment). */
  protected errorFromResponse(status: number, _request: ProviderRequest): GatewayError {
    if (status === 401 || status === 403) return new ProviderError(this.provider, `The ${this.provider} provider refused the gateway's credentials.`);
    return new ProviderError(this.provider, `The ${this.provider} provider answered with status ${status}.`);
  }

  /** Closes the pooled keep-alive sockets (graceful shutdown). */
  close(): void {
    this.agent.http.destroy();
    this.agent.https.destroy();
  }

  /** Runs one logical call (see the class comment); resolves for 2xx and `expectedStatuses`, throws a GatewayError otherwise. */
  async call(scope: ProviderCallScope, request: ProviderRequest): Promise<ProviderResponse> {
    const started = performance.now();
    let release: () => void;
    try {
      release = scope.inFlight ? scope.inFlight.limiter.acquire(scope.inFlight.key) : () => undefined;
    } catch (error) {
      this.note(scope, request, started, 0, ErrorCode.RATE_LIMITED);
      this.metrics.rateLimitRefusals.inc({ scope: 'in_flight' });
      throw error;
    }
    try {
      return await this.attemptUntilSettled(scope, request, started);
    } finally {
      release();
    }
  }

  private note(scope: ProviderCallScope, request: ProviderRequest, started: number, attempts: number, outcome: string): number {
    const durationMs = Math.round(performance.now() - started);
    scope.noteProviderCall({ provider: this.provider, operation: request.operation, durationMs, attempts, outcome });
    return durationMs;
  }

  private async attemptUntilSettled(scope: ProviderCallScope, request: ProviderRequest, started: number): Promise<ProviderResponse> {
    const { provider, metrics } = this;
    const { operation } = request;
    const deadline = started + this.timeoutMs;
    for (let attempt = 1; ; attempt += 1) {
      const attemptStarted = performance.now();
      let settled: Response<string> | Refusal;
      try {
        settled = await this.breaker.execute(() => this.attempt(request, deadline - attemptStarted));
      } catch (error) {
        if (error instanceof ProviderFaultSignal || error instanceof AttemptFailure) {
          const failed = error instanceof ProviderFaultSignal ? (error.fault as AttemptFailure) : error;
          await this.afterFailure(scope, request, started, deadline, attempt, attemptStarted, failed);
          continue;
        }
        // The circuit refused the call (PROVIDER_UNAVAILABLE): nothing was sent.
        const gatewayError = error instanceof GatewayError ? error : new ProviderError(provider, undefined, error);
        metrics.providerErrors.inc({ provider, operation, reason: 'circuit_open' });
        this.note(scope, request, started, attempt - 1, String(gatewayError.extensions.code));
        // Debug only: while a circuit is open every call lands here; the state change itself is logged once.
        scope.logger.debug({ provider, operation, outcome: gatewayError.extensions.code }, 'provider call refused: circuit open');
        throw gatewayError;
      }
      if ('refusal' in settled) {
        // The provider refused the client's input: an answer of a working provider, not a failure of the call.
        const { error, status } = settled.refusal;
        metrics.providerDuration.observe({ provider, operation, result: 'client_error' }, seconds(attemptStarted));
        const durationMs = this.note(scope, request, started, attempt, String(error.extensions.code));
        scope.logger.debug({ provider, operation, status, durationMs, attempts: attempt }, 'provider call refused the input');
        throw error;
      }
      const status = settled.statusCode;
      metrics.providerDuration.observe({ provider, operation, result: status >= 300 ? 'client_error' : 'ok' }, seconds(attemptStarted));
      const durationMs = this.note(scope, request, started, attempt, 'OK');
      scope.logger.debug({ provider, operation, status, durationMs, attempts: attempt }, 'provider call');
      return { status, body: settled.body, durationMs };
    }
  }

  /** Counts and logs a failed attempt; resolves after the wait before the next one, or throws the call's error. */
  private async afterFailure(
    scope: ProviderCallScope,
    request: ProviderRequest,
    started: number,
    deadline: number,
    attempt: number,
    attemptStarted: number,
    failed: AttemptFailure,
  ): Promise<void> {
    const { provider, metrics } = this;
    const { operation } = request;
    const reason = failed.failure.reason;
    metrics.providerDuration.observe({ provider, operation, result: reason }, seconds(attemptStarted));
    metrics.providerErrors.inc({ provider, operation, reason });
    const logFields = {
      provider,
      operation,
      attempt,
      status: failed.status,
      reason,
      errorCode: errorCodeOf(failed.error.cause),
      durationMs: Math.round(performance.now() - attemptStarted),
      outcome: failed.error.extensions.code,
    };
    if (reason === 'credentials_rejected') {
      scope.logger.error(
        { ...logFields, alert: 'provider_credentials_rejected' },
        `${provider} rejected the gateway's credentials: check the configured key and secret`,
      );
    } else {
      scope.logger.warn(logFields, 'provider call failed');
    }

    const delayMs = retryDelay({ retryable: failed.failure.retryable, retryAfterMs: failed.retryAfterMs }, attempt, Boolean(request.idempotent), this.resilience, this.random);
    if (delayMs === null || performance.now() + delayMs >= deadline) {
      this.note(scope, request, started, attempt, String(failed.error.extensions.code));
      throw failed.error;
    }
    metrics.providerRetries.inc({ provider, operation });
    await sleep(delayMs);
  }

  /**
   * One HTTP exchange: resolves with the response for 2xx and expected statuses, or with a refusal of
   * the client's input (which the breaker counts as a success); throws an AttemptFailure otherwise
   * (wrapped in a ProviderFaultSignal when it is a provider fault).
   */
  private async attempt(request: ProviderRequest, remainingMs: number): Promise<Response<string> | Refusal> {
    const { provider } = this;
    // The deadline ran out inside the gateway (e.g. in a retry wait): the provider is not to blame.
    if (remainingMs <= 0) throw new AttemptFailure(new ProviderTimeoutError(provider), classifyTransport({ kind: 'timeout', providerFault: false }));
    const client = this.client ?? (await this.loadClient());
    const pending = client.got(request.path, {
      method: request.method,
      json: request.json,
      context: { call: request },
      timeout: { connect: Math.min(this.connectTimeoutMs, remainingMs), request: remainingMs },
    });
    let tooLarge = false;
    const abortIfTooLarge = (bytes: number) => {
      if (bytes > PROVIDER_MAX_BODY_BYTES && !tooLarge) {
        tooLarge = true;
        pending.cancel();
      }
    };
    pending.on('response', (response: { headers: RequestHeaders }) => abortIfTooLarge(Number(response.headers['content-length'] ?? 0)));
    pending.on('downloadProgress', (progress: { transferred: number }) => abortIfTooLarge(progress.transferred));

    let response: Response<string>;
    try {
      response = (await pending) as Response<string>;
    } catch (error) {
      throw this.transportFailure(client.lib, error, tooLarge).toThrow();
    }

    const status = response.statusCode;
    if ((status >= 200 && status < 300) || request.expectedStatuses?.includes(status)) return response;
    const error = this.errorFromResponse(status, request);
    const failure = classifyStatus(status, error);
    const retryAfterMs = failure.retryable ? parseRetryAfter(response.headers['retry-after'], Date.now()) : undefined;
    const failed = new AttemptFailure(error, failure, status, retryAfterMs);
    if (failure.reason === 'refused') return { refusal: failed };
    throw failed.toThrow();
  }

  private async loadClient(): Promise<{ got: Got; lib: GotModule }> {
    const lib = await loadGot();
    this.client ??= { got: lib.default.extend(this.gotOptions), lib };
    return this.client;
  }

  /** A failed exchange without a usable answer: timeouts, resets, refusals, an oversized body. */
  private transportFailure({ CancelError, RequestError, TimeoutError }: GotModule, error: unknown, tooLarge: boolean): AttemptFailure {
    const { provider } = this;
    if (tooLarge && error instanceof CancelError) {
      const message = `The ${provider} provider answered with a body larger than ${PROVIDER_MAX_BODY_BYTES} bytes.`;
      return new AttemptFailure(new ProviderError(provider, message), classifyTransport({ kind: 'body_too_large' }));
    }
    const timedOut = error instanceof TimeoutError || (error instanceof RequestError && error.code === 'ETIMEDOUT');
    if (!timedOut) return new AttemptFailure(new ProviderError(provider, undefined, error), classifyTransport({ kind: 'network' }));
    const timings = error instanceof TimeoutError ? { event: error.event, ...error.timings } : undefined;
    const providerFault = timeoutIsProviderFault(timings, this.timeoutMs, Date.now());
    return new AttemptFailure(new ProviderTimeoutError(provider, error), classifyTransport({ kind: 'timeout', providerFault }));
  }
}

/** Parses a provider's JSON body; a body that is not JSON is a provider error, not a crash. */
export function parseJsonBody<T>(provider: ProviderName, body: string): T {
  try {
    return JSON.parse(body) as T;
  } catch (error) {
    throw new ProviderError(provider, `The ${provider} provider answered with an unreadable body.`, error);
  }
}

/** The system or got error code of a failure, for logs ("ECONNREFUSED", "ETIMEDOUT", ...). */
function errorCodeOf(error: unknown): string | undefined {
  if (error instanceof GatewayError) return String(error.extensions.code);
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}
