import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { GatewayMetrics, WebhookOutcome } from '../../observability/metrics.js';
import type { RoomEvents } from '../../webhooks/room-events.js';
import { receiveDelivery, type DeliveryOutcome } from '../../webhooks/webhook-receiver.js';

/** The content types providers send: LiveKit `application/webhook+json`, OpenVidu and VideoSDK `application/json`. */
const WEBHOOK_CONTENT_TYPES = ['application/json', 'application/webhook+json'];

const refusal = (status: number) =>
  status === 401 ? 'unauthenticated' : status === 413 ? 'too large' : status === 415 ? 'unsupported content type' : status === 503 ? 'unavailable' : 'bad request';

/** The metric outcome of a delivery the receiver answered. */
const OUTCOME_OF_RESULT: Record<DeliveryOutcome['result'], WebhookOutcome> = {
  published: 'accepted',
  duplicate: 'duplicate',
  stale: 'stale',
  ignored: 'ignored',
  unauthenticated: 'rejected_auth',
  malformed: 'malformed',
  unavailable: 'unavailable',
};

/** The metric outcome of a delivery refused before the receiver ran (body too large, wrong type, unreadable). */
const outcomeOfStatus = (status: number): WebhookOutcome =>
  status === 413 ? 'too_large' : status === 415 ? 'unsupported_media_type' : status === 500 ? 'error' : 'malformed';

/**
 * `POST /webhooks/<provider>` for each provider whose deliveries the gateway can authenticate. The
 * routes live in their own scope: their bodies are kept as raw bytes (signatures cover the exact bytes)
 * under WEBHOOK_BODY_LIMIT_BYTES, and their errors are plain JSON, not GraphQL-shaped. An accepted
 * delivery is answered exactly 200 (OpenVidu treats any other status as a failure). Every delivery is
 * counted by provider and outcome; published events by type, with what they did to the room's record.
 */
export async function registerWebhookRoutes(app: FastifyInstance, events: RoomEvents, metrics: GatewayMetrics, logger: Logger): Promise<void> {
  const providers = new Map(Object.values(events.sources).map((source) => [`/webhooks/${source.provider}`, source.provider]));
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(WEBHOOK_CONTENT_TYPES, { parseAs: 'buffer', bodyLimit: events.bodyLimitBytes }, (_request, body, done) => done(null, body));
    scope.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      const provider = providers.get(request.routeOptions.url ?? '');
      if (provider) metrics.webhookDeliveries.inc({ provider, outcome: outcomeOfStatus(status) });
      if (status === 500) logger.error({ err: { type: error.name, message: error.message } }, 'webhook request failed');
      void reply.code(status).send({ error: status === 500 ? 'internal error' : refusal(status) });
    });
    for (const source of Object.values(events.sources)) {
      scope.post(`/webhooks/${source.provider}`, { bodyLimit: events.bodyLimitBytes }, async (request, reply) => {
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const outcome = await receiveDelivery(source, raw, request.headers, {
          bus: events.bus,
          ledger: events.ledger,
          dedupTtlMs: events.dedupTtlMs,
          updateRoom: events.updateRoom,
          logger,
        });
        const { provider } = source;
        metrics.webhookDeliveries.inc({ provider, outcome: OUTCOME_OF_RESULT[outcome.result] });
        if (outcome.status === 200 && outcome.event) {
          metrics.roomEventsPublished.inc({ provider, type: outcome.event.type });
          if (outcome.live && outcome.live !== 'untracked') metrics.roomLiveUpdates.inc({ provider, result: outcome.live });
        }
        return reply.code(outcome.status).send(outcome.status === 200 ? { received: true } : { error: refusal(outcome.status) });
      });
    }
  });
}
