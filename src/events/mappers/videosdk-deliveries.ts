import { isRecord, text, type DeliveryMapper, type RoomEventType } from '../room-event.js';

/**
 * VideoSDK webhook payloads: `{ webhookType, data: { meetingId, sessionId, ... } }` (older senders
 * use `type`). They carry no event id and no event time except `start`/`end` on session events, so
 * the deduplication key is built from the type, the session, the participant and those times, and
 * `occurredAt` is the receipt time when the payload has no time. VideoSDK has no track events.
 */
const TYPES: Record<string, RoomEventType> = {
  'session-started': 'ROOM_STARTED',
  'session-ended': 'ROOM_FINISHED',
  'participant-joined': 'PARTICIPANT_JOINED',
  'participant-left': 'PARTICIPANT_LEFT',
  'recording-started': 'RECORDING_STARTED',
  'recording-stopped': 'RECORDING_STOPPED',
  'recording-failed': 'RECORDING_STOPPED',
};

/** Lenient date reading: the provider's own examples hold impossible times such as 15:60:35. */
function isoTime(value: unknown): string | undefined {
  const raw = text(value);
  if (!raw) return undefined;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) return undefined;
  return new Date(ms).toISOString();
}

export const mapVideosdkDelivery: DeliveryMapper = (payload, receivedAt) => {
  if (!isRecord(payload)) return { kind: 'malformed', reason: 'not a JSON object' };
  const name = text(payload.webhookType) ?? text(payload.type);
  if (!name) return { kind: 'malformed', reason: 'no webhookType' };
  const type = TYPES[name];
  if (!type) return { kind: 'ignored', providerType: name };
  const data = isRecord(payload.data) ? payload.data : undefined;
  const roomId = text(data?.meetingId) ?? text(data?.roomId);
  if (!roomId) return { kind: 'malformed', reason: 'no meetingId' };
  const session = text(data?.sessionId);
  let participant: { id: string; name?: string } | undefined;
  if (type === 'PARTICIPANT_JOINED' || type === 'PARTICIPANT_LEFT') {
    const id = text(data?.participantId);
    if (!id) return { kind: 'malformed', reason: 'no participantId' };
    const shown = text(data?.participantName);
    participant = { id, ...(shown ? { name: shown } : {}) };
  }
  const when = type === 'ROOM_FINISHED' ? (data?.end ?? data?.start) : type === 'ROOM_STARTED' ? data?.start : undefined;
  const occurredAt = isoTime(when) ?? receivedAt.toISOString();
  return {
    kind: 'event',
    dedupKey: [name, roomId, session ?? '', participant?.id ?? '', text(data?.start) ?? '', text(data?.end) ?? ''].join('\n'),
    ...(session ? { session } : {}),
    event: { provider: 'videosdk', roomId, type, ...(participant ? { participant } : {}), occurredAt },
  };
};
