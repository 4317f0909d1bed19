import { GraphQLError } from 'graphql';
import { ErrorCode, type ProviderName, type Upstream } from './error-codes.js';

/** What a subclass passes besides its message, code and extensions. */
export interface GatewayErrorOptions {
  /** Server-side detail (logged, never sent): the upstream error, a Redis error, ... */
  cause?: unknown;
  /** Sent as the `Retry-After` response header (whole seconds), for errors a client may retry later. */
  retryAfterSeconds?: number;
}

/**
 * Base class of every error callgate shows a client. `E` is the subclass's own extensions (besides
 * `code`), typed and frozen: nothing changes them after construction. The message is written for
 * client developers and never contains secrets, upstream URLs or upstream bodies; the `cause`
 * (server-side only) may. Response headers come from `options` the same way for every subclass; the
 * status never does: errors/http-status.ts decides it for the whole response.
 */
export class GatewayError<E extends { readonly [key: string]: unknown } = Record<never, never>> extends GraphQLError {
  declare readonly extensions: Readonly<{ code: ErrorCode } & E>;

  constructor(message: string, code: ErrorCode, extensions: E, options: GatewayErrorOptions = {}) {
    // Apollo reads response headers from `extensions.http` (as a Map) and formatError strips it.
    const headers = options.retryAfterSeconds === undefined ? undefined : new Map([['retry-after', String(options.retryAfterSeconds)]]);
    super(message, { extensions: Object.freeze({ code, ...extensions, ...(headers ? { http: { headers } } : {}) }) });
    this.name = new.target.name;
    if (options.cause !== undefined) {
      Object.defineProperty(this, 'cause', { value: options.cause, enumerable: false });
    }
  }
}

/** Missing, invalid or expired caller token (HTTP 401 when the response has no data). */
export class UnauthenticatedError extends GatewayError {
  constructor(message = 'A valid caller token is required (Authorization: Bearer <JWT>).') {
    super(message, ErrorCode.UNAUTHENTICATED, {});
  }
}

/** The caller is known but not allowed to do this. `reason` is a stable machine-readable hint. */
export class ForbiddenError extends GatewayError<{ reason?: string }> {
  constructor(message: string, reason?: string) {
    super(message, ErrorCode.FORBIDDEN, reason ? { reason } : {});
  }
}

/** Input the gateway (or the provider) refuses. `field` names the input field; the value is never echoed. */
export class BadUserInputError extends GatewayError<{ field?: string }> {
  constructor(message: string, field?: string) {
    super(message, ErrorCode.BAD_USER_INPUT, field ? { field } : {});
  }
}

/** What a NOT_FOUND is about (`participant` and `track`: the moderation fields). */
export type NotFoundResource = 'session' | 'meeting' | 'room' | 'participant' | 'track';

export class NotFoundError extends GatewayError<{ resource: NotFoundResource }> {
  constructor(message: string, resource: NotFoundResource) {
    super(message, ErrorCode.NOT_FOUND, { resource });
  }
}

/**
 * The provider has no server-side call for what was asked (VideoSDK cannot mute a participant's track
 * from a server; OpenVidu 2 cannot make a client publish again). Nothing was sent to the provider and
 * nothing changed; retrying will not help. `operation` names the GraphQL field.
 */
export class NotSupportedError extends GatewayError<{ provider: ProviderName; operation: string }> {
  constructor(provider: ProviderName, operation: string, message: string) {
    super(message, ErrorCode.NOT_SUPPORTED, { provider, operation });
  }
}

/** What an operator sets to configure each provider; named in PROVIDER_NOT_CONFIGURED (names only, never values). */
const PROVIDER_SETUP: Record<ProviderName, { label: string; variables: string }> = {
  livekit: { label: 'LiveKit', variables: 'LIVEKIT_API_KEY and LIVEKIT_API_SECRET' },
  openvidu: { label: 'OpenVidu', variables: 'OPENVIDU_URL and OPENVIDU_SECRET' },
  videosdk: { label: 'VideoSDK', variables: 'VIDEOSDK_API_KEY and VIDEOSDK_SECRET' },
};

