import { describe, expect, it } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { formatError } from '../../../src/errors/format-error.js';
import {
  BadUserInputError,
  ForbiddenError,
  NotFoundError,
  NotSupportedError,
  ProviderError,
  ProviderNotConfiguredError,
  ProviderTimeoutError,
  ProviderUnavailableError,
  RateLimitedError,
  StateUnavailableError,
  UnauthenticatedError,
  type RateLimit,
} from '../../../src/errors/gateway-errors.js';
import { readSourceFiles } from '../../support/source-files.js';

const FORMATTED = { message: 'x', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
/** What a client receives for an error thrown in a resolver (Apollo wraps it in a located GraphQLError). */
const sent = (error: GraphQLError) =>
  formatError(FORMATTED, new GraphQLError('wrapped', { originalError: error, path: ['field'] }));

describe('typed gateway errors', () => {
  it('send their code and their own extensions, nothing else (no http headers, no cause)', () => {
    const cause = new Error('POST https://ov.internal/openvidu/api/sessions: 500 <html>secret</html>');
    const cases: Array<[GraphQLError, Record<string, unknown>]> = [
      [new UnauthenticatedError(), { code: 'UNAUTHENTICATED' }],
      [new ForbiddenError('No.', 'openvidu.role'), { code: 'FORBIDDEN', reason: 'openvidu.role' }],
      [new ForbiddenError('No.'), { code: 'FORBIDDEN' }],
      [new BadUserInputError('Bad.', 'roomName'), { code: 'BAD_USER_INPUT', field: 'roomName' }],
      [new NotFoundError('None.', 'meeting'), { code: 'NOT_FOUND', resource: 'meeting' }],
      [new ProviderNotConfiguredError('videosdk'), { code: 'PROVIDER_NOT_CONFIGURED', provider: 'videosdk' }],
      [new NotSupportedError('videosdk', 'muteParticipantTrack', 'No.'), { code: 'NOT_SUPPORTED', provider: 'videosdk', operation: 'muteParticipantTrack' }],
      [new ProviderError('openvidu', undefined, cause), { code: 'PROVIDER_ERROR', provider: 'openvidu' }],
      [new ProviderError('auth', 'The identity provider keys could not be loaded.', cause), { code: 'PROVIDER_ERROR', provider: 'auth' }],
      [new ProviderTimeoutError('auth', cause), { code: 'PROVIDER_TIMEOUT', provider: 'auth' }],
      [new RateLimitedError('ip', 7), { code: 'RATE_LIMITED', limit: 'ip', retryAfterSeconds: 7 }],
      [new StateUnavailableError(cause), { code: 'STATE_UNAVAILABLE', retryable: true }],
      [new ProviderUnavailableError('livekit'), { code: 'PROVIDER_UNAVAILABLE', provider: 'livekit', retryable: true }],
    ];
    for (const [error, extensions] of cases) {
      const out = sent(error);
      expect([error.name, out.extensions]).toEqual([error.name, extensions]);
      expect([error.name, out.message]).toEqual([error.name, error.message]);
      expect(JSON.stringify(out)).not.toContain('ov.internal');
    }
  });

  it.each<[RateLimit, number, RegExp]>([
    ['caller', 12, /from you; try again in 12 s\.$/],
    ['ip', 3, /from your network address; try again in 3 s\.$/],
    ['auth', 60, /failed authentication attempts from your network address; try again in 60 s\.$/],
    ['in_flight', 1, /provider calls are in progress/],
  ])('RATE_LIMITED (%s) carries its Retry-After header the one way every class does', (limit, seconds, message) => {
    const error = new RateLimitedError(limit, seconds);
    expect(error.message).toMatch(message);
    expect(error.extensions).toMatchObject({ code: 'RATE_LIMITED', limit, retryAfterSeconds: seconds });
    // Apollo reads response headers from extensions.http; the formatted error never shows them.
    const http = (error.extensions as { http?: { headers: Map<string, string> } }).http;
    expect(http?.headers).toEqual(new Map([['retry-after', String(seconds)]]));
    expect(sent(error).extensions).toEqual({ code: 'RATE_LIMITED', limit, retryAfterSeconds: seconds });
  });

  it('carries no response headers unless the class sets a retry time', () => {
    for (const error of [new ProviderUnavailableError('openvidu'), new StateUnavailableError(), new ForbiddenError('No.', 'role')]) {
      expect(Object.keys(error.extensions)).not.toContain('http');
    }
  });

  it('cannot have its extensions changed after construction', () => {
    const error = new ForbiddenError('No.', 'role');
    expect(Object.isFrozen(error.extensions)).toBe(true);
    expect(() => {
      (error.extensions as Record<string, unknown>).code = 'INTERNAL_SERVER_ERROR';
    }).toThrow(TypeError);
    expect(() => {
      (error.extensions as Record<string, unknown>).leak = 'x';
    }).toThrow(TypeError);
    expect(sent(error).extensions).toEqual({ code: 'FORBIDDEN', reason: 'role' });
  });

  it('keeps the cause server-side: not enumerable, not in the formatted error', () => {
    const cause = new Error('redis://:hunter2@cache.internal:6379 ECONNREFUSED');
    const error = new StateUnavailableError(cause);
    expect(error.cause).toBe(cause);
    expect(Object.keys(error)).not.toContain('cause');
    expect(JSON.stringify(sent(error))).not.toContain('hunter2');
  });

  it('types each class by its extensions (checked by the compiler)', () => {
    const limited = new RateLimitedError('in_flight', 1);
    const limit: RateLimit = limited.extensions.limit;
    // Compiled (typecheck fails if an error below goes away), never run.
    const misuses = () => [
      // @ts-expect-error -- a limit outside the closed list does not compile
      new RateLimitedError('everything', 1),
      // @ts-expect-error -- 'auth' is an upstream of PROVIDER_ERROR, never an unconfigured provider
      new ProviderNotConfiguredError('auth'),
      // @ts-expect-error -- a NOT_FOUND names one of the known resources
      new NotFoundError('None.', 'secret-store'),
      // @ts-expect-error -- extensions are read-only
      (limited.extensions.retryAfterSeconds = 2),
    ];
    expect(typeof misuses).toBe('function');
    expect(limit).toBe('in_flight');
  });

  it('are never changed after construction anywhere in src/ (no writes to `.extensions`)', () => {
    const src = readSourceFiles(new URL('../../../src/', import.meta.url).pathname);
    // A GraphQL-over-HTTP request's own `extensions` parameter (params.extensions) is not an error's.
    const writes = src.flatMap((f) =>
      f.text
        .split('\n')
        .map((line, i) => ({ line, at: `${f.path}:${i + 1}` }))
        .filter(({ line }) => !/\bparams\.extensions\b/.test(line))
        .filter(({ line }) => /\.extensions\b(\.\w+|\[[^\]]+\])*\s*(=(?!=)|\+=|-=)|delete\s+[\w.]*\.extensions\b|Object\.assign\(\s*[\w.]*\.extensions\b/.test(line))
        .map(({ at }) => at),
    );
    expect(writes).toEqual([]);
  });
});
