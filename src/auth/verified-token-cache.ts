import { hash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { AuthenticatedUser } from './authenticated-user.js';

/** Most verified caller tokens kept at once (about 1 KB each). */
export const VERIFIED_TOKEN_CACHE_SIZE = 10_000;

/**
 * Remembers callers whose tokens already passed verification, so a client that sends the same
 * token on every request pays for the signature check once (with HS256 on jose's WebCrypto path
 * that check is two thread-pool round trips and was the largest single cost per request).
 *
 * Safety rules:
 * - only successful verifications are stored; a rejected token is checked again every time;
 * - an entry is served only while `now < exp` of its own token (`exp` is required by the verifier),
 *   so the cache never extends a token's life; after `exp` the token goes back to the verifier;
 * - keys are SHA-256 digests of the token, so the cache holds no bearer tokens;
 * - bounded (least recently used entries go first), so many distinct callers cannot grow memory.
 * The cached caller object is frozen: it is shared by every request of that token.
 */
export class VerifiedTokenCache {
  private readonly entries: LRUCache<string, AuthenticatedUser>;

  constructor(
    max = VERIFIED_TOKEN_CACHE_SIZE,
    private readonly nowSeconds: () => number = () => Date.now() / 1000,
  ) {
    this.entries = new LRUCache({ max });
  }

  /** The caller verified earlier for this exact token, or undefined (unknown, evicted or expired). */
  get(token: string): AuthenticatedUser | undefined {
    const key = digest(token);
    const user = this.entries.get(key);
    if (user === undefined) return undefined;
    if (!(this.nowSeconds() < user.expiresAt)) {
      this.entries.delete(key);
      return undefined;
    }
    return user;
  }

  /** Stores a caller that the verifier has just accepted for `token`; returns the frozen caller. */
  set(token: string, user: AuthenticatedUser): AuthenticatedUser {
    const frozen = freezeUser(user);
    if (Number.isFinite(frozen.expiresAt)) this.entries.set(digest(token), frozen);
    return frozen;
  }

  get size(): number {
    return this.entries.size;
  }
}

function digest(token: string): string {
  // One-shot hash: no Hash object per request (the cache is on every request's path).
  return hash('sha256', token, 'base64url');
}

function freezeUser(user: AuthenticatedUser): AuthenticatedUser {
  Object.freeze(user.roles);
  Object.freeze(user.claims);
  return Object.freeze(user);
}
