import type { AuditEvent } from '../audit/audit-log.js';
import type { LivekitRoomService } from '../providers/livekit/livekit.room-service.js';
import type { OpenViduDataSource } from '../providers/openvidu/openvidu.data-source.js';
import type { VideoSdkDataSource } from '../providers/videosdk/videosdk.data-source.js';

/**
 * What a credential flow needs from the request it runs in, whatever the transport (GraphQL, a REST
 * route): where its audit line goes. The caller is passed separately, already authenticated.
 */
export interface AuditScope {
  /** Writes one audit line for this request and caller (see audit/audit-log.ts). */
  audit(event: AuditEvent): void;
}

/**
 * A request scope for the flows that call a provider over HTTP: the audit line, and the provider
 * clients bound to this request (its logger, provider-call record and in-flight bound). Each accessor
 * throws PROVIDER_NOT_CONFIGURED when that provider has no configuration.
 */
export interface ProviderScope extends AuditScope {
  openvidu(): OpenViduDataSource;
  videosdk(): VideoSdkDataSource;
  /** LiveKit's server API (moderation), each call with a short-lived token for that call alone. */
  livekitRoomService(): LivekitRoomService;
}
