import { createHash, timingSafeEqual } from 'node:crypto';
import { mapOpenviduDelivery } from '../../events/mappers/openvidu-deliveries.js';
import { bodyText, singleHeader, type WebhookSource } from '../../webhooks/webhook-source.js';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * OpenVidu 2 does not sign webhooks; it sends the static headers set in its OPENVIDU_WEBHOOK_HEADERS.
 * The gateway requires `Authorization: Bearer <OPENVIDU_WEBHOOK_SECRET>` and compares digests of the
 * two values in constant time (equal lengths, so nothing leaks through the comparison's duration).
 */
export function openviduWebhookSource(secret: string): WebhookSource {
  const expected = digest(`Bearer ${secret}`);
  return {
    provider: 'openvidu',
    map: mapOpenviduDelivery,
    async verify(rawBody, headers) {
      const authorization = singleHeader(headers, 'authorization');
      if (!authorization || !timingSafeEqual(digest(authorization), expected)) {
        return { ok: false, failure: 'unauthenticated', reason: 'missing or wrong bearer secret' };
      }
      const body = bodyText(rawBody);
      return body === null ? { ok: false, failure: 'malformed', reason: 'body is not UTF-8' } : { ok: true, body };
    },
  };
}
