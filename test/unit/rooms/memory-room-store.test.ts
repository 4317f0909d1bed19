/**
 * The in-memory room store's periodic sweep, on jest's fake timers and an injected clock: expired
 * records and owner counts leave memory even when nobody reads them again (reads drop them too,
 * which the shared store tests in test/integration/rooms cover for both stores).
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { MemoryRoomStore } from '../../../src/rooms/memory-room-store.js';
import { OPEN_ACCESS } from '../../../src/rooms/room-store.js';

const MINUTE = 60_000;

/** The store's own maps, read only to see what it still holds in memory. */
const held = (store: MemoryRoomStore) => store as unknown as { records: Map<string, unknown>; owned: Map<string, Map<string, number>> };

describe('MemoryRoomStore sweep', () => {
  let now = 0;
  let store: MemoryRoomStore;
  beforeEach(() => {
    jest.useFakeTimers();
    now = 1_000_000;
    store = new MemoryRoomStore(() => now);
  });
  afterEach(async () => {
    await store.close();
    jest.useRealTimers();
  });

  const claim = (roomId: string, ttlMs: number, customId: string | null = null) =>
    store.claim({ provider: 'videosdk', roomId, customId, ownerId: 'olive', access: OPEN_ACCESS, createdAt: now, expiresAt: now + ttlMs }, 10);

  it('drops expired records and empty owner entries once a minute without any read', async () => {
    expect((await claim('short', 30_000, 'short-custom')).status).toBe('created');
    expect((await claim('long', 10 * MINUTE)).status).toBe('created');
    expect(held(store).records.size).toBe(3);

    now += 30_000;
    jest.advanceTimersByTime(MINUTE);
    // The expired room is gone under both of its ids; the live one stays, still counted for its owner.
    expect(held(store).records.size).toBe(1);
    expect(held(store).owned.get('olive')?.size).toBe(1);

    now += 10 * MINUTE;
    jest.advanceTimersByTime(MINUTE);
    expect(held(store).records.size).toBe(0);
    expect(held(store).owned.size).toBe(0);
  });

  it('keeps records that have not expired', async () => {
    await claim('live', 5 * MINUTE);
    now += 4 * MINUTE;
    jest.advanceTimersByTime(4 * MINUTE);
    expect(held(store).records.size).toBe(1);
    expect(await store.ownedCount('olive')).toBe(1);
  });
});
