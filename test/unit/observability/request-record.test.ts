import { describe, expect, it } from '@jest/globals';
import { RequestRecord } from '../../../src/observability/request-record.js';

describe('RequestRecord', () => {
  it('reads an unnoted request from its status', () => {
    expect(new RequestRecord().lineFacts(200, 1.4)).toEqual({ operation: 'none', outcome: 'OK', status: 200, durationMs: 1 });
    expect(new RequestRecord().lineFacts(413, 0).outcome).toBe('BAD_REQUEST');
    expect(new RequestRecord().lineFacts(500, 0).outcome).toBe('INTERNAL_SERVER_ERROR');
  });

  it('takes the outcome from the response it notes: the first error code, or OK', () => {
    const record = new RequestRecord();
    record.noteResponse({ hasData: true, errorCodes: [] });
    expect(record.lineFacts(200, 0).outcome).toBe('OK');
    record.noteResponse({ hasData: false, errorCodes: ['RATE_LIMITED', 'FORBIDDEN'] });
    expect(record.response).toEqual({ hasData: false, errorCodes: ['RATE_LIMITED', 'FORBIDDEN'] });
    expect(record.lineFacts(429, 0).outcome).toBe('RATE_LIMITED');
  });

  it('keeps a refusal noted before any response, without response facts', () => {
    const record = new RequestRecord();
    record.noteOutcome('PERSISTED_QUERY_NOT_FOUND');
    expect(record.response).toBeUndefined();
    expect(record.lineFacts(404, 0).outcome).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('reports the caller, the operation (name cut to 64 characters) and the client request id', () => {
    const record = new RequestRecord('client-7');
    record.noteCaller('alice');
    record.noteOperation('createSession', 'x'.repeat(100));
    expect(record.lineFacts(200, 0)).toMatchObject({ clientRequestId: 'client-7', callerId: 'alice', operation: 'createSession', operationName: 'x'.repeat(64) });
  });

  it('sums its provider calls: providers named once, latency added, calls counted', () => {
    const record = new RequestRecord();
    expect(record.lineFacts(200, 0)).not.toHaveProperty('providerCalls');
    record.noteProviderCall({ provider: 'openvidu', operation: 'createSession', durationMs: 12, attempts: 1, outcome: 'OK' });
    record.noteProviderCall({ provider: 'openvidu', operation: 'getSession', durationMs: 5, attempts: 2, outcome: 'OK' });
    record.noteProviderCall({ provider: 'videosdk', operation: 'createMeeting', durationMs: 3, attempts: 1, outcome: 'PROVIDER_ERROR' });
    expect(record.lineFacts(200, 0)).toMatchObject({ provider: 'openvidu,videosdk', providerLatencyMs: 20, providerCalls: 3 });
  });
});
