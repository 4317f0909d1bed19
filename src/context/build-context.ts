import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import { writeAudit, type AuditEvent } from '../audit/audit-log.js';
import { ErrorCode } from '../errors/error-codes.js';
import { UnauthenticatedError, ProviderNotConfiguredError } from '../errors/gateway-errors.js';
import { OpenViduDataSource } from '../providers/openvidu/openvidu.data-source.js';
import { VideoSdkDataSource } from '../providers/videosdk/videosdk.data-source.js';
import { clientIpKey } from '../rate-limit/client-ip-key.js';
import type { GatewayServices } from '../server/gateway-services.js';
import type { Context } from './context.js';
import { createRequestRecord, type RequestRecord } from './request-record.js';

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
  record: RequestRecord = createRequestRecord(),
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
      services.metrics.rateLimitRefusals.inc({ scope: 'auth' });
      record.outcome = ErrorCode.RATE_LIMITED;
      record.response = { hasData: false, errorCodes: [record.outcome] };
      throw refusal;
    }
    record.outcome = typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
    record.response = { hasData: false, errorCodes: [record.outcome] };
    throw error;
  }
  if (user) record.callerId = user.id;
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
  readonly dataSources: Context['dataSources'];
  private requestLogger: Logger | undefined = undefined;

  constructor(
    readonly services: GatewayServices,
    readonly requestId: string,
    readonly clientIp: string,
    readonly user: Context['user'],
    readonly record: RequestRecord,
  ) {
    const context = this;
    const scope = {
      calls: record.providerCalls,
      // Resolvers that reach a provider require a caller; the address key only keeps this total.
      inFlight: { limiter: services.providerCallsInFlight, key: user ? `caller:${user.id}` : `ip:${clientIpKey(clientIp)}` },
      get logger() {
        return context.logger;
      },
    };
    this.dataSources = {
      openvidu() {
        if (!services.openvidu) throw new ProviderNotConfiguredError('openvidu');
        return new OpenViduDataSource(services.openvidu.http, scope);
      },
      videosdk() {
        if (!services.videosdk) throw new ProviderNotConfiguredError('videosdk');
        return new VideoSdkDataSource(services.videosdk.http, services.videosdk.signer, scope);
      },
      livekit() {
        if (!services.livekit) throw new ProviderNotConfiguredError('livekit');
        return services.livekit;
      },
    };
  }

  get logger(): Logger {
    return (this.requestLogger ??= this.services.logger.child({ reqId: this.requestId, callerId: this.user?.id }));
  }

  audit(event: AuditEvent): void {
    writeAudit(
      this.services.logger,
      { requestId: this.requestId, callerId: this.user?.id ?? null, clientRequestId: this.record.clientRequestId },
      event,
    );
  }
}
