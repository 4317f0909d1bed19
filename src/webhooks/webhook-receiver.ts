import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { isStale, type DeliveryLedger } from '../events/delivery-ledger.js';
import type { RoomEventBus } from '../events/room-event-bus.js';
import type { RoomEvent } from '../events/room-event.js';
import type { LiveUpdateResult } from '../rooms/room-live-state.js';
import type { WebhookSource } from './webhook-source.js';

/** How long a finished room's marker is kept (late events older than it are dropped meanwhile). */
export const FINISHED_MARKER_TTL_MS = 60 * 60 * 1000;

/**
 * What the HTTP layer answers: `accepted` (200; the event was published, or the delivery was a
 * duplicate, stale or of a type the gateway ignores), or a refusal that produced no event. A published
 * event comes with what it did to the room's record (`live`).
 */
export type DeliveryOutcome =
  | { status: 200; result: 'published' | 'duplicate' | 'stale' | 'ignored'; event?: RoomEvent; live?: RoomLiveUpdate }
  | { status: 400 | 401; result: 'malformed' | 'unauthenticated' }
  | { status: 503; result: 'unavailable' };

/** What an accepted event did to the room's record: a LiveUpdateResult, or `untracked` (no live state for it). */
export type RoomLiveUpdate = LiveUpdateResult | 'untracked';

export interface WebhookReceiverDeps {
  bus: RoomEventBus;
  ledger: DeliveryLedger;
  /**
   * Brings the room's record up to date with an accepted event (`session`: the room life the delivery
   * names), before it is published; rejects when the shared store is unreachable.
   */
  updateRoom?: (event: RoomEvent, session?: string) => Promise<RoomLiveUpdate>;
  dedupTtlMs: number;
  logger: Logger;
  now?: () => number;
}

/** The event id: the same delivery gives the same id on every replica, and says nothing about the payload. */
const eventId = (provider: string, dedupKey: string) => `${provider}:${createHash('sha256').update(dedupKey).digest('base64url').slice(0, 22)}`;

/**
 * Turns one delivery into at most one published RoomEvent: verify the bytes, parse, map, claim the
 * delivery (first time only), drop it if its room already finished, publish. Nothing here waits for
 * subscribers; the answer waits only for the shared store (bounded by its command timeout), so that a
 * store outage answers 503 and the provider retries rather than losing the event.
 */
export async function receiveDelivery(source: WebhookSource, rawBody: Buffer, headers: Record<string, string | string[] | undefined>, deps: WebhookReceiverDeps): Promise<DeliveryOutcome> {
  const { provider } = source;
  const log = deps.logger;
  const verdict = await source.verify(rawBody, headers);
  if (!verdict.ok) {
    log.warn({ webhook: provider, reason: verdict.reason }, 'webhook delivery refused');
    if (verdict.failure === 'unavailable') return { status: 503, result: 'unavailable' };
    return verdict.failure === 'unauthenticated' ? { status: 401, result: 'unauthenticated' } : { status: 400, result: 'malformed' };
  }
  let payload: unknown;
  try {
    payload = JSON.parse(verdict.body);
  } catch {
    log.warn({ webhook: provider, reason: 'body is not JSON' }, 'webhook delivery refused');
    return { status: 400, result: 'malformed' };
  }
  const receivedAt = new Date((deps.now ?? Date.now)());
  const mapped = source.map(payload, receivedAt);
  if (mapped.kind === 'ignored') {
    log.debug({ webhook: provider, providerType: mapped.providerType.slice(0, 64) }, 'webhook event type not tracked; dropped');
    return { status: 200, result: 'ignored' };
  }
  if (mapped.kind === 'malformed') {
    log.warn({ webhook: provider, reason: mapped.reason }, 'webhook delivery refused');
    return { status: 400, result: 'malformed' };
  }
  const event: RoomEvent = { id: eventId(provider, mapped.dedupKey), ...mapped.event };
  const claim = event.id;
  try {
    if (!(await deps.ledger.claim(claim, deps.dedupTtlMs))) {
      log.debug({ webhook: provider, eventId: event.id }, 'webhook delivery already processed');
      return { status: 200, result: 'duplicate' };
    }
  } catch (error) {
    log.error({ webhook: provider, err: { type: (error as Error).name, message: (error as Error).message } }, 'webhook delivery not processed: shared state unreachable');
    return { status: 503, result: 'unavailable' };
  }
  try {
    const marker = await deps.ledger.finishedAt(provider, event.roomId);
    if (isStale(marker, { occurredAt: event.occurredAt, session: mapped.session })) {
      log.debug({ webhook: provider, eventId: event.id, type: event.type }, 'webhook event older than the room finish; dropped');
      return { status: 200, result: 'stale' };
    }
    // The record first: a failure below releases the claim, and the provider's retry re-applies the
    // event, which changes nothing the second time (the live-state rules are idempotent).
    const live = deps.updateRoom ? await deps.updateRoom(event, mapped.session) : 'untracked';
    await deps.bus.publish(event);
    log.debug({ webhook: provider, eventId: event.id, type: event.type, live }, 'room event published');
    if (event.type === 'ROOM_FINISHED') {
      await deps.ledger
        .markFinished(provider, event.roomId, { at: Date.parse(event.occurredAt), ...(mapped.session ? { session: mapped.session } : {}) }, FINISHED_MARKER_TTL_MS)
        .catch(() => undefined);
    }
    return { status: 200, result: 'published', event, live };
  } catch (error) {
    // Not published: forget the claim so the provider's retry is processed.
    await deps.ledger.release(claim).catch(() => undefined);
    log.error({ webhook: provider, err: { type: (error as Error).name, message: (error as Error).message } }, 'webhook event not published: room store or event bus unreachable');
    return { status: 503, result: 'unavailable' };
  }
}
