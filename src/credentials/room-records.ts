import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import type { RoomProvider } from '../policy/policy.types.js';
import type { RoomAccessService } from '../rooms/room-access.service.js';
import type { RoomLiveState } from '../rooms/room-live-state.js';
import type { RoomAccess, RoomRecord } from '../rooms/room-store.js';
import type { AuditScope } from './request-scope.js';

/**
 * The gateway's room records as callers reach them: a record shown only to those who may join the
 * room (anyone else gets what an unknown room gets), and the owner's changes, each with its audit line.
 */
export class RoomRecords {
  constructor(private readonly rooms: RoomAccessService) {}

  /** The record, for its owner and callers who may join the room; null otherwise and when there is none. */
  view(caller: AuthenticatedUser, provider: RoomProvider, roomId: string): Promise<RoomRecord | null> {
    return this.rooms.view(caller, provider, roomId);
  }

  /**
   * The live state of a room by its provider id. No check here: call it only for a record the caller
   * was shown (the `live` field of a Room they received).
   */
  liveState(provider: RoomProvider, roomId: string): Promise<RoomLiveState> {
    return this.rooms.liveState(provider, roomId);
  }

  async updateAccess(caller: AuthenticatedUser, provider: RoomProvider, roomId: string, access: RoomAccess, scope: AuditScope): Promise<RoomRecord> {
    const record = await this.rooms.updateAccess(caller, provider, roomId, access);
    scope.audit({ event: 'room.access_updated', provider: record.provider, room: record.roomId, access: record.access });
    return record;
  }

  async transferOwnership(caller: AuthenticatedUser, provider: RoomProvider, roomId: string, newOwnerId: string, scope: AuditScope): Promise<RoomRecord> {
    const record = await this.rooms.transferOwnership(caller, provider, roomId, newOwnerId);
    scope.audit({ event: 'room.ownership_transferred', provider: record.provider, room: record.roomId, newOwnerId: record.ownerId });
    return record;
  }
}
