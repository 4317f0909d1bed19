import { registerDecorator, type ValidationOptions } from 'class-validator';
import { describeIdentityText, isIdentityText } from '../auth/identity-text.js';
import { BadUserInputError } from '../errors/gateway-errors.js';

/** Room, session and meeting ids: OpenVidu's own charset, ASCII only, case-sensitive, 1-64 chars. */
export const ROOM_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const MAX_METADATA_BYTES = 4096;
/** The most participant attributes one LiveKit token may carry. */
export const MAX_PARTICIPANT_ATTRIBUTES = 16;
/** The longest participant attribute value, in UTF-8 bytes. */
export const MAX_ATTRIBUTE_VALUE_BYTES = 1024;

function define(name: string, validate: (value: unknown) => boolean, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name,
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} is not valid (${name})`, ...options },
      validator: { validate },
    });
}

/**
 * A room id passed as a bare scalar argument (not an input type, so class-validator does not run on it):
 * BAD_USER_INPUT naming the argument unless it matches ROOM_NAME_PATTERN.
 */
export function assertRoomNameArgument(value: string, argument: string): void {
  if (!ROOM_NAME_PATTERN.test(value)) throw new BadUserInputError(`${argument} must be 1-64 of A-Z a-z 0-9 _ -.`, argument);
}

/** A room/session/meeting name that every provider accepts unchanged (see ROOM_NAME_PATTERN). */
export const IsRoomName = (options?: ValidationOptions) =>
  define('roomName', (v) => typeof v === 'string' && ROOM_NAME_PATTERN.test(v), {
    message: (args) => `${args.property} must be 1-64 characters of A-Z a-z 0-9 _ -`,
    ...options,
  });

/** A display name, under the identity-text rules (src/auth/identity-text.ts) the name claim also follows. */
export const IsDisplayName = (options?: ValidationOptions) =>
  define('displayName', (v) => isIdentityText(v, 'displayName'), {
    message: (args) => `${args.property} must be ${describeIdentityText('displayName')}`,
    ...options,
  });

/**
 * A caller id given in input (a room's new owner, an allowed user): the rules a token's `sub` must
 * follow, so an id that no caller can have, or one that merely looks like another, is refused.
 */
export const IsIdentity = (options?: ValidationOptions) =>
  define('identity', (v) => isIdentityText(v, 'identity'), {
    message: (args) => `${args.property} must be caller ids of ${describeIdentityText('identity')}`,
    ...options,
  });

/** The longest participant or track id a moderation call accepts (LiveKit identities may be 256 bytes). */
export const MAX_PROVIDER_ID_LENGTH = 256;

/** A participant or track id as a provider names it: 1-256 well-formed characters, no control characters. */
export function isProviderId(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_PROVIDER_ID_LENGTH && v.isWellFormed() && !/\p{Cc}/u.test(v);
}

export const IsProviderId = (options?: ValidationOptions) =>
  define('providerId', isProviderId, {
    message: (args) => `${args.property} must be 1-${MAX_PROVIDER_ID_LENGTH} characters without control characters`,
    ...options,
  });

/** Participant attribute keys LiveKit keeps for itself (e.g. `lk.agent.state`, `lk.publish_on_behalf`). */
export const RESERVED_ATTRIBUTE_PREFIX = 'lk.';
/** Control characters (C0, DEL, C1); keys also refuse format, separator and other invisible characters. */
const CONTROL = /\p{Cc}/u;
const INVISIBLE_OR_CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u;

/**
 * A LiveKit participant attribute key: 1-64 characters, well-formed, no control or invisible
 * characters, and not in LiveKit's reserved `lk.` namespace (any letter case), where the server and
 * agents keep state other participants trust.
 */
export const IsAttributeKey = (options?: ValidationOptions) =>
  define(
    'attributeKey',
    (v) =>
      typeof v === 'string' &&
      v.length > 0 &&
      v.length <= 64 &&
      v.isWellFormed() &&
      !INVISIBLE_OR_CONTROL.test(v) &&
      !v.toLowerCase().startsWith(RESERVED_ATTRIBUTE_PREFIX),
    {
      message: (args) =>
        `${args.property} must be 1-64 characters without control or invisible characters, and must not start with "${RESERVED_ATTRIBUTE_PREFIX}" (reserved by LiveKit)`,
      ...options,
    },
  );

/** A LiveKit participant attribute value: well-formed, at most `maxBytes` UTF-8 bytes, no control characters. */
export const IsAttributeValue = (maxBytes: number, options?: ValidationOptions) =>
  define('attributeValue', (v) => typeof v === 'string' && v.isWellFormed() && Buffer.byteLength(v) <= maxBytes && !CONTROL.test(v), {
    message: (args) => `${args.property} must be well-formed text of at most ${maxBytes} UTF-8 bytes without control characters`,
    ...options,
  });

/** Free text bounded in UTF-8 bytes and well-formed, so what is checked is what is signed. */
export const IsBoundedText = (maxBytes: number, options?: ValidationOptions) =>
  define('boundedText', (v) => typeof v === 'string' && v.isWellFormed() && Buffer.byteLength(v) <= maxBytes, {
    message: (args) => `${args.property} must be well-formed text of at most ${maxBytes} UTF-8 bytes`,
    ...options,
  });
