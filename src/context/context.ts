import type { Logger } from 'pino';
import type { AuditEvent } from '../audit/audit-log.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import type { OpenViduDataSource } from '../providers/openvidu/openvidu.data-source.js';
import type { VideoSdkDataSource } from '../providers/videosdk/videosdk.data-source.js';
import type { LivekitTokenIssuer } from '../providers/livekit/livekit.token-issuer.js';
import type { GatewayServices } from '../server/gateway-services.js';
import type { RequestRecord } from '../observability/request-record.js';

/** What every resolver receives. Built per request by `buildContext`. */
export interface Context {
  requestId: string;
  /** The client address as Fastify sees it (`request.ip`, which honours TRUST_PROXY); keys the per-IP rate limit. */
  clientIp: string;
  /** The verified caller, or null when no Authorization header was sent. */
  user: AuthenticatedUser | null;
  logger: Logger;
  /** Writes one audit line for this request and caller (see audit/audit-log.ts). */
  audit(event: AuditEvent): void;
  services: GatewayServices;
  /** This request's log-line facts; provider calls record themselves here. */
  record: RequestRecord;
  /** Each accessor throws PROVIDER_NOT_CONFIGURED when that provider has no configuration. */
  dataSources: {
    openvidu(): OpenViduDataSource;
    videosdk(): VideoSdkDataSource;
    livekit(): LivekitTokenIssuer;
  };
}
