import { describe, expect, it } from '@jest/globals';
import type { AuthenticatedUser } from '../../../src/auth/authenticated-user.js';
import { VerifiedTokenCache } from '../../../src/auth/verified-token-cache.js';

const user = (id: string, expiresAt: number): AuthenticatedUser => ({ id, name: null, roles: ['participant'], expiresAt, claims: { sub: id, exp: expiresAt } });

describe('VerifiedTokenCache', () => {
  it('serves a stored caller for the exact same token only', () => {
    const cache = new VerifiedTokenCache(10, () => 1000);
    cache.set('token-a', user('alice', 2000));
    expect(cache.get('token-a')?.id).toBe('alice');
    expect(cache.get('token-a ')).toBeUndefined();
    expect(cache.get('token-b')).toBeUndefined();
  });

  it('stops serving an entry at its exp and forgets it', () => {
    let now = 1999;
    const cache = new VerifiedTokenCache(10, () => now);
    cache.set('token-a', user('alice', 2000));
    expect(cache.get('token-a')).toBeDefined();
    now = 2000;
    expect(cache.get('token-a')).toBeUndefined();
    expect(cache.size).toBe(0);
    now = 1500; // a clock going backwards does not bring it back
    expect(cache.get('token-a')).toBeUndefined();
  });

  it('never stores a caller without a finite exp', () => {
    const cache = new VerifiedTokenCache(10, () => 1000);
    cache.set('token-a', user('alice', Number.NaN));
    cache.set('token-b', user('bob', Number.POSITIVE_INFINITY));
    expect(cache.size).toBe(0);
  });

  it('is bounded: the least recently used entry goes first', () => {
    const cache = new VerifiedTokenCache(2, () => 1000);
    cache.set('a', user('a', 2000));
    cache.set('b', user('b', 2000));
    cache.get('a');
    cache.set('c', user('c', 2000));
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.id).toBe('a');
    expect(cache.get('c')?.id).toBe('c');
  });

  it('hands out a frozen caller, so one request cannot change what the next one sees', () => {
    const cache = new VerifiedTokenCache(10, () => 1000);
    const stored = cache.set('token-a', user('alice', 2000));
    expect(Object.isFrozen(stored)).toBe(true);
    expect(Object.isFrozen(stored.roles)).toBe(true);
    expect(() => (stored.roles as string[]).push('moderator')).toThrow(TypeError);
    expect(cache.get('token-a')?.roles).toEqual(['participant']);
  });
});
