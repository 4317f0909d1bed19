/**
 * One table of live-state sequences, run against the pure rules with the memory store
 * (test/unit/rooms/room-live-state.test.ts) and against both stores, Redis's Lua script included
 * (test/integration/rooms/room-live-state.test.ts), so the two implementations cannot drift apart.
 * Times are small offsets from T (epoch ms); each step names the result the store must answer.
 */
import type { LiveEvent, LiveUpdateResult, RoomLiveState } from '../../src/rooms/room-live-state.js';
import { OPEN_ACCESS, type RoomStore } from '../../src/rooms/room-store.js';

export const T = 1_780_000_000_000;

export type LiveStep = LiveEvent & { result: LiveUpdateResult };

export interface LiveCase {
  name: string;
  steps: LiveStep[];
  final: RoomLiveState;
}

const start = (at: number, life?: string): LiveStep => ({ type: 'ROOM_STARTED', at: T + at, ...(life ? { life } : {}), result: 'applied' });
const finish = (at: number, life?: string): LiveStep => ({ type: 'ROOM_FINISHED', at: T + at, ...(life ? { life } : {}), result: 'applied' });
const join = (id: string, at: number, life?: string): LiveStep => ({ type: 'PARTICIPANT_JOINED', participantId: id, at: T + at, ...(life ? { life } : {}), result: 'applied' });
const leave = (id: string, at: number, life?: string): LiveStep => ({ type: 'PARTICIPANT_LEFT', participantId: id, at: T + at, ...(life ? { life } : {}), result: 'applied' });
const stale = (step: LiveStep): LiveStep => ({ ...step, result: 'stale' });

const live = (life: string | null, startedAt: number, participantCount: number): RoomLiveState => ({ life, startedAt: T + startedAt, finishedAt: null, participantCount });
const finished = (life: string | null, startedAt: number | null, finishedAt: number): RoomLiveState => ({
  life,
  startedAt: startedAt === null ? null : T + startedAt,
  finishedAt: T + finishedAt,
  participantCount: 0,
});

export const LIVE_CASES: LiveCase[] = [
  {
    name: 'counts distinct participants; a repeated join counts once',
    steps: [start(0, 'L1'), join('a', 10, 'L1'), join('b', 20, 'L1'), join('a', 10, 'L1'), join('a', 15, 'L1')],
    final: live('L1', 0, 2),
  },
  {
    name: 'never goes below zero: repeated leaves and the leave of someone never seen change nothing',
    steps: [start(0, 'L1'), join('a', 10, 'L1'), leave('a', 20, 'L1'), leave('a', 20, 'L1'), leave('c', 30, 'L1')],
    final: live('L1', 0, 0),
  },
  {
    name: 'a leave delivered before its join wins (older events never override newer ones)',
    steps: [leave('a', 20, 'L1'), join('a', 10, 'L1'), start(0, 'L1')],
    final: live('L1', 0, 0),
  },
  {
    name: 'a participant who rejoins after leaving counts again',
    steps: [join('a', 10, 'L1'), leave('a', 20, 'L1'), join('a', 30, 'L1')],
    final: live('L1', 10, 1),
  },
  {
    name: 'the earliest start is kept; a join before any start marks the room started',
    steps: [join('a', 10, 'L1'), start(5, 'L1'), start(8, 'L1')],
    final: live('L1', 5, 1),
  },
  {
    name: 'a finish empties the room; late joins, leaves and starts of that life are stale',
    steps: [start(0, 'L1'), join('a', 10, 'L1'), join('b', 11, 'L1'), finish(100, 'L1'), stale(join('c', 50, 'L1')), stale(join('d', 150, 'L1')), stale(leave('a', 120, 'L1')), stale(start(200, 'L1'))],
    final: finished('L1', 0, 100),
  },
  {
    name: 'a repeated or later finish of the same life moves finishedAt forward only',
    steps: [start(0, 'L1'), finish(100, 'L1'), finish(90, 'L1'), finish(110, 'L1'), finish(100, 'L1')],
    final: finished('L1', 0, 110),
  },
  {
    name: 'a new life after the finish reopens the room with nobody in it',
    steps: [start(0, 'L1'), join('a', 10, 'L1'), finish(100, 'L1'), start(200, 'L2'), join('b', 210, 'L2')],
    final: live('L2', 200, 1),
  },
  {
    name: 'a join of a new life that arrives before its start reopens the room too',
    steps: [start(0, 'L1'), finish(100, 'L1'), join('b', 210, 'L2'), start(200, 'L2')],
    final: live('L2', 200, 1),
  },
  {
    name: 'an event of another life older than the finish is stale',
    steps: [start(0, 'L1'), finish(100, 'L1'), stale(join('z', 50, 'L0')), stale(start(40, 'L0'))],
    final: finished('L1', 0, 100),
  },
  {
    name: 'a straggler of an earlier life while a later one runs is stale',
    steps: [start(200, 'L2'), join('b', 210, 'L2'), stale(leave('b', 150, 'L1')), stale(finish(190, 'L1'))],
    final: live('L2', 200, 1),
  },
  {
    name: 'a later life while the current one is open means its finish was missed: the room starts over',
    steps: [start(0, 'L1'), join('a', 10, 'L1'), join('b', 20, 'L1'), start(300, 'L2'), join('c', 310, 'L2')],
    final: live('L2', 300, 1),
  },
  {
    name: 'without life names a start must come strictly after the finish to reopen the room',
    steps: [start(0), join('a', 10), finish(100), stale(start(100)), stale(join('b', 150)), start(101)],
    final: live(null, 101, 0),
  },
];

/** Records an OpenVidu room owned by `olive` under `roomId`, as the credential flows would: the room the steps apply to. */
export async function claimLiveRoom(store: RoomStore, roomId: string, now: number, ttlMs: number, maxPerOwner: number): Promise<string> {
  await store.claim({ provider: 'openvidu', roomId, customId: null, ownerId: 'olive', access: OPEN_ACCESS, createdAt: now, expiresAt: now + ttlMs }, maxPerOwner);
  return roomId;
}

/** Applies a case's steps in order; returns what the store answered to each. */
export async function applySteps(store: RoomStore, roomId: string, steps: LiveStep[]): Promise<LiveUpdateResult[]> {
  const results: LiveUpdateResult[] = [];
  for (const { result: _expected, ...event } of steps) results.push(await store.applyLiveEvent('openvidu', roomId, event));
  return results;
}
