import { epochToIso, isRecord, text, type DeliveryMapper, type MappedDelivery, type RoomEventType } from '../room-event.js';

/**
 * OpenVidu 2 webhook payloads: `event`, `sessionId`, `uniqueSessionId` (one life of a reused custom
 * id), `timestamp` in milliseconds. OpenVidu sends no event id, so the deduplication key is built from
 * the fields that tell two events apart: name, session life, connection or stream, and time.
 * Only the publisher side (`connection: OUTBOUND`) of a WebRTC stream counts as a track; recording
 * `started` and `stopped` count, the other recording statuses are dropped.
 */
const TYPES: Record<string, RoomEventType> = {
  sessionCreated: 'ROOM_STARTED',
  sessionDestroyed: 'ROOM_FINISHED',
  participantJoined: 'PARTICIPANT_JOINED',
  participantLeft: 'PARTICIPANT_LEFT',
  webrtcConnectionCreated: 'TRACK_PUBLISHED',
  webrtcConnectionDestroyed: 'TRACK_UNPUBLISHED',
  recordingStatusChanged: 'RECORDING_STARTED',
};

const RECORDING_STATUS: Record<string, RoomEventType> = { started: 'RECORDING_STARTED', stopped: 'RECORDING_STOPPED' };

/** Reads the participant's display name from `clientData` when it is a JSON object with a string `name`. */
function displayName(clientData: unknown): string | undefined {
  if (typeof clientData !== 'string' || !clientData.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(clientData);
    return isRecord(parsed) ? text(parsed.name) : undefined;
  } catch {
    return undefined;
  }
}

export const mapOpenviduDelivery: DeliveryMapper = (payload): MappedDelivery => {
  if (!isRecord(payload)) return { kind: 'malformed', reason: 'not a JSON object' };
  const name = text(payload.event);
  if (!name) return { kind: 'malformed', reason: 'no event name' };
  let type = TYPES[name];
  if (!type) return { kind: 'ignored', providerType: name };
  if (name === 'recordingStatusChanged') {
    const status = text(payload.status) ?? '';
    type = RECORDING_STATUS[status];
    if (!type) return { kind: 'ignored', providerType: `${name}:${status}` };
  }
  if (name.startsWith('webrtcConnection') && payload.connection !== 'OUTBOUND') {
    return { kind: 'ignored', providerType: `${name}:${text(payload.connection) ?? 'unknown'}` };
  }
  const roomId = text(payload.sessionId);
  if (!roomId) return { kind: 'malformed', reason: 'no sessionId' };
  const occurredAt = epochToIso(payload.timestamp, 'milliseconds');
  if (!occurredAt) return { kind: 'malformed', reason: 'no timestamp' };
  const connectionId = text(payload.connectionId);
  let participant: { id: string; name?: string } | undefined;
  if (type.startsWith('PARTICIPANT_') || type.startsWith('TRACK_')) {
    if (!connectionId) return { kind: 'malformed', reason: 'no connectionId' };
    const shown = displayName(payload.clientData);
    participant = { id: connectionId, ...(shown ? { name: shown } : {}) };
  }
  const session = text(payload.uniqueSessionId);
  const detail = text(payload.streamId) ?? connectionId ?? text(payload.id) ?? '';
  return {
    kind: 'event',
    dedupKey: [name, type, session ?? roomId, detail, String(payload.timestamp)].join('\n'),
    ...(session ? { session } : {}),
    event: { provider: 'openvidu', roomId, type, ...(participant ? { participant } : {}), occurredAt },
  };
};
