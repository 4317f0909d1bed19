/**
 * The synchronous HMAC check in front of jose (src/auth/hmac-token-check.ts) may only accept what
 * jose's jwtVerify accepts, with the same payload; everything else must be left to jose (undefined).
 */
import { createHmac, createSecretKey, randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { checkHmacToken } from '../../../src/auth/hmac-token-check.js';

const secret = randomBytes(32);
const key = createSecretKey(secret);
const now = () => Math.floor(Date.now() / 1000);
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A token with exactly this header and payload text, signed with `withSecret` (HMAC of the given digest). */
function rawToken(header: unknown, payload: unknown, withSecret: Buffer = secret, digest = 'sha256'): string {
  const signingInput = `${b64(header)}.${b64(payload)}`;
  return `${signingInput}.${createHmac(digest, withSecret).update(signingInput).digest('base64url')}`;
}

const claims = (extra: Record<string, unknown> = {}) => ({ sub: 'alice', name: 'Alice', iat: now(), exp: now() + 600, ...extra });
const baseOptions = { algorithms: ['HS256', 'HS384'], requiredClaims: ['exp', 'sub'], clockTolerance: 30 };

async function joseVerdict(token: string, options: Record<string, unknown>): Promise<JWTPayload | 'refused'> {
  try {
    return (await jwtVerify(token, key, options)).payload;
  } catch {
    return 'refused';
  }
}

/** Runs both; the fast check either agrees with jose on an accepted token or leaves the token to jose. */
async function compare(token: string, options: Record<string, unknown> = baseOptions) {
  const fast = checkHmacToken(token, key, options.algorithms as string[], options);
  const jose = await joseVerdict(token, options);
  if (fast) expect(fast.payload).toEqual(jose);
  return { fast: fast ? 'accepted' : 'left to jose', jose: jose === 'refused' ? 'refused' : 'accepted' };
}

describe('checkHmacToken', () => {
  it('accepts a well-formed HS256 token with the payload jose returns', async () => {
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' }).sign(secret);
    expect(await compare(token)).toEqual({ fast: 'accepted', jose: 'accepted' });
    expect(checkHmacToken(token, key, ['HS256'], baseOptions)?.protectedHeader).toEqual({ alg: 'HS256', typ: 'at+jwt' });
  });

  it('accepts another allowed HMAC algorithm, and an expiry within the clock tolerance', async () => {
    expect(await compare(rawToken({ alg: 'HS384' }, claims(), secret, 'sha384'))).toEqual({ fast: 'accepted', jose: 'accepted' });
    expect(await compare(rawToken({ alg: 'HS256' }, claims({ exp: now() - 5 })))).toEqual({ fast: 'accepted', jose: 'accepted' });
  });

  it('checks issuer and audience as jose does when they are configured', async () => {
    const options = { ...baseOptions, issuer: 'https://idp.example.test', audience: 'callgate' };
    const good = claims({ iss: 'https://idp.example.test', aud: ['other', 'callgate'] });
    expect(await compare(rawToken({ alg: 'HS256' }, good), options)).toEqual({ fast: 'accepted', jose: 'accepted' });
    for (const bad of [claims({ iss: 'https://evil.example.test', aud: 'callgate' }), claims({ iss: 'https://idp.example.test', aud: 'other' }), claims()]) {
      expect(await compare(rawToken({ alg: 'HS256' }, bad), options)).toEqual({ fast: 'left to jose', jose: 'refused' });
    }
  });

  const refused: [string, () => string][] = [
    ['another secret', () => rawToken({ alg: 'HS256' }, claims(), randomBytes(32))],
    ['expired beyond the tolerance', () => rawToken({ alg: 'HS256' }, claims({ exp: now() - 31 }))],
    ['not yet valid', () => rawToken({ alg: 'HS256' }, claims({ nbf: now() + 60 }))],
    ['no exp', () => rawToken({ alg: 'HS256' }, { sub: 'alice' })],
    ['no sub', () => rawToken({ alg: 'HS256' }, { exp: now() + 600 })],
    ['exp not a number', () => rawToken({ alg: 'HS256' }, claims({ exp: String(now() + 600) }))],
    ['an algorithm not allowed', () => rawToken({ alg: 'HS512' }, claims(), secret, 'sha512')],
    ['alg none', () => `${b64({ alg: 'none' })}.${b64(claims())}.`],
    ['a header claiming another algorithm than the MAC', () => rawToken({ alg: 'HS384' }, claims())],
    ['a payload that is not an object', () => rawToken({ alg: 'HS256' }, [claims()])],
    ['a payload that is not JSON', () => rawToken({ alg: 'HS256' }, 'not json')],
    ['a header that is not an object', () => rawToken('"HS256"', claims())],
    ['four segments', () => `${rawToken({ alg: 'HS256' }, claims())}.extra`],
    ['two segments', () => rawToken({ alg: 'HS256' }, claims()).split('.').slice(0, 2).join('.')],
    ['a critical header extension', () => rawToken({ alg: 'HS256', crit: ['exp'], exp: 1 }, claims())],
    ['an unencoded payload', () => rawToken({ alg: 'HS256', crit: ['b64'], b64: false }, claims())],
  ];
  it.each(refused)('leaves a token with %s to jose, which refuses it', async (_name, make) => {
    expect(await compare(make())).toEqual({ fast: 'left to jose', jose: 'refused' });
  });

  it('leaves another encoding of a valid signature to jose', async () => {
    const token = rawToken({ alg: 'HS256' }, claims());
    // base64url of 32 bytes ends in a character carrying 4 unused bits; flipping them keeps the bytes.
    const last = token.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sibling = alphabet[alphabet.indexOf(last) ^ 1]!;
    const variant = `${token.slice(0, -1)}${sibling}`;
    expect(checkHmacToken(variant, key, ['HS256'], baseOptions)).toBeUndefined();
    expect(checkHmacToken(token, key, ['HS256'], baseOptions)).toBeDefined();
  });
});
