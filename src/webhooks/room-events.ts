import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config/load-config.js';
import { createMemoryLedger, createRedisLedger, type DeliveryLedger } from '../events/delivery-ledger.js';
import { createMemoryRoomEventBus, createRedisRoomEventBus, type RoomEventBus } from '../events/room-event-bus.js';
import type { RoomEventProvider } from '../events/room-event.js';
import { livekitWebhookSource } from '../providers/livekit/livekit.webhook.js';
import { openviduWebhookSource } from '../providers/openvidu/openvidu.webhook.js';
import { VideoSdkWebhookKey, videosdkWebhookSource } from '../providers/videosdk/videosdk.webhook.js';
import type { WebhookSource } from './webhook-source.js';

/**
 * Live room events: the provider webhooks the gateway accepts, the ledger that deduplicates them, and
 * the bus that carries the resulting events to subscribers on every replica. A provider's webhook
 * exists only when the gateway can authenticate it: LiveKit with its API key, OpenVidu with
 * OPENVIDU_WEBHOOK_SECRET, VideoSDK with its API key (for the public-key endpoint).
 */
export interface RoomEvents {
  bus: RoomEventBus;
  ledger: DeliveryLedger;
  sources: Partial<Record<RoomEventProvider, WebhookSource>>;
  bodyLimitBytes: number;
  dedupTtlMs: number;
  close(): Promise<void>;
}

export function createRoomEvents(
  config: Config,
  logger: Logger,
  redis: Redis | null,
  videosdkManagementToken?: () => Promise<string>,
): RoomEvents {
  const sources: RoomEvents['sources'] = {};
  if (config.livekit) sources.livekit = livekitWebhookSource(config.livekit);
  if (config.webhooks.openviduSecret) sources.openvidu = openviduWebhookSource(config.webhooks.openviduSecret);
  if (config.webhooks.videosdkPublicKeyUrl) {
    sources.videosdk = videosdkWebhookSource(new VideoSdkWebhookKey({ url: config.webhooks.videosdkPublicKeyUrl, authorization: videosdkManagementToken }));
  }
  const bus = redis ? createRedisRoomEventBus(redis, logger) : createMemoryRoomEventBus();
  return {
    bus,
    ledger: redis ? createRedisLedger(redis) : createMemoryLedger(),
    sources,
    bodyLimitBytes: config.webhooks.bodyLimitBytes,
    dedupTtlMs: config.webhooks.dedupTtlMs,
    close: () => bus.close(),
  };
}
