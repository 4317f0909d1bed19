import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config/load-config.js';
import { createMemoryLedger, createRedisLedger, type DeliveryLedger } from '../events/delivery-ledger.js';
import { createMemoryRoomEventBus, createRedisRoomEventBus, type RoomEventBus } from '../events/room-event-bus.js';
import type { RoomEvent, RoomEventProvider } from '../events/room-event.js';
import { liveEventOf } from '../rooms/room-live-state.js';
import type { RoomStore } from '../rooms/room-store.js';
import { livekitWebhookSource } from '../providers/livekit/livekit.webhook.js';
import { openviduWebhookSource } from '../providers/openvidu/openvidu.webhook.js';
import { VideoSdkWebhookKey, videosdkWebhookSource } from '../providers/videosdk/videosdk.webhook.js';
import type { RoomLiveUpdate } from './webhook-receiver.js';
import type { WebhookSource } from './webhook-source.js';

/**
 * Live room events: the provider webhooks the gateway accepts, the ledger that deduplicates them, and
 * the bus that carries the resulting events to subscribers on every replica. A provider's webhook
 * exists only when the gateway can authenticate it: LiveKit with its API key, OpenVidu with
 * OPENVIDU_WEBHOOK_SECRET, VideoSDK with its API key (for the public-key endpoint). Accepted events
 * also bring the live state of the gateway's room records up to date (`updateRoom`).
 */
export interface RoomEvents {
  bus: RoomEventBus;
  ledger: DeliveryLedger;
  sources: Partial<Record<RoomEventProvider, WebhookSource>>;
  bodyLimitBytes: number;
  dedupTtlMs: number;
  updateRoom: (event: RoomEvent, session?: string) => Promise<RoomLiveUpdate>;
  close(): Promise<void>;
}

/**
 * Applies an accepted event to the record of the room it names, for the providers whose rooms the
 * gateway records (OpenVidu sessions, VideoSDK meetings, by provider id). LiveKit rooms have no
 * record, and tracks and recordings do not change live state: both are `untracked`. A room the
 * gateway holds no record of stays unknown (`no_record`): a webhook never creates a record.
 */
export function roomRecordUpdater(store: RoomStore): RoomEvents['updateRoom'] {
  return async (event, session) => {
    if (event.provider === 'livekit') return 'untracked';
    const live = liveEventOf(event, session);
    return live ? store.applyLiveEvent(event.provider, event.roomId, live) : 'untracked';
  };
}

export function createRoomEvents(
  config: Config,
  logger: Logger,
  redis: Redis | null,
  roomStore: RoomStore,
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
    updateRoom: roomRecordUpdater(roomStore),
    close: () => bus.close(),
  };
}
