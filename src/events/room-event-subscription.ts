import type { RoomEvent } from './room-event.js';

/**
 * Why a subscription ended early. `STATE_UNAVAILABLE`: the shared bus (Redis) went away, so events
 * may be missed; `OVERFLOW`: the reader fell more than `maxQueued` events behind.
 */
export class RoomEventStreamError extends Error {
  constructor(readonly reason: 'STATE_UNAVAILABLE' | 'OVERFLOW', message: string) {
    super(message);
    this.name = 'RoomEventStreamError';
  }
}

/**
 * One subscriber's view of a room: an async iterator with a bounded queue. The bus pushes; the reader
 * pulls. `fail` ends it with an error (the next read rejects at once and queued events are dropped:
 * after a gap they would mislead), `end` ends it normally, and
 * `return()` (a `for await` loop's break, or a GraphQL subscription closing) detaches it from the bus.
 */
export class RoomEventSubscription implements AsyncIterableIterator<RoomEvent> {
  private readonly queue: RoomEvent[] = [];
  private waiting: { resolve: (r: IteratorResult<RoomEvent>) => void; reject: (e: unknown) => void } | null = null;
  private finished = false;
  private failure: RoomEventStreamError | null = null;

  /** Resolves once the bus can deliver to this subscriber (Redis SUBSCRIBE acknowledged), rejects if it cannot. */
  ready: Promise<void> = Promise.resolve();

  constructor(
    private readonly maxQueued: number,
    private readonly detach: (s: RoomEventSubscription) => void,
  ) {}

  get closed(): boolean {
    return this.finished;
  }

  /** Called by the bus for each event of the room. */
  push(event: RoomEvent): void {
    if (this.finished) return;
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = null;
      resolve({ value: event, done: false });
      return;
    }
    if (this.queue.length >= this.maxQueued) {
      this.fail(new RoomEventStreamError('OVERFLOW', `the subscriber fell more than ${this.maxQueued} events behind`));
      return;
    }
    this.queue.push(event);
  }

  /** Ends the stream with an error: the pending or next read rejects with it, later reads are done. */
  fail(error: RoomEventStreamError): void {
    if (this.finished) return;
    this.finished = true;
    this.queue.length = 0;
    this.detach(this);
    if (this.waiting) {
      const { reject } = this.waiting;
      this.waiting = null;
      reject(error);
    } else {
      this.failure = error;
    }
  }

  /** Ends the stream normally: queued events are still read, then done. */
  end(): void {
    if (this.finished) return;
    this.finished = true;
    this.detach(this);
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = null;
      resolve({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<RoomEvent>> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve({ value: queued, done: false });
    if (this.failure) {
      const error = this.failure;
      this.failure = null;
      return Promise.reject(error);
    }
    if (this.finished) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<RoomEvent>> {
    this.queue.length = 0;
    this.failure = null;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<RoomEvent> {
    return this;
  }
}
