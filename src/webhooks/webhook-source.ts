import type { IncomingHttpHeaders } from 'node:http';
import type { DeliveryMapper, RoomEventProvider } from '../events/room-event.js';

/**
 * The outcome of checking one delivery's authenticity. `unavailable`: the check could not run (the
 * provider's public key could not be fetched), so the provider should retry (503).
 */
export type Verdict = { ok: true; body: string } | { ok: false; failure: 'unauthenticated' | 'malformed' | 'unavailable'; reason: string };

/** One provider's webhook: how its deliveries are authenticated and how their payloads map to events. */
export interface WebhookSource {
  provider: RoomEventProvider;
  /** Checks the raw bytes as received; on success returns them as text (valid UTF-8) for JSON parsing. */
  verify(rawBody: Buffer, headers: IncomingHttpHeaders): Promise<Verdict>;
  map: DeliveryMapper;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The body as text, or null when it is not valid UTF-8 (a byte-exact round trip is then impossible). */
export function bodyText(rawBody: Buffer): string | null {
  try {
    return utf8.decode(rawBody);
  } catch {
    return null;
  }
}

/** One header's value; a repeated header is refused (null), as is an absent one. */
export function singleHeader(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  return typeof value === 'string' && value !== '' ? value : null;
}
