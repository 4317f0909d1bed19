import { epochToIso, isRecord, text, type DeliveryMapper, type RoomEventType } from '../room-event.js';

/**
 * LiveKit webhook payloads (protobuf JSON: camelCase, default values omitted, int64 as strings).
 * `id` is LiveKit's unique event id and `createdAt` is in seconds. Egress start/end count as recording.
 * `participant_connection_aborted` (someone who never became active) is not a leave of a joined
 * participant and is dropped.
 */
const TYPES: Record<string, RoomEventType> = {
  room_started: 'ROOM_STARTED',
  room_finished: 'ROOM_FINISHED',
  participant_joined: 'PARTICIPANT_JOINED',
  participant_left: 'PARTICIPANT_LEFT',
  track_published: 'TRACK_PUBLISHED',
  track_unpublished: 'TRACK_UNPUBLISHED',
  egress_started: 'RECORDING_STARTED',
  egress_ended: 'RECORDING_STOPPED',
};

const WITH_PARTICIPANT = new Set<RoomEventType>(['PARTICIPANT_JOINED', 'PARTICIPANT_LEFT', 'TRACK_PUBLISHED', 'TRACK_UNPUBLISHED']);

export const mapLivekitDelivery: DeliveryMapper = (payload, receivedAt) => {
  if (!isRecord(payload)) return { kind: 'malformed', reason: 'not a JSON object' };
  const name = text(payload.event);
  if (!name) return { kind: 'malformed', reason: 'no event name' };
  const type = TYPES[name];
  if (!type) return { kind: 'ignored', providerType: name };
  const id = text(payload.id);
  if (!id) return { kind: 'malformed', reason: 'no event id' };
  const room = isRecord(payload.room) ? payload.room : undefined;
  const egress = isRecord(payload.egressInfo) ? payload.egressInfo : undefined;
  const roomId = text(room?.name) ?? text(egress?.roomName);
  if (!roomId) return { kind: 'malformed', reason: 'no room name' };
  const occurredAt = epochToIso(payload.createdAt, 'seconds') ?? receivedAt.toISOString();
  let participant: { id: string; name?: string } | undefined;
  if (WITH_PARTICIPANT.has(type)) {
    const p = isRecord(payload.participant) ? payload.participant : undefined;
    const identity = text(p?.identity);
    if (!identity) return { kind: 'malformed', reason: 'no participant identity' };
    const displayName = text(p?.name);
    participant = { id: identity, ...(displayName ? { name: displayName } : {}) };
  }
  const session = text(room?.sid);
  return {
    kind: 'event',
    dedupKey: id,
    ...(session ? { session } : {}),
    event: { provider: 'livekit', roomId, type, ...(participant ? { participant } : {}), occurredAt },
  };
};
