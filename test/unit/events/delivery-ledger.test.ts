/** The in-memory ledger with an injected clock, and the staleness rule. */
import { describe, expect, it } from '@jest/globals';
import { createMemoryLedger, isStale } from '../../../src/events/delivery-ledger.js';

describe('memory delivery ledger', () => {
  it('grants a key once until its TTL passes, then again', async () => {
    let now = 1_000;
    const ledger = createMemoryLedger(() => now);
    expect(await ledger.claim('k', 500)).toBe(true);
    expect(await ledger.claim('k', 500)).toBe(false);
    now += 499;
    expect(await ledger.claim('k', 500)).toBe(false);
    now += 1;
    expect(await ledger.claim('k', 500)).toBe(true);
  });

  it('forgets a released claim', async () => {
    const ledger = createMemoryLedger(() => 0);
    await ledger.claim('k', 500);
    await ledger.release('k');
    expect(await ledger.claim('k', 500)).toBe(true);
  });

  it('drops expired claims as it goes, so a long run of deliveries does not pile up', async () => {
    let now = 0;
    const ledger = createMemoryLedger(() => now, 3);
    for (const k of ['a', 'b', 'c']) await ledger.claim(k, 100);
    now = 50;
    await ledger.claim('d', 100);
    now = 120;
    // a, b, c expired: they go, so d survives the cap of 3.
    for (const k of ['e', 'f']) await ledger.claim(k, 100);
    expect(await ledger.claim('d', 100)).toBe(false);
  });

  it('holds at most maxEntries claims, dropping the oldest', async () => {
    const ledger = createMemoryLedger(() => 0, 3);
    for (const k of ['a', 'b', 'c', 'd']) expect(await ledger.claim(k, 10_000)).toBe(true);
    expect(await ledger.claim('a', 10_000)).toBe(true);
    expect(await ledger.claim('d', 10_000)).toBe(false);
  });

  it('keeps the latest finish marker per room until it expires', async () => {
    let now = 0;
    const ledger = createMemoryLedger(() => now);
    await ledger.markFinished('livekit', 'r', { at: 2000, session: 'RM_2' }, 1000);
    await ledger.markFinished('livekit', 'r', { at: 1000, session: 'RM_1' }, 1000);
    expect(await ledger.finishedAt('livekit', 'r')).toEqual({ at: 2000, session: 'RM_2' });
    expect(await ledger.finishedAt('openvidu', 'r')).toBeNull();
    now = 1000;
    expect(await ledger.finishedAt('livekit', 'r')).toBeNull();
  });
});

describe('isStale', () => {
  const marker = { at: Date.parse('2026-03-01T10:00:00Z'), session: 'life-1' };

  it('passes everything when the room has not finished', () => {
    expect(isStale(null, { occurredAt: '2000-01-01T00:00:00Z' })).toBe(false);
  });

  it('drops events that happened before the finish', () => {
    expect(isStale(marker, { occurredAt: '2026-03-01T09:59:59Z' })).toBe(true);
    expect(isStale(marker, { occurredAt: '2026-03-01T09:59:59Z', session: 'life-2' })).toBe(true);
  });

  it('drops later-received events of the finished life, whatever their time', () => {
    expect(isStale(marker, { occurredAt: '2026-03-01T10:05:00Z', session: 'life-1' })).toBe(true);
  });

  it('lets a new life of the same room through', () => {
    expect(isStale(marker, { occurredAt: '2026-03-01T10:05:00Z', session: 'life-2' })).toBe(false);
    expect(isStale(marker, { occurredAt: '2026-03-01T10:05:00Z' })).toBe(false);
  });
});
