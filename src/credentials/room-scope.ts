import type { RoomScope } from '../policy/policy.js';
import type { JoinDecision } from '../rooms/room-access.service.js';
import { roomRecordNames } from '../rooms/room-store.js';

/**
 * The policy scope of a credential for `roomId` after the join check: whether the caller owns the room,
 * and every name the room is known by (a VideoSDK meeting with a custom id has two), since only roles whose
 * join patterns match it count there.
 */
export function roomScope(decision: JoinDecision, roomId: string): RoomScope {
  return { owner: decision.owner, rooms: decision.record ? roomRecordNames(decision.record) : roomId };
}
