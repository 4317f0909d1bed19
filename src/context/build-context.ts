import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import { writeAudit, type AuditEvent } from '../audit/audit-log.js';
import { ErrorCode } from '../errors/error-codes.js';
import { UnauthenticatedError, ProviderNotConfiguredError } from '../errors/gateway-errors.js';
import { clientIpKey } from '../rate-limit/client-ip-key.js';
import type { GatewayServices } from '../server/gateway-services.js';
import type { Context } from './context.js';
import { RequestRecord, type ProviderCallNote } from '../observability/request-record.js';
import { nextTurn } from '../runtime/next-turn.js';

/** Reads the bearer token. Returns null when there is no Authorization header at all. */
export function readBearerToken(headers: IncomingHttpHeaders): string | null {
  const header = headers.authorization;
  if (header === undefined || header === '') return null;
  const match = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header);
  if (!match) throw new UnauthenticatedError('The Authorization header must be "Bearer <JWT>".');
  return match[1];
}

/**
 * Builds the per-request context. A request without a token gets `user: null` (resolvers that need a
 * caller then answer UNAUTHENTICATED); a token that is present but invalid rejects here (UNAUTHENTICATED,
 * or PROVIDER_ERROR / PROVIDER_TIMEOUT when the identity provider's keys cannot be loaded), and the code
 * is noted in `record`, which decides the HTTP status, because Apollo runs no plugin hook for a failed
 * context. Each invalid token counts against the client address's auth-failure budget; once that is
 * spent the answer is RATE_LIMITED (429) instead of 401. A valid token is never refused by that budget.
 */
export async function buildContext(
  services: GatewayServices,
  headers: IncomingHttpHeaders,
  requestId: string,
  clientIp = 'unknown',
  record: RequestRecord = new RequestRecord(),
): Promise<Context> {
  let user: Context['user'];
  try {
    const token = readBearerToken(headers);
    user = token === null ? null : await services.verifyAccessToken(token);
  } catch (error) {
    const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
    // A failed authentication spends the address's auth-failure budget; past it, the answer is 429.
    const refusal = code === ErrorCode.UNAUTHENTICATED ? await services.rateLimiter.recordAuthFailure(clientIp) : null;
    if (refusal) {
      record.noteResponse({ hasData: false, errorCodes: [ErrorCode.RATE_LIMITED] });
      throw refusal;
    }
    record.noteResponse({ hasData: false, errorCodes: [typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR'] });
    throw error;
  }
  if (user) record.noteCaller(user.id);
  // Verifications that completed in this turn go on together (src/runtime/next-turn.ts).
  await nextTurn();
  return new RequestContext(services, requestId, clientIp, user, record);
}

/**
 * The per-request context. Apollo copies the context object once per operation
 * (`Object.assign(Object.create(prototype), context)`), which would call an own getter, so the lazy
 * logger is a getter on the prototype and its cache an ordinary property the copy carries.
 *
 * The request's own logger (bound to reqId and callerId) is made only when something logs through it:
 * most requests write just their audit line and request line, both from the root logger with the same
 * fields, and a child logger per request is measurable (docs/performance.md).
 */
class RequestContext implements Context {
  readonly credentials: Context['credentials'];
  readonly scope: Context['scope'];
  private requestLogger: Logger | undefined = undefined;

  constructor(
    private readonly services: GatewayServices,
    readonly requestId: string,
    readonly clientIp: string,
    readonly user: Context['user'],
    readonly record: RequestRecord,
  ) {
    const context = this;
    const callScope = {
      noteProviderCall: (call: ProviderCallNote) => record.noteProviderCall(call),
      // Resolvers that reach a provider require a caller; the address key only keeps this total.
      inFlight: { limiter: services.providerCallsInFlight, key: user ? `caller:${user.id}` : `ip:${clientIpKey(clientIp)}` },
      get logger() {
        return context.logger;
      },
    };
    this.credentials = services.credentials;
    this.scope = {
      audit: (event) => this.audit(event),
      openvidu() {
        if (!services.openvidu) throw new ProviderNotConfiguredError('openvidu');
        return services.openvidu.dataSource(callScope);
      },
      videosdk() {
        if (!services.videosdk) throw new ProviderNotConfiguredError('videosdk');
        return services.videosdk.dataSource(callScope);
      },
      livekitRoomService() {
        if (!services.livekitRoomService) throw new ProviderNotConfiguredError('livekit');
        return services.livekitRoomService.dataSource(callScope);
      },
    };
  }

  get logger(): Logger {
    return (this.requestLogger ??= this.services.logger.child({ reqId: this.requestId, callerId: this.user?.id }));
  }

  private audit(event: AuditEvent): void {
    writeAudit(
      this.services.logger,
      { requestId: this.requestId, callerId: this.user?.id ?? null, clientRequestId: this.record.clientRequestId },
      event,
    );
  }
}
