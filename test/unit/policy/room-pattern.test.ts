import { describe, expect, it } from '@jest/globals';
import type { AuthenticatedUser } from '../../../src/auth/authenticated-user.js';
import { matchesRoomPattern, parseRoomPattern, type RoomPatternToken } from '../../../src/policy/room-pattern.js';

const caller = (id: string, claims: Record<string, unknown> = {}): AuthenticatedUser => ({
  id,
  name: null,
  roles: [],
  expiresAt: 0,
  claims: { sub: id, ...claims },
});

function tokens(pattern: string): RoomPatternToken[] {
  const parsed = parseRoomPattern(pattern);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

const matches = (pattern: string, name: string, user = caller('alice')) => matchesRoomPattern(tokens(pattern), name, user);

describe('room patterns', () => {
  it.each([
    ['*', 'anything-at-all', true],
    ['lobby-*', 'lobby-', true],
    ['lobby-*', 'lobby-main', true],
    ['lobby-*', 'xlobby-main', false],
    ['lobby-*', 'Lobby-main', false],
    ['*-room', 'team-a-room', true],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'aXXbYY', false],
    ['exact', 'exact', true],
    ['exact', 'exactly', false],
    ['a**b', 'ab', true],
  ])('%s against %s is %s', (pattern, name, expected) => {
    expect(matches(pattern, name)).toBe(expected);
  });

  it('puts the caller id in place of {sub}, literally', () => {
    expect(matches('user-{sub}-*', 'user-alice-standup')).toBe(true);
    expect(matches('user-{sub}-*', 'user-bob-standup')).toBe(false);
    expect(matches('user-{sub}', 'user-alice')).toBe(true);
    // A wildcard character inside the caller id is data, not a wildcard.
    expect(matches('user-{sub}', 'user-anything', caller('*'))).toBe(false);
    expect(matches('user-{sub}', 'user-*', caller('*'))).toBe(true);
  });

  it('reads {claim.<path>} from the caller token, and does not match when the claim is missing or not a string', () => {
    const blue = caller('alice', { team: 'blue', org: { id: 'acme' } });
    expect(matches('team-{claim.team}-*', 'team-blue-retro', blue)).toBe(true);
    expect(matches('team-{claim.team}-*', 'team-red-retro', blue)).toBe(false);
    expect(matches('{claim.org.id}-*', 'acme-all', blue)).toBe(true);
    expect(matches('team-{claim.team}-*', 'team--retro', caller('alice'))).toBe(false);
    expect(matches('team-{claim.team}-*', 'team-1-retro', caller('alice', { team: 1 }))).toBe(false);
    expect(matches('{claim.toString}-*', 'x-y', caller('alice'))).toBe(false);
  });

  it.each([
    ['', /empty/],
    ['room.name', /unexpected "\." at position 5/],
    ['{user}-*', /unexpected "\{" at position 1/],
    ['{claim.}', /unexpected "\{"/],
    ['x'.repeat(129), /at most 128/],
  ])('refuses the pattern %j', (pattern, problem) => {
    expect(parseRoomPattern(pattern)).toMatch(problem);
  });

  it('answers a many-wildcard pattern against a long name that almost matches', () => {
    expect(matches('*a*a*a*a*a*a*a*a*b', 'a'.repeat(64))).toBe(false);
    expect(matches('*a*a*a*a*a*a*a*a*b', `${'a'.repeat(63)}b`)).toBe(true);
  });
});
