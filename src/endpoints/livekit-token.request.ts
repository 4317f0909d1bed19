import { ArrayMaxSize, ValidateNested } from 'class-validator';
import type { LivekitCredentialRequest } from '../credentials/livekit-credentials.js';
import { BadUserInputError, ForbiddenError } from '../errors/gateway-errors.js';
import { readRoomConfig } from '../providers/livekit/livekit.room-config.js';
import {
  IsAttributeKey,
  IsAttributeValue,
  IsBoundedText,
  IsDisplayName,
  IsIdentity,
  IsRoomName,
  MAX_ATTRIBUTE_VALUE_BYTES,
  MAX_METADATA_BYTES,
  MAX_PARTICIPANT_ATTRIBUTES,
} from '../schema/validators.js';
import { validateInput } from '../schema/validate-input.js';

/** The most agents one token may have LiveKit dispatch. */
export const MAX_DISPATCHED_AGENTS = 8;

/** The request fields of LiveKit's standard token endpoint (`TokenSourceRequest`, protobuf JSON names); all optional. */
const FIELDS: ReadonlySet<string> = new Set([
  'room_name',
  'participant_identity',
  'participant_name',
  'participant_metadata',
  'participant_attributes',
  'room_config',
]);

class AttributeEntry {
  @IsAttributeKey() key!: string;
  @IsAttributeValue(MAX_ATTRIBUTE_VALUE_BYTES) value!: string;
}

class AgentEntry {
  @IsBoundedText(MAX_METADATA_BYTES) metadata?: string;
}

/** The body with the GraphQL input's own rules (schema/validators.ts): the same checks, under the endpoint's field names. */
class TokenEndpointBody {
  @IsRoomName() room_name?: string;
  @IsIdentity() participant_identity?: string;
  @IsDisplayName() participant_name?: string;
  @IsBoundedText(MAX_METADATA_BYTES) participant_metadata?: string;
  @ArrayMaxSize(MAX_PARTICIPANT_ATTRIBUTES) @ValidateNested({ each: true }) participant_attributes?: AttributeEntry[];
  @ArrayMaxSize(MAX_DISPATCHED_AGENTS) @ValidateNested({ each: true }) room_config_agents?: AgentEntry[];
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A field's value, null read as unset (protobuf JSON writes null for a default). */
const given = (body: Record<string, unknown>, field: string): unknown => (body[field] === null ? undefined : body[field]);

/**
 * Turns a standard token endpoint body into the credential request: BAD_USER_INPUT (400) for a body
 * that is not an object, an unknown field, or a value the GraphQL input would refuse too (room name
 * charset, identity-text rules, metadata size, attribute keys and values, `lk.` keys); FORBIDDEN (403)
 * for `room_config` fields other than the agents' names and metadata, which this gateway never grants.
 * Identity, room and agents are then the credential flow's to decide, as for `issueLivekitToken`.
 */
export function toCredentialRequest(raw: unknown): LivekitCredentialRequest {
  const body = raw === undefined ? {} : raw;
  if (!isPlainObject(body)) throw new BadUserInputError('The request body must be a JSON object.');
  const unknown = Object.keys(body).filter((key) => !FIELDS.has(key));
  if (unknown.length) {
    // Names only; unknown names are cut short so the answer never carries much of the client's text.
    throw new BadUserInputError(`Unknown field(s): ${unknown.map((key) => JSON.stringify(key.slice(0, 64))).join(', ')}. Allowed: ${[...FIELDS].join(', ')}.`);
  }
  const attributes = given(body, 'participant_attributes');
  if (attributes !== undefined && !isPlainObject(attributes)) throw new BadUserInputError('participant_attributes must be a JSON object of strings.', 'participant_attributes');
  const roomConfig = given(body, 'room_config');
  const config = roomConfig === undefined ? undefined : readRoomConfig(roomConfig);
  if (config && !config.ok) throw new BadUserInputError(`${config.problem}.`, 'room_config');

  const checked = Object.assign(new TokenEndpointBody(), {
    room_name: given(body, 'room_name'),
    participant_identity: given(body, 'participant_identity'),
    participant_name: given(body, 'participant_name'),
    participant_metadata: given(body, 'participant_metadata'),
    participant_attributes: attributes && Object.entries(attributes).map(([key, value]) => Object.assign(new AttributeEntry(), { key, value })),
    room_config_agents: config?.agents.map((agent) => Object.assign(new AgentEntry(), { metadata: agent.metadata })),
  });
  validateInput(checked);
  if (config?.otherFields.length) {
    throw new ForbiddenError(
      `This gateway grants no room_config fields besides agents (agent_name, metadata); refused: ${config.otherFields.join(', ')}.`,
      'livekit.roomConfig',
    );
  }
  return {
    roomName: checked.room_name,
    participantIdentity: checked.participant_identity,
    participantName: checked.participant_name,
    metadata: checked.participant_metadata,
    attributes: checked.participant_attributes,
    agents: config?.agents,
  };
}
