/** The WebSocket server's real clock: deadlines beyond setTimeout's range, and cancellation (jest's fake timers). */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { realTimers } from '../../../src/server/subscriptions/timers.js';

describe('realTimers.after', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('fires once after a delay longer than setTimeout allows, not before', () => {
    const fn = jest.fn();
    const max = 2 ** 31 - 1;
    realTimers.after(max + 5000, fn);
    jest.advanceTimersByTime(max);
    expect(fn).not.toHaveBeenCalled();
    jest.advanceTimersByTime(4999);
    expect(fn).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('fires at once for a deadline already past, and never once cancelled', () => {
    const past = jest.fn();
    realTimers.after(-1000, past);
    jest.advanceTimersByTime(0);
    expect(past).toHaveBeenCalledTimes(1);
    const cancelled = jest.fn();
    const cancel = realTimers.after(1000, cancelled);
    cancel();
    jest.advanceTimersByTime(2000);
    expect(cancelled).not.toHaveBeenCalled();
  });
});
