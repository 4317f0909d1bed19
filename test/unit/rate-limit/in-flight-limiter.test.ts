import { describe, expect, it } from '@jest/globals';
import { InFlightLimiter } from '../../../src/rate-limit/in-flight-limiter.js';

describe('InFlightLimiter', () => {
  it('admits up to the bound per key and refuses the next with RATE_LIMITED (in_flight), at once', () => {
    const limiter = new InFlightLimiter(2);
    limiter.acquire('caller:a');
    limiter.acquire('caller:a');
    let refusal: unknown;
    try {
      limiter.acquire('caller:a');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({ extensions: { code: 'RATE_LIMITED', limit: 'in_flight', retryAfterSeconds: 1 } });
    expect(limiter.inFlight('caller:a')).toBe(2);
    // Another caller has slots of its own.
    limiter.acquire('caller:b');
    expect(limiter.inFlight('caller:b')).toBe(1);
  });

  it('gives a slot back when a call ends, once however often release is called', () => {
    const limiter = new InFlightLimiter(1);
    const release = limiter.acquire('k');
    expect(() => limiter.acquire('k')).toThrow(/in progress/);
    release();
    release();
    expect(limiter.inFlight('k')).toBe(0);
    const again = limiter.acquire('k');
    expect(() => limiter.acquire('k')).toThrow();
    again();
    expect(limiter.inFlight('k')).toBe(0);
  });
});
