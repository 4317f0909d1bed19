import type { CredentialProvider } from '../policy/vocabulary.js';

/**
 * The closed list of `extensions.code` values callgate sends to clients. Apollo's own request-level
 * codes (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, BAD_REQUEST, ...) pass through unchanged;
 * everything else a resolver throws is masked as INTERNAL_SERVER_ERROR.
 *
 * `docs/errors.md` documents each one; a unit test keeps the two in step.
 */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  /** The provider has no server-side call for this operation (e.g. muting a track on VideoSDK). */
  NOT_SUPPORTED: 'NOT_SUPPORTED',
  PROVIDER_NOT_CONFIGURED: 'PROVIDER_NOT_CONFIGURED',
  PROVIDER_ERROR: 'PROVIDER_ERROR',
  PROVIDER_TIMEOUT: 'PROVIDER_TIMEOUT',
  RATE_LIMITED: 'RATE_LIMITED',
  STATE_UNAVAILABLE: 'STATE_UNAVAILABLE',
  PROVIDER_UNAVAILABLE: 'PROVIDER_UNAVAILABLE',
  /** The document is not a trusted document (unknown id, or text in only-mode). */
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes Apollo Server itself produces for malformed requests; they are safe to show. */
export const APOLLO_REQUEST_CODES: ReadonlySet<string> = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** A video provider the gateway talks to (the same names the policy uses). */
export type ProviderName = CredentialProvider;

/**
 * What an upstream failure names in `extensions.provider`: a video provider, or `auth`, the identity
 * provider whose key set (AUTH_JWKS_URL) the gateway fetches to verify caller tokens.
 */
export type Upstream = ProviderName | 'auth';