export class ProviderNotConfiguredError extends GatewayError<{ provider: ProviderName }> {
  constructor(provider: ProviderName) {
    const { label, variables } = PROVIDER_SETUP[provider];
    super(`${label} is not configured on this gateway: set ${variables}.`, ErrorCode.PROVIDER_NOT_CONFIGURED, { provider });
  }
}

/** The provider failed or answered something unusable. Details go to the server log via `cause`. */
export class ProviderError extends GatewayError<{ provider: Upstream }> {
  constructor(provider: Upstream, message = `The ${provider} provider could not complete the request.`, cause?: unknown) {
    super(message, ErrorCode.PROVIDER_ERROR, { provider }, { cause });
  }
}

export class ProviderTimeoutError extends GatewayError<{ provider: Upstream }> {
  constructor(provider: Upstream, cause?: unknown) {
    super(`The ${provider} provider did not answer in time.`, ErrorCode.PROVIDER_TIMEOUT, { provider }, { cause });
  }
}

/**
 * Which budget refused the request:
 * - `caller`, `ip`: the policy's credential budgets (rateLimits.perCaller, rateLimits.perIp);
 * - `auth`: this network address has failed authentication too often in the window. Only requests
 *   that fail authentication are refused this way; a valid token is served as usual;
 * - `in_flight`: the caller already has as many provider calls running as the gateway allows
 *   (PROVIDER_MAX_IN_FLIGHT_PER_CALLER); retry when one has finished;
 * - `subscriptions_connection`, `subscriptions_caller`: the WebSocket, or the caller across their
 *   WebSockets on this replica, already holds as many subscriptions as the gateway allows
 *   (SUBSCRIPTIONS_MAX_PER_CONNECTION, SUBSCRIPTIONS_MAX_PER_CALLER); retry when one has ended.
 */
export type RateLimit = 'caller' | 'ip' | 'auth' | 'in_flight' | 'subscriptions_connection' | 'subscriptions_caller';

const RATE_LIMIT_MESSAGES: Record<RateLimit, (retryAfterSeconds: number) => string> = {
  caller: (s) => `Too many credential requests from you; try again in ${s} s.`,
  ip: (s) => `Too many credential requests from your network address; try again in ${s} s.`,
  auth: (s) => `Too many failed authentication attempts from your network address; try again in ${s} s.`,
  in_flight: () => 'Too many of your provider calls are in progress; try again when one has finished.',
  subscriptions_connection: () => 'This connection already holds as many subscriptions as the gateway allows; end one first.',
  subscriptions_caller: () => 'You already hold as many subscriptions as the gateway allows; end one first.',
};

/** A budget refused the request: HTTP 429 with `Retry-After`; `retryAfterSeconds` says when to retry. */
export class RateLimitedError extends GatewayError<{ limit: RateLimit; retryAfterSeconds: number }> {
  constructor(limit: RateLimit, retryAfterSeconds: number) {
    super(RATE_LIMIT_MESSAGES[limit](retryAfterSeconds), ErrorCode.RATE_LIMITED, { retryAfterSeconds, limit }, { retryAfterSeconds });
  }
}

/**
 * The shared state store (Redis) cannot be reached or answered too slowly. The gateway fails closed:
 * nothing is issued without the ownership and rate-limit checks. HTTP 503; the cause is logged.
 */
export class StateUnavailableError extends GatewayError<{ retryable: true }> {
  constructor(cause?: unknown, message = 'The gateway cannot reach its shared state store; try again shortly.') {
    super(message, ErrorCode.STATE_UNAVAILABLE, { retryable: true }, { cause });
  }
}

/**
 * The provider's circuit is open after repeated failures: the gateway answers at once instead of
 * sending more requests to a provider that is down. HTTP 503; the client may retry later.
 */
export class ProviderUnavailableError extends GatewayError<{ provider: ProviderName; retryable: true }> {
  constructor(provider: ProviderName) {
    super(
      `The ${provider} provider is failing; the gateway is not sending it requests for a short while. Try again later.`,
      ErrorCode.PROVIDER_UNAVAILABLE,
      { provider, retryable: true },
    );
  }
}
