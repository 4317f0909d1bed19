import { WebhookReceiver } from 'livekit-server-sdk';
import type { LivekitConfig } from '../../config/load-config.js';
import { mapLivekitDelivery } from '../../events/mappers/livekit-deliveries.js';
import { bodyText, singleHeader, type WebhookSource } from '../../webhooks/webhook-source.js';

/** LiveKit's own verifier rejects with these; anything else thrown after them is a payload problem. */
const AUTH_MESSAGES = ['authorization header is empty', 'sha256 checksum of body does not match'];
const isAuthFailure = (error: unknown) => {
  if (!(error instanceof Error)) return false;
  const code: unknown = (error as Error & { code?: unknown }).code;
  // jose's errors (bad signature, expired, wrong issuer, malformed token) carry codes ERR_JWS_*, ERR_JWT_*.
  return AUTH_MESSAGES.includes(error.message) || (typeof code === 'string' && code.startsWith('ERR_J'));
};

/**
 * LiveKit signs each delivery: the `Authorization` header is a bare HS256 JWT (no `Bearer`) issued by
 * the API key and signed with its secret, whose `sha256` claim is the base64 SHA-256 of the body bytes.
 * The SDK's WebhookReceiver checks signature, issuer, expiry and the body hash. It takes the body as a
 * string and hashes its UTF-8 encoding, which is the received bytes exactly because the body is decoded
 * strictly (invalid UTF-8 is refused) with any byte-order mark kept.
 */
export function livekitWebhookSource(config: LivekitConfig, clockToleranceSeconds = 10): WebhookSource {
  const receiver = new WebhookReceiver(config.apiKey, config.apiSecret);
  return {
    provider: 'livekit',
    map: mapLivekitDelivery,
    async verify(rawBody, headers) {
      const authorization = singleHeader(headers, 'authorization');
      if (!authorization) return { ok: false, failure: 'unauthenticated', reason: 'no authorization header' };
      const body = bodyText(rawBody);
      if (body === null) return { ok: false, failure: 'malformed', reason: 'body is not UTF-8' };
      try {
        await receiver.receive(body, authorization, false, clockToleranceSeconds);
        return { ok: true, body };
      } catch (error) {
        if (isAuthFailure(error)) return { ok: false, failure: 'unauthenticated', reason: (error as Error).message };
        return { ok: false, failure: 'malformed', reason: 'payload is not a LiveKit webhook event' };
      }
    },
  };
}
