import { describe, expect, it } from '@jest/globals';
import { BadUserInputError, ProviderError } from '../../../src/errors/gateway-errors.js';
import {
  backoffDelay,
  classifyStatus,
  classifyTransport,
  parseRetryAfter,
  retryDelay,
  timeoutIsProviderFault,
} from '../../../src/providers/http/failure-rules.js';
import { unknownRoomError } from '../../../src/rooms/room-ids.js';

/** Timestamps relative to an injected clock: the attempt started at T. */
const T = 1_700_000_000_000;
const DEADLINE = 1000;

describe('timeoutIsProviderFault', () => {
  it('does not blame the provider for time spent waiting for a pooled socket', () => {
    expect(timeoutIsProviderFault({ event: 'request', start: T, error: T + DEADLINE }, DEADLINE, T + DEADLINE)).toBe(false);
  });

  it('does not blame the provider when the request reached it with little of the deadline left', () => {
    const late = { event: 'request', start: T, socket: T + 900, error: T + DEADLINE };
    expect(timeoutIsProviderFault(late, DEADLINE, T + DEADLINE)).toBe(false);
  });

  it('blames the provider when it held the request for at least half the deadline', () => {
    expect(timeoutIsProviderFault({ event: 'request', start: T, socket: T, error: T + DEADLINE }, DEADLINE, T + DEADLINE)).toBe(true);
    expect(timeoutIsProviderFault({ event: 'request', start: T, socket: T + 500, error: T + DEADLINE }, DEADLINE, T + DEADLINE)).toBe(true);
    // Without an error timestamp the clock says when it ended.
    expect(timeoutIsProviderFault({ event: 'request', start: T, socket: T + 100 }, DEADLINE, T + 700)).toBe(true);
    expect(timeoutIsProviderFault({ event: 'request', start: T, socket: T + 100 }, DEADLINE, T + 400)).toBe(false);
  });

  it('blames the provider for lookup and connect timeouts, and for timeouts without timings', () => {
    for (const event of ['lookup', 'connect', 'secureConnect']) {
      expect(timeoutIsProviderFault({ event, start: T, socket: T + 990, error: T + DEADLINE }, DEADLINE, T + DEADLINE)).toBe(true);
    }
    expect(timeoutIsProviderFault(undefined, DEADLINE, T)).toBe(true);
  });
});

describe('classifyStatus', () => {
  const providerError = new ProviderError('openvidu');

  it('reads a client-facing error chosen by the provider hook as a refusal of the input: no fault, no retry', () => {
    for (const error of [new BadUserInputError('refused'), unknownRoomError('openvidu')]) {
      expect(classifyStatus(400, error)).toEqual({ reason: 'refused', providerFault: false, retryable: false });
    }
  });

  it('counts refused credentials, 429 and 5xx as faults; only 429 and 5xx are worth repeating', () => {
    expect(classifyStatus(401, providerError)).toEqual({ reason: 'credentials_rejected', providerFault: true, retryable: false });
    expect(classifyStatus(403, providerError)).toEqual({ reason: 'credentials_rejected', providerFault: true, retryable: false });
    expect(classifyStatus(429, providerError)).toEqual({ reason: 'http_429', providerFault: true, retryable: true });
    for (const status of [500, 502, 503, 504]) {
      expect(classifyStatus(status, providerError)).toEqual({ reason: 'http_5xx', providerFault: true, retryable: true });
    }
  });

  it('treats a redirect or an undeclared 4xx as a surprise, not an outage', () => {
    for (const status of [302, 400, 404, 418]) {
      expect(classifyStatus(status, providerError)).toEqual({ reason: 'unexpected_status', providerFault: false, retryable: false });
    }
  });
});

describe('classifyTransport', () => {
  it('repeats resets and provider timeouts, never a gateway timeout or an oversized body', () => {
    expect(classifyTransport({ kind: 'network' })).toEqual({ reason: 'network', providerFault: true, retryable: true });
    expect(classifyTransport({ kind: 'timeout', providerFault: true })).toEqual({ reason: 'timeout', providerFault: true, retryable: true });
    expect(classifyTransport({ kind: 'timeout', providerFault: false })).toEqual({ reason: 'gateway_timeout', providerFault: false, retryable: false });
    expect(classifyTransport({ kind: 'body_too_large' })).toEqual({ reason: 'body_too_large', providerFault: true, retryable: false });
  });
});

describe('backoffDelay', () => {
  it('waits half the doubling ceiling plus up to half more, as the injected random says', () => {
    expect(backoffDelay(1, 100, () => 0)).toBe(50);
    expect(backoffDelay(1, 100, () => 0.999)).toBe(100);
    expect(backoffDelay(2, 100, () => 0)).toBe(100);
    expect(backoffDelay(3, 100, () => 0.5)).toBe(300);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('reads delta-seconds and HTTP dates relative to the injected clock', () => {
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter([' 0 ', '9'], now)).toBe(0);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:03 GMT', now)).toBe(3000);
    // A date already past means "now", never a negative wait.
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
  });

  it('gives nothing for an absent or unreadable value', () => {
    for (const value of [undefined, '', '   ', 'soon', 'in a minute']) expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe('retryDelay', () => {
  const rules = { maxRetries: 2, retryBaseDelayMs: 100, maxRetryAfterMs: 1000 };
  const random = () => 0;

  it('repeats only retryable failures of calls that are safe to repeat, at most maxRetries times', () => {
    expect(retryDelay({ retryable: true }, 1, true, rules, random)).toBe(50);
    expect(retryDelay({ retryable: true }, 2, true, rules, random)).toBe(100);
    expect(retryDelay({ retryable: true }, 3, true, rules, random)).toBeNull();
    expect(retryDelay({ retryable: true }, 1, false, rules, random)).toBeNull();
    expect(retryDelay({ retryable: false }, 1, true, rules, random)).toBeNull();
  });

  it("waits the provider's Retry-After up to the cap, and gives up on a longer one", () => {
    expect(retryDelay({ retryable: true, retryAfterMs: 0 }, 1, true, rules, random)).toBe(0);
    expect(retryDelay({ retryable: true, retryAfterMs: 1000 }, 1, true, rules, random)).toBe(1000);
    expect(retryDelay({ retryable: true, retryAfterMs: 1001 }, 1, true, rules, random)).toBeNull();
  });
});
