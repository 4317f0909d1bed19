import { registerDecorator, type ValidationOptions } from 'class-validator';

/** Room, session and meeting ids: OpenVidu's own charset, ASCII only, case-sensitive, 1-64 chars. */
export const ROOM_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const MAX_DISPLAY_NAME_CODE_POINTS = 64;
export const MAX_METADATA_BYTES = 4096;

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

/** A room/session/meeting name that every provider accepts unchanged (see ROOM_NAME_PATTERN). */
export const IsRoomName = (options?: ValidationOptions) =>
  define('roomName', (v) => typeof v === 'string' && ROOM_NAME_PATTERN.test(v), {
    message: (args) => `${args.property} must be 1-64 characters of A-Z a-z 0-9 _ -`,
    ...options,
  });

/**
 * A display name: well-formed Unicode (no lone surrogates), already NFC, no control or format
 * characters (bidi overrides, zero-width), not blank, at most 64 code points.
 */
export const IsDisplayName = (options?: ValidationOptions) =>
  define(
    'displayName',
    (v) =>
      typeof v === 'string' &&
      v.isWellFormed() &&
      v.normalize('NFC') === v &&
      v.trim().length > 0 &&
      !/[\p{Cc}\p{Cf}]/u.test(v) &&
      [...v].length <= MAX_DISPLAY_NAME_CODE_POINTS,
    {
      message: (args) =>
        `${args.property} must be 1-${MAX_DISPLAY_NAME_CODE_POINTS} characters of NFC text without control or format characters`,
      ...options,
    },
  );

/** Free text bounded in UTF-8 bytes and well-formed, so what is checked is what is signed. */
export const IsBoundedText = (maxBytes: number, options?: ValidationOptions) =>
  define('boundedText', (v) => typeof v === 'string' && v.isWellFormed() && Buffer.byteLength(v) <= maxBytes, {
    message: (args) => `${args.property} must be well-formed text of at most ${maxBytes} UTF-8 bytes`,
    ...options,
  });
