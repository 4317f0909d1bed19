/**
 * One rule set for every piece of text that names a person: the caller token's `sub` (the identity put
 * into every credential) and its name claim, display names asked for in input, room owner ids and
 * `allowedUserIds`. Two strings that look the same on screen must be the same string, and nothing in
 * them may change how surrounding text is shown, so the rules refuse rather than repair: a value is
 * never normalised, trimmed or stripped on the caller's behalf (that would silently rename someone).
 *
 * A value is acceptable when it is
 * - well-formed Unicode (no lone surrogate halves) and already in NFC (a decomposed "é" is refused, not
 *   recomposed: two spellings of one name would otherwise be two identities);
 * - free of control characters (C0, DEL, C1: BEL, newline, tab...), format characters (bidi overrides
 *   and isolates such as U+202E, zero-width space/joiners, BOM), every other default-ignorable code
 *   point (variation selectors, Hangul fillers, soft hyphen...), line and paragraph separators, private
 *   use, unassigned code points and surrogates;
 *   The one exception is emoji: U+FE0F (emoji presentation) right after an emoji, and U+200D (zero-width
 *   joiner) between two pictographs, as in ❤️ or 👩🏽‍💻, since display names commonly carry them;
 * - spaced only with U+0020, never at the start or the end (no-break and ideographic spaces look like
 *   ordinary ones);
 * - not empty and within its length: identities at most 128 UTF-8 bytes, display names at most 64
 *   code points.
 */

export type IdentityTextKind = 'identity' | 'displayName';

/** Longest caller id, owner id or allowed user id, in UTF-8 bytes. */
export const MAX_IDENTITY_BYTES = 128;
/** Longest display name (name claim or participantName), in code points. */
export const MAX_DISPLAY_NAME_CODE_POINTS = 64;

/**
 * Characters no identity text may contain. `\p{Default_Ignorable_Code_Point}` covers what renders as
 * nothing (zero-width characters, bidi controls, variation selectors, fillers); the categories cover
 * controls, format characters, separators other than U+0020, private use, surrogates and unassigned.
 */
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]|(?! )\p{White_Space}/u;

/** Emoji presentation selectors and joiners inside emoji sequences: the only invisible characters allowed. */
const EMOJI_JOINER = /(?<=\p{Extended_Pictographic}(?:\uFE0F|[\u{1F3FB}-\u{1F3FF}])?)\u200D(?=\p{Extended_Pictographic})/gu;
const EMOJI_PRESENTATION = /(?<=\p{Emoji})\uFE0F/gu;

function hasForbiddenCharacter(value: string): boolean {
  if (value.includes('\u200D') || value.includes('\uFE0F')) {
    return FORBIDDEN.test(value.replace(EMOJI_JOINER, '').replace(EMOJI_PRESENTATION, ''));
  }
  return FORBIDDEN.test(value);
}

/** What is wrong with `value` as identity text of this kind, or null when it is acceptable. */
export function identityTextProblem(value: unknown, kind: IdentityTextKind): string | null {
  if (typeof value !== 'string') return 'must be text';
  if (value.length === 0) return 'must not be empty';
  if (!value.isWellFormed()) return 'must be well-formed Unicode';
  if (kind === 'identity' ? Buffer.byteLength(value) > MAX_IDENTITY_BYTES : codePointCount(value) > MAX_DISPLAY_NAME_CODE_POINTS) {
    return kind === 'identity' ? `must be at most ${MAX_IDENTITY_BYTES} UTF-8 bytes` : `must be at most ${MAX_DISPLAY_NAME_CODE_POINTS} characters`;
  }
  if (hasForbiddenCharacter(value)) return 'must not contain control, format, zero-width, bidi or separator characters, or spaces other than U+0020';
  if (value.startsWith(' ') || value.endsWith(' ')) return 'must not start or end with a space';
  if (value.normalize('NFC') !== value) return 'must be in Unicode NFC form';
  return null;
}

/** True when `value` is acceptable identity text of this kind. */
export function isIdentityText(value: unknown, kind: IdentityTextKind): value is string {
  return identityTextProblem(value, kind) === null;
}

/** The rule, in one sentence, for error messages. */
export function describeIdentityText(kind: IdentityTextKind): string {
  const length = kind === 'identity' ? `1-${MAX_IDENTITY_BYTES} UTF-8 bytes` : `1-${MAX_DISPLAY_NAME_CODE_POINTS} characters`;
  return `${length} of NFC text without control, format, zero-width, bidi or separator characters, and no leading or trailing space`;
}

function codePointCount(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}
