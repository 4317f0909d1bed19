import type { RoomScope } from '../../policy/policy.js';
import type { JoinDecision } from '../../rooms/room-access.service.js';
import { roomRecordIds } from '../../rooms/room-store.js';

/**
 * The policy scope of a credential for `roomId` after the join check: whether the caller owns the room,
 * and every name the room is known by (a recorded VideoSDK meeting has two), since only roles whose
 * join patterns match it count there.
 */
export function roomScope(decision: JoinDecision, roomId: string): RoomScope {
  return { owner: decision.owner, rooms: decision.record ? roomRecordIds(decision.record) : roomId };
}
