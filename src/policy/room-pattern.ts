import type { AuthenticatedUser } from '../auth/authenticated-user.js';

/** One piece of a parsed room pattern. */
export type RoomPatternToken =
  | { kind: 'literal'; text: string }
  | { kind: 'any' }
  | { kind: 'sub' }
  | { kind: 'claim'; path: string[] };

const LITERAL = /^[A-Za-z0-9_-]+/;
const PLACEHOLDER = /^\{(sub|claim\.[A-Za-z0-9_:-]+(?:\.[A-Za-z0-9_:-]+)*)\}/;
export const MAX_PATTERN_LENGTH = 128;

/**
 * Parses a room pattern such as `user-{sub}-*` or `{claim.tenant}-*`. Returns the tokens, or a
 * sentence saying what is wrong (for the policy validator). Literal parts may only use the characters
 * a room name can have, so a pattern can never match something the API would refuse anyway.
 */
export function parseRoomPattern(pattern: string): RoomPatternToken[] | string {
  if (pattern.length === 0) return 'must not be empty';
  if (pattern.length > MAX_PATTERN_LENGTH) return `must be at most ${MAX_PATTERN_LENGTH} characters`;
  const tokens: RoomPatternToken[] = [];
  let rest = pattern;
  while (rest.length > 0) {
    if (rest.startsWith('*')) {
      // `**` means the same as `*`; collapsing keeps matching linear.
      if (tokens.at(-1)?.kind !== 'any') tokens.push({ kind: 'any' });
      rest = rest.slice(1);
      continue;
    }
    const literal = LITERAL.exec(rest);
    if (literal) {
      tokens.push({ kind: 'literal', text: literal[0] });
      rest = rest.slice(literal[0].length);
      continue;
    }
    const placeholder = PLACEHOLDER.exec(rest);
    if (placeholder) {
      const name = placeholder[1];
      tokens.push(name === 'sub' ? { kind: 'sub' } : { kind: 'claim', path: name.slice('claim.'.length).split('.') });
      rest = rest.slice(placeholder[0].length);
      continue;
    }
    return `has an unexpected "${rest[0]}" at position ${pattern.length - rest.length + 1}: use A-Z a-z 0-9 _ -, *, {sub} or {claim.<name>}`;
  }
  return tokens;
}

function readClaim(claims: Readonly<Record<string, unknown>>, path: string[]): string | null {
  let value: unknown = claims;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return null;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/**
 * Wildcard match of `name` against `pattern`, a list of single characters with `null` for `*`
 * (the classic two-pointer algorithm: never exponential, no regular expression built per request).
 */
function matchWildcard(name: string, pattern: Array<string | null>): boolean {
  let n = 0;
  let p = 0;
  let star = -1;
  let starName = 0;
  while (n < name.length) {
    if (p < pattern.length && pattern[p] !== null && pattern[p] === name[n]) {
      n++;
      p++;
    } else if (p < pattern.length && pattern[p] === null) {
      star = p++;
      starName = n;
    } else if (star !== -1) {
      p = star + 1;
      n = ++starName;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === null) p++;
  return p === pattern.length;
}

/**
 * True when `name` matches the parsed pattern for this caller. Placeholder values are compared
 * literally (a `*` inside a caller id is not a wildcard).
 */
export function matchesRoomPattern(tokens: RoomPatternToken[], name: string, user: AuthenticatedUser): boolean {
  const pattern: Array<string | null> = [];
  for (const token of tokens) {
    if (token.kind === 'any') {
      pattern.push(null);
      continue;
    }
    const text = token.kind === 'literal' ? token.text : token.kind === 'sub' ? user.id : readClaim(user.claims, token.path);
    if (!text) return false;
    // UTF-16 units, as `name[n]` compares them.
    pattern.push(...text.split(''));
  }
  return matchWildcard(name, pattern);
}
