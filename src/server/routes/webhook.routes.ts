import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { RoomEvents } from '../../webhooks/room-events.js';
import { receiveDelivery } from '../../webhooks/webhook-receiver.js';

/** The content types providers send: LiveKit `application/webhook+json`, OpenVidu and VideoSDK `application/json`. */
const WEBHOOK_CONTENT_TYPES = ['application/json', 'application/webhook+json'];

const refusal = (status: number) =>
  status === 401 ? 'unauthenticated' : status === 413 ? 'too large' : status === 415 ? 'unsupported content type' : status === 503 ? 'unavailable' : 'bad request';

/**
 * `POST /webhooks/<provider>` for each provider whose deliveries the gateway can authenticate. The
 * routes live in their own scope: their bodies are kept as raw bytes (signatures cover the exact bytes)
 * under WEBHOOK_BODY_LIMIT_BYTES, and their errors are plain JSON, not GraphQL-shaped. An accepted
 * delivery is answered exactly 200 (OpenVidu treats any other status as a failure).
 */
export async function registerWebhookRoutes(app: FastifyInstance, events: RoomEvents, logger: Logger): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(WEBHOOK_CONTENT_TYPES, { parseAs: 'buffer', bodyLimit: events.bodyLimitBytes }, (_request, body, done) => done(null, body));
    scope.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 500) logger.error({ err: { type: error.name, message: error.message } }, 'webhook request failed');
      void reply.code(status).send({ error: status === 500 ? 'internal error' : refusal(status) });
    });
    for (const source of Object.values(events.sources)) {
      scope.post(`/webhooks/${source.provider}`, { bodyLimit: events.bodyLimitBytes }, async (request, reply) => {
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const outcome = await receiveDelivery(source, raw, request.headers, { bus: events.bus, ledger: events.ledger, dedupTtlMs: events.dedupTtlMs, logger });
        return reply.code(outcome.status).send(outcome.status === 200 ? { received: true } : { error: refusal(outcome.status) });
      });
    }
  });
}
