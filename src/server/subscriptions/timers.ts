/**
 * The clock of the WebSocket server (when a caller token expires), injectable so tests decide when a
 * deadline passes instead of sleeping until it.
 */
export interface SubscriptionTimers {
  now(): number;
  /** Calls `fn` once `ms` have passed; the returned function cancels it. */
  after(ms: number, fn: () => void): () => void;
}

/** setTimeout's longest delay; a longer wait is made of several. */
const MAX_DELAY_MS = 2 ** 31 - 1;

export const realTimers: SubscriptionTimers = {
  now: Date.now,
  after(ms, fn) {
    let timer: NodeJS.Timeout;
    const arm = (left: number) => {
      timer = setTimeout(() => (left > MAX_DELAY_MS ? arm(left - MAX_DELAY_MS) : fn()), Math.max(0, Math.min(left, MAX_DELAY_MS)));
      timer.unref();
    };
    arm(ms);
    return () => clearTimeout(timer);
  },
};
