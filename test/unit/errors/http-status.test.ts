import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { APOLLO_REQUEST_CODES, ErrorCode } from '../../../src/errors/error-codes.js';
import { HTTP_STATUS_BY_CODE, responseStatus } from '../../../src/errors/http-status.js';

const noData = (...errorCodes: string[]) => ({ hasData: false, errorCodes });

describe('responseStatus', () => {
  it('answers 200 whenever data is non-null, whatever the errors (a partial result)', () => {
    expect(responseStatus({ hasData: true, errorCodes: [] })).toBe(200);
    for (const code of HTTP_STATUS_BY_CODE.keys()) expect(responseStatus({ hasData: true, errorCodes: [code] })).toBe(200);
    expect(responseStatus({ hasData: true, errorCodes: ['UNAUTHENTICATED', 'PROVIDER_ERROR'] }, 401)).toBe(200);
  });

  it('gives every code its one status when there is no data, never a 200', () => {
    const expected: Record<string, number> = {
      UNAUTHENTICATED: 401,
      FORBIDDEN: 403,
      RATE_LIMITED: 429,
      BAD_USER_INPUT: 400,
      NOT_FOUND: 404,
      NOT_SUPPORTED: 501,
      PROVIDER_NOT_CONFIGURED: 501,
      INTERNAL_SERVER_ERROR: 500,
      STATE_UNAVAILABLE: 503,
      PROVIDER_UNAVAILABLE: 503,
      PROVIDER_ERROR: 503,
      PROVIDER_TIMEOUT: 503,
      GRAPHQL_PARSE_FAILED: 400,
      GRAPHQL_VALIDATION_FAILED: 400,
      BAD_REQUEST: 400,
      OPERATION_RESOLUTION_FAILURE: 400,
      PERSISTED_QUERY_NOT_SUPPORTED: 400,
      PERSISTED_QUERY_NOT_FOUND: 400,
    };
    for (const [code, status] of Object.entries(expected)) expect([code, responseStatus(noData(code))]).toEqual([code, status]);
    // The same code gets the same status whatever status an error or Apollo suggested.
    expect(responseStatus(noData('PROVIDER_ERROR'), 200)).toBe(503);
    expect(responseStatus(noData('UNAUTHENTICATED'), 500)).toBe(401);
  });

  it('covers every code of the closed list and every Apollo request code', () => {
    for (const code of [...Object.values(ErrorCode), ...APOLLO_REQUEST_CODES]) expect(HTTP_STATUS_BY_CODE.has(code)).toBe(true);
  });

  it('picks by precedence when several codes come without data: the caller\'s faults before the gateway\'s', () => {
    expect(responseStatus(noData('PROVIDER_ERROR', 'UNAUTHENTICATED'))).toBe(401);
    expect(responseStatus(noData('FORBIDDEN', 'UNAUTHENTICATED'))).toBe(401);
    expect(responseStatus(noData('NOT_FOUND', 'BAD_USER_INPUT'))).toBe(400);
    expect(responseStatus(noData('PROVIDER_TIMEOUT', 'INTERNAL_SERVER_ERROR'))).toBe(500);
    expect(responseStatus(noData('PROVIDER_UNAVAILABLE', 'NOT_FOUND'))).toBe(404);
  });

  it('treats an unknown code as INTERNAL_SERVER_ERROR, and no data without errors as 500', () => {
    expect(responseStatus(noData('SOMETHING_NEW'))).toBe(500);
    expect(responseStatus(noData('SOMETHING_NEW', 'FORBIDDEN'))).toBe(403);
    expect(responseStatus(noData())).toBe(500);
  });

  it('keeps Apollo\'s more precise 4xx for BAD_REQUEST (405 mutation over GET, 406, 415), and only for it', () => {
    expect(responseStatus(noData('BAD_REQUEST'), 405)).toBe(405);
    expect(responseStatus(noData('BAD_REQUEST'), 415)).toBe(415);
    expect(responseStatus(noData('BAD_REQUEST'), 500)).toBe(400);
    expect(responseStatus(noData('BAD_USER_INPUT'), 405)).toBe(400);
  });

  it('is the table docs/errors.md shows, in the same (precedence) order', () => {
    const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
    const rows = [...doc.matchAll(/^\| `([A-Z_]+)` \| (\d{3})\b/gm)].map((m) => [m[1], Number(m[2])]);
    expect(rows).toEqual([...HTTP_STATUS_BY_CODE.entries()]);
  });
});
