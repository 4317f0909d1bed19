import { describe, expect, it } from '@jest/globals';
import { clientRequestId, generateRequestId } from '../../../src/server/request-id.js';

describe('request ids', () => {
  it('generates a fresh id for every request', () => {
    const a = generateRequestId();
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
    expect(generateRequestId()).not.toBe(a);
  });

  it('keeps a client id as sent when it is plain', () => {
    expect(clientRequestId('trace-42:a.b_c')).toBe('trace-42:a.b_c');
  });

  it('replaces unsafe characters, cuts at 128 characters, ignores empty and takes the first of several', () => {
    expect(clientRequestId('bad id\twith "quotes"\n{}')).toBe('bad_id_with__quotes____');
    expect(clientRequestId('x'.repeat(500))).toBe('x'.repeat(128));
    expect(clientRequestId('')).toBeUndefined();
    expect(clientRequestId(undefined)).toBeUndefined();
    expect(clientRequestId(['one', 'two'])).toBe('one');
  });
});
