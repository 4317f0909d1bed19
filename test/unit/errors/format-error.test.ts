import { describe, expect, it } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { formatError } from '../../../src/errors/format-error.js';
import { ProviderError } from '../../../src/errors/gateway-errors.js';

const formatted = { message: 'x', extensions: { code: 'INTERNAL_SERVER_ERROR' } };

describe('formatError', () => {
  it('passes gateway errors through without their http extension or cause', () => {
    const error = new ProviderError('openvidu', undefined, new Error('POST http://internal/openvidu/api 401'));
    const out = formatError(formatted, error);
    expect(out).toEqual({ message: error.message, extensions: { code: 'PROVIDER_ERROR', provider: 'openvidu' } });
  });

  it.each([
    ['a plain Error with an internal URL', new Error('Request failed: POST https://openvidu.internal/openvidu/api/sessions')],
    ['a string', 'boom'],
    ['null', null],
    ['an object without message', { foo: 1 }],
    ['an object whose message getter throws', Object.defineProperty({}, 'message', { get() { throw new Error('x'); } })],
  ])('masks %s as INTERNAL_SERVER_ERROR and never throws', (_label, thrown) => {
    const out = formatError(formatted, new GraphQLError('wrapped', { originalError: thrown as Error }));
    expect(out.message).toBe('Internal server error.');
    expect(out.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });

  it('strips the rejected value from variable coercion errors', () => {
    const out = formatError(
      { message: 'Variable "$input" got invalid value "s3cr3t-value" at "input.ttlSeconds"; Int cannot represent non-integer value: "s3cr3t-value"', extensions: { code: 'BAD_USER_INPUT' } },
      new GraphQLError('x'),
    );
    expect(out).toEqual({ message: 'Variable "$input" at "input.ttlSeconds" has an invalid value.', extensions: { code: 'BAD_USER_INPUT' } });
  });

  it("keeps Apollo's request-level codes", () => {
    const out = formatError({ message: 'Syntax Error: Unexpected <EOF>.', extensions: { code: 'GRAPHQL_PARSE_FAILED' } }, new GraphQLError('x'));
    expect(out.extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
  });
});
