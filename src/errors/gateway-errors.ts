import { GraphQLError } from 'graphql';
import { ErrorCode, type ProviderName } from './error-codes.js';

/**
 * Base class of every error callgate shows a client. The message is written for client developers and
 * never contains secrets, upstream URLs or upstream bodies; the `cause` (server-side only) may.
 */
export class GatewayError extends GraphQLError {
  constructor(
    message: string,
    code: ErrorCode,
    extensions: Record<string, unknown> = {},
    options: { cause?: unknown; httpStatus?: number; httpHeaders?: Record<string, string> } = {},
  ) {
    // Apollo reads `extensions.http` (status, and headers as a Map) and formatError strips it.
    const http = options.httpStatus
      ? { status: options.httpStatus, ...(options.httpHeaders ? { headers: new Map(Object.entries(options.httpHeaders)) } : {}) }
      : undefined;
    super(message, {
      extensions: {
        code,
        ...extensions,
        ...(http ? { http } : {}),
      },
    });
    this.name = new.target.name;
    if (options.cause !== undefined) {
      Object.defineProperty(this, 'cause', { value: options.cause, enumerable: false });
    }
  }
}

/** Missing, invalid or expired caller token. Thrown from the context function it also sets HTTP 401. */
export class UnauthenticatedError extends GatewayError {
  constructor(message = 'A valid caller token is required (Authorization: Bearer <JWT>).', httpStatus?: number) {
    super(message, ErrorCode.UNAUTHENTICATED, {}, { httpStatus });
  }
}

/** The caller is known but not allowed to do this. `reason` is a stable machine-readable hint. */
export class ForbiddenError extends GatewayError {
  constructor(message: string, reason?: string) {
    super(message, ErrorCode.FORBIDDEN, reason ? { reason } : {});
  }
}

/** Input the gateway (or the provider) refuses. `field` names the input field; the value is never echoed. */
export class BadUserInputError extends GatewayError {
  constructor(message: string, field?: string) {
    super(message, ErrorCode.BAD_USER_INPUT, field ? { field } : {});
  }
}

export class NotFoundError extends GatewayError {
  constructor(message: string, resource: string) {
    super(message, ErrorCode.NOT_FOUND, { resource });
  }
}

/** What an operator sets to configure each provider; named in PROVIDER_NOT_CONFIGURED (names only, never values). */
const PROVIDER_SETUP: Record<ProviderName, { label: string; variables: string }> = {
  livekit: { label: 'LiveKit', variables: 'LIVEKIT_API_KEY and LIVEKIT_API_SECRET' },
  openvidu: { label: 'OpenVidu', variables: 'OPENVIDU_URL and OPENVIDU_SECRET' },
  videosdk: { label: 'VideoSDK', variables: 'VIDEOSDK_API_KEY and VIDEOSDK_SECRET' },
  auth: { label: 'Caller authentication', variables: 'AUTH_JWT_SECRET or AUTH_JWKS_URL' },
};

export class ProviderNotConfiguredError extends GatewayError {
  constructor(provider: ProviderName) {
    const { label, variables } = PROVIDER_SETUP[provider];
    super(`${label} is not configured on this gateway: set ${variables}.`, ErrorCode.PROVIDER_NOT_CONFIGURED, { provider });
  }
}

/** The provider failed or answered something unusable. Details go to the server log via `cause`. */
export class ProviderError extends GatewayError {
  constructor(provider: ProviderName, message = `The ${provider} provider could not complete the request.`, cause?: unknown) {
    super(message, ErrorCode.PROVIDER_ERROR, { provider }, { cause });
  }
}

export class ProviderTimeoutError extends GatewayError {
  constructor(provider: ProviderName, cause?: unknown) {
    super(`The ${provider} provider did not answer in time.`, ErrorCode.PROVIDER_TIMEOUT, { provider }, { cause });
  }
}

/**
 * Too many credential mutations from this caller or IP. HTTP 429 with `Retry-After`;
 * `retryAfterSeconds` says when the window resets.
 */
export class RateLimitedError extends GatewayError {
  constructor(retryAfterSeconds: number, limit: 'caller' | 'ip') {
    super(
      `Too many credential requests ${limit === 'caller' ? 'from you' : 'from your network address'}; try again in ${retryAfterSeconds} s.`,
      ErrorCode.RATE_LIMITED,
      { retryAfterSeconds, limit },
      { httpStatus: 429, httpHeaders: { 'retry-after': String(retryAfterSeconds) } },
    );
  }
}

/**
 * The shared state store (Redis) cannot be reached or answered too slowly. The gateway fails closed:
 * nothing is issued without the ownership and rate-limit checks. HTTP 503; the cause is logged.
 */
export class StateUnavailableError extends GatewayError {
  constructor(cause?: unknown, message = 'The gateway cannot reach its shared state store; try again shortly.') {
    super(message, ErrorCode.STATE_UNAVAILABLE, { retryable: true }, { httpStatus: 503, cause });
  }
}

/**
 * The provider's circuit is open after repeated failures: the gateway answers at once instead of
 * sending more requests to a provider that is down. HTTP 503; the client may retry later.
 */
export class ProviderUnavailableError extends GatewayError {
  constructor(provider: ProviderName) {
    super(
      `The ${provider} provider is failing; the gateway is not sending it requests for a short while. Try again later.`,
      ErrorCode.PROVIDER_UNAVAILABLE,
      { provider, retryable: true },
      { httpStatus: 503 },
    );
  }
}
