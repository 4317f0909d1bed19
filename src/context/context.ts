import type { Logger } from 'pino';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import type { Credentials } from '../credentials/credentials.js';
import type { ProviderScope } from '../credentials/request-scope.js';
import type { RequestRecord } from '../observability/request-record.js';

/**
 * What every resolver receives. Built per request by `buildContext`: the caller, this request's
 * scope, and the services resolvers call; never the whole service bag (configuration, metrics,
 * shutdown), which stays with the server.
 */
export interface Context {
  requestId: string;
  /** The client address as Fastify sees it (`request.ip`, which honours TRUST_PROXY); keys the per-IP rate limit. */
  clientIp: string;
  /** The verified caller, or null when no Authorization header was sent. */
  user: AuthenticatedUser | null;
  logger: Logger;
  /** This request's log-line facts; provider calls record themselves here. */
  record: RequestRecord;
  /** The credential flows and room records (src/credentials/), called with the caller and `scope`. */
  credentials: Credentials;
  /** This request as the credential flows see it: its audit line and its provider clients. */
  scope: ProviderScope;
}
