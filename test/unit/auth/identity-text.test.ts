import { describe, expect, it } from '@jest/globals';
import { identityTextProblem, isIdentityText, MAX_DISPLAY_NAME_CODE_POINTS, MAX_IDENTITY_BYTES } from '../../../src/auth/identity-text.js';

describe('identity text rules', () => {
  it.each([
    ['a plain id', 'alice'],
    ['an IdP-style id', 'auth0|5f1c2e3d4b'],
    ['a UUID', '4f1e0c9a-2b7d-4c1e-9f3a-0d2c8b7e6a51'],
    ['accented NFC text', 'Zoë Ångström'],
    ['CJK', '李小龍'],
    ['an emoji with skin tone', 'Dana 👍🏽'],
    ['an emoji with presentation selector', 'Ana ❤️'],
    ['an emoji ZWJ sequence', 'Kim 👩🏽‍💻'],
    ['a flag', '🇫🇷 Léa'],
    ['a keycap', 'Team 1️⃣'],
  ])('accepts %s', (_label, value) => {
    expect(identityTextProblem(value, 'identity')).toBeNull();
    expect(identityTextProblem(value, 'displayName')).toBeNull();
  });

  it.each([
    ['BEL', 'ali\u0007ce'],
    ['a newline', 'alice\nbob'],
    ['a tab', 'alice\tbob'],
    ['NUL', 'alice\u0000'],
    ['DEL', 'alice\u007f'],
    ['a C1 control', 'alice\u0085'],
    ['a right-to-left override', 'alice\u202Egnp.exe'],
    ['a left-to-right isolate', '\u2066alice'],
    ['a right-to-left mark', 'alice\u200F'],
    ['a zero-width space', 'ali\u200Bce'],
    ['a zero-width joiner between letters', 'ali\u200Dce'],
    ['a zero-width non-joiner', 'ali\u200Cce'],
    ['a word joiner', 'ali\u2060ce'],
    ['a byte order mark', '\uFEFFalice'],
    ['a soft hyphen', 'ali\u00ADce'],
    ['a combining grapheme joiner', 'ali\u034Fce'],
    ['a variation selector after a letter', 'a\uFE0Flice'],
    ['a Hangul filler', 'alice\u3164'],
    ['a line separator', 'alice\u2028bob'],
    ['a paragraph separator', 'alice\u2029bob'],
    ['a no-break space', 'alice\u00A0bob'],
    ['an ideographic space', 'alice\u3000bob'],
    ['a private-use character', 'alice\uE000'],
    ['an unassigned code point', 'alice\u0378'],
    ['a lone surrogate', 'alice\uD800'],
    ['a leading space', ' alice'],
    ['a trailing space', 'alice '],
    ['only a space', ' '],
    ['the empty string', ''],
    ['decomposed (NFD) text', 'Zoe\u0308'],
    ['a tag character (invisible)', 'alice\u{E0061}'],
  ])('refuses %s, as an identity and as a name', (_label, value) => {
    expect(identityTextProblem(value, 'identity')).not.toBeNull();
    expect(identityTextProblem(value, 'displayName')).not.toBeNull();
  });

  it('refuses non-NFC text rather than normalising it, and says why', () => {
    const decomposed = 'Zoe\u0308';
    expect(identityTextProblem(decomposed, 'identity')).toBe('must be in Unicode NFC form');
    expect(identityTextProblem(decomposed.normalize('NFC'), 'identity')).toBeNull();
  });

  it('bounds identities in UTF-8 bytes and display names in characters', () => {
    expect(isIdentityText('a'.repeat(MAX_IDENTITY_BYTES), 'identity')).toBe(true);
    expect(identityTextProblem('a'.repeat(MAX_IDENTITY_BYTES + 1), 'identity')).toBe(`must be at most ${MAX_IDENTITY_BYTES} UTF-8 bytes`);
    // 43 three-byte characters are 129 bytes.
    expect(isIdentityText('李'.repeat(43), 'identity')).toBe(false);
    expect(isIdentityText('李'.repeat(MAX_DISPLAY_NAME_CODE_POINTS), 'displayName')).toBe(true);
    expect(isIdentityText('😀'.repeat(MAX_DISPLAY_NAME_CODE_POINTS), 'displayName')).toBe(true);
    expect(identityTextProblem('x'.repeat(MAX_DISPLAY_NAME_CODE_POINTS + 1), 'displayName')).toBe(
      `must be at most ${MAX_DISPLAY_NAME_CODE_POINTS} characters`,
    );
    // A 9 KB name is refused on length before any character scan.
    expect(identityTextProblem(`${'x'.repeat(9000)}\u0007\n\u202E`, 'displayName')).toBe(`must be at most ${MAX_DISPLAY_NAME_CODE_POINTS} characters`);
  });

  it('refuses values that are not strings', () => {
    for (const value of [undefined, null, 42, {}, ['alice']]) expect(identityTextProblem(value, 'identity')).toBe('must be text');
  });
});
