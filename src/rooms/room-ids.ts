import { NotFoundError } from '../errors/gateway-errors.js';
import type { CredentialProvider, RoomProvider } from '../policy/policy.types.js';

/**
 * The ids a provider generates itself. A custom id of this shape could name a room someone else
 * created (a VideoSDK custom id is accepted wherever a meetingId is), so the gateway refuses such
 * custom ids. Compared case-insensitively: whether a provider folds case on lookup is not documented.
 */
const GENERATED_ID_SHAPES: Record<RoomProvider, { pattern: RegExp; description: string }> = {
  // VideoSDK meetingId: three dash-separated groups of four lower-case letters and digits.
  videosdk: { pattern: /^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/i, description: 'a VideoSDK meeting id (xxxx-xxxx-xxxx)' },
  // OpenVidu session ids it generates start with `ses_`.
  openvidu: { pattern: /^ses_/i, description: 'an OpenVidu generated session id (ses_…)' },
};

/** True when `id` has the shape of an id the provider generates. */
export function looksProviderGenerated(provider: RoomProvider, id: string): boolean {
  return GENERATED_ID_SHAPES[provider].pattern.test(id);
}

/** What a refused custom id is told it looks like. */
export function generatedIdDescription(provider: RoomProvider): string {
  return GENERATED_ID_SHAPES[provider].description;
}

/**
 * Where a record is found by an id: `id` holds provider ids (VideoSDK meetingId, OpenVidu session id),
 * `custom` holds VideoSDK custom meeting ids. The two never share keys, so a custom id can never
 * reach the record of the room whose provider id it spells.
 */
export type RoomKeySpace = 'id' | 'custom';

export interface RoomKey {
  space: RoomKeySpace;
  id: string;
}

/**
 * The key an id a caller sent is looked up under. OpenVidu has one id per session (a custom session id
 * becomes the session id). A VideoSDK id of the generated shape is a meetingId (custom ids of that shape
 * are refused), anything else a custom id.
 */
export function roomKeyOf(provider: RoomProvider, id: string): RoomKey {
  if (provider === 'openvidu' || looksProviderGenerated(provider, id)) return { space: 'id', id };
  return { space: 'custom', id };
}

/**
 * The answer for a room the gateway and the provider do not know. A caller who may not join (or may
 * not moderate) an existing room gets exactly this too, so a refusal never tells that the room exists.
 * The OpenVidu HTTP side and the LiveKit room service throw the same error for the provider's own
 * "no such session / room".
 */
export function unknownRoomError(provider: CredentialProvider): NotFoundError {
  switch (provider) {
    case 'openvidu':
      return new NotFoundError('No OpenVidu session has this id.', 'session');
    case 'videosdk':
      return new NotFoundError('No VideoSDK meeting has this id.', 'meeting');
    default:
      return new NotFoundError('No LiveKit room has this name.', 'room');
  }
}

/** The answer of updateRoomAccess and transferRoomOwnership for an unknown room, and for a room the caller does not own. */
export function noOwnedRecordError(): NotFoundError {
  return new NotFoundError('The gateway holds no record of a room you own under this id (unknown, expired, or not yours).', 'room');
}
