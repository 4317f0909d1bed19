import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { BadUserInputError, ForbiddenError, StateUnavailableError } from '../errors/gateway-errors.js';
import type { Policy } from '../policy/policy.js';
import type { CredentialProvider, RoomProvider } from '../policy/policy.types.js';
import type { RoomLiveState } from './room-live-state.js';
import { generatedIdDescription, looksProviderGenerated, noOwnedRecordError, roomKeyOf, unknownRoomError } from './room-ids.js';
import {
  MAX_ALLOWED_ROLES,
  MAX_ALLOWED_USER_IDS,
  OPEN_ACCESS,
  roomRecordNames,
  type ClaimResult,
  type RoomAccess,
  type RoomRecord,
  type RoomStore,
} from './room-store.js';

/** The outcome of a join check: whether the caller owns the room, its record, and the provider id to sign for. */
export interface JoinDecision {
  owner: boolean;
  record: RoomRecord | null;
  /** The provider's own id of the room (a VideoSDK custom id resolved to the meetingId). */
  roomId: string;
}

/** Why a caller may moderate a room: they own it, or a role of theirs has the policy's `moderate` permission there. */
export type ModerationRight = 'owner' | 'moderate';

/** The outcome of a moderation check: the provider id to call with, why the caller may, and the record if any. */
export interface ModerationDecision {
  /** The provider's own id of the room (a VideoSDK custom id resolved to the meetingId). */
  roomId: string;
  right: ModerationRight;
  record: RoomRecord | null;
}

/**
 * The moderation decision itself, pure: the owner of the room's record may moderate it; anyone else
 * needs a role with a `rooms.moderate` pattern matching one of the room's names (the record's names
 * when there is one, else the names the room is known by). Access lists do not matter here: the
 * `moderate` permission is the operator's, above any owner's list. Null: refused.
 */
export function moderationRight(policy: Pick<Policy, 'mayModerate'>, user: AuthenticatedUser, record: RoomRecord | null, names: readonly string[]): ModerationRight | null {
  if (record && record.ownerId === user.id) return 'owner';
  return policy.mayModerate(user, record ? roomRecordNames(record) : names) ? 'moderate' : null;
}

/** A room as the provider describes it, for a room the gateway has no record of under the id asked for. */
export interface ProviderRoom {
  roomId: string;
  customId: string | null;
  disabled: boolean;
}

/** Asks the provider about an id (e.g. VideoSDK validate); null when it does not know it. */
export type RoomLookup = (id: string) => Promise<ProviderRoom | null>;

/** Compare-and-set attempts before giving up on a record that keeps changing under us. */
const MAX_UPDATE_ATTEMPTS = 5;

function assertAccessShape(access: RoomAccess): void {
  if (access.mode === 'OPEN' && (access.allowedUserIds.length || access.allowedRoles.length)) {
    throw new BadUserInputError('allowedUserIds and allowedRoles only apply with mode RESTRICTED.', 'access');
  }
  // The API validates these bounds too; the service keeps them whoever calls it.
  if (access.allowedUserIds.length > MAX_ALLOWED_USER_IDS || access.allowedRoles.length > MAX_ALLOWED_ROLES) {
    throw new BadUserInputError(`A room lets in at most ${MAX_ALLOWED_USER_IDS} caller ids and ${MAX_ALLOWED_ROLES} roles.`, 'access');
  }
}

function normalizeAccess(access: RoomAccess | null | undefined): RoomAccess {
  if (!access) return OPEN_ACCESS;
  assertAccessShape(access);
  return { mode: access.mode, allowedUserIds: [...new Set(access.allowedUserIds)], allowedRoles: [...new Set(access.allowedRoles)] };
}

/**
 * Room ownership and access: who owns a session or meeting, who may get credentials for it or learn of
 * it, and the owner's changes. Stateless itself; the records live in a RoomStore (memory or Redis).
 * Every check happens before the resolver calls a provider, and a caller who may not join a room is
 * answered exactly as for a room that does not exist.
 */
export class RoomAccessService {
  constructor(
    private readonly policy: Policy,
    private readonly store: RoomStore,
    private readonly now: () => number = Date.now,
  ) {}

  private get maxPerOwner(): number {
    return this.policy.definition.roomRecords.maxPerOwner;
  }

  /**
   * Whether the room's access setting admits the caller: OPEN admits everyone, RESTRICTED the listed
   * caller ids and roles. `allowedRoles` counts every role the caller holds under the policy, the
   * default role included (every caller holds it, whatever the token says).
   */
  private accessAdmits(record: RoomRecord, user: AuthenticatedUser): boolean {
    const { access } = record;
    if (access.mode === 'OPEN' || access.allowedUserIds.includes(user.id)) return true;
    const held = [this.policy.definition.defaultRole, ...user.roles];
    return held.some((role) => access.allowedRoles.includes(role));
  }

  /** The owner, or a caller whose join patterns match one of the room's names and whom the access lets in. */
  private mayEnter(record: RoomRecord, user: AuthenticatedUser): boolean {
    if (record.ownerId === user.id) return true;
    return this.policy.mayJoin(user, roomRecordNames(record)) && this.accessAdmits(record, user);
  }

  /** Whether the policy lets the caller join a room the gateway has no record of, by the name asked for. */
  private mayJoinName(user: AuthenticatedUser, name: string): boolean {
    try {
      this.policy.assertRoomName(name);
    } catch {
      return false;
    }
    return this.policy.mayJoin(user, name);
  }

  /**
   * The refusal for a room the caller may not join: the very error an unknown room with this name gets
   * (the naming rule, the join patterns, then NOT_FOUND), so it does not tell that the room exists.
   */
  private refuseAsUnknown(user: AuthenticatedUser, provider: RoomProvider, requestedId: string): never {
    this.policy.assertRoomName(requestedId);
    this.policy.assertMayJoin(user, requestedId);
    throw unknownRoomError(provider);
  }

  /**
   * Decides whether the caller may get a credential for `requestedId`, and for which provider id. The
   * owner always may (and gets the owner role there). Anyone else needs a join pattern of their roles
   * and, in a RESTRICTED room, to be let in by id or role. A room the gateway has no record of is
   * checked by the name asked for; with `lookup` (VideoSDK) the provider is then asked which room the
   * id names: unknown is NOT_FOUND, deactivated is BAD_USER_INPUT. A caller who may not join an existing
   * room gets what an unknown one gets. Throws STATE_UNAVAILABLE when the record cannot be read.
   */
  async authorizeJoin(user: AuthenticatedUser, provider: CredentialProvider, requestedId: string, lookup?: RoomLookup): Promise<JoinDecision> {
    if (provider === 'livekit') {
      // LiveKit has no create operation through the gateway, hence no owners: patterns decide alone.
      this.policy.assertRoomName(requestedId);
      this.policy.assertMayJoin(user, requestedId);
      return { owner: false, record: null, roomId: requestedId };
    }
    let record = await this.store.get(provider, roomKeyOf(provider, requestedId));
    let found: ProviderRoom | null = null;
    if (!record) {
      // A recorded room's name was accepted at creation or generated by the provider (e.g. ses_Ab12…),
      // so the naming rule only applies to names the gateway has no record of.
      this.policy.assertRoomName(requestedId);
      this.policy.assertMayJoin(user, requestedId);
      if (!lookup) return { owner: false, record: null, roomId: requestedId };
      found = await lookup(requestedId);
      if (!found) throw unknownRoomError(provider);
      // The record may be held under the provider id only (a custom-id key evicted, say).
      if (found.roomId !== requestedId) record = await this.store.get(provider, { space: 'id', id: found.roomId });
    }
    if (record && !this.mayEnter(record, user)) this.refuseAsUnknown(user, provider, requestedId);
    if (found?.disabled) {
      throw new BadUserInputError('This VideoSDK meeting was deactivated and can no longer be joined; create a new one.', 'meetingId');
    }
    return { owner: record?.ownerId === user.id, record, roomId: record?.roomId ?? found?.roomId ?? requestedId };
  }

  /**
   * Decides whether the caller may moderate `requestedId` (list its participants, remove one, mute a
   * track, end it), and which provider id to call with. LiveKit rooms have no owner: the `moderate`
   * permission decides alone. For OpenVidu and VideoSDK the record decides (`moderationRight`); a room
   * the gateway has no record of is checked by the name asked for and, with `lookup` (VideoSDK), only
   * then is the provider asked which room the id names (unknown: NOT_FOUND). Every refusal is exactly
   * the NOT_FOUND an unknown room gets, so it never tells that the room exists.
   */
  async authorizeModeration(user: AuthenticatedUser, provider: CredentialProvider, requestedId: string, lookup?: RoomLookup): Promise<ModerationDecision> {
    if (provider === 'livekit') {
      if (!moderationRight(this.policy, user, null, [requestedId])) throw unknownRoomError(provider);
      return { roomId: requestedId, right: 'moderate', record: null };
    }
    let record = await this.store.get(provider, roomKeyOf(provider, requestedId));
    let names = [requestedId];
    let roomId = requestedId;
    if (!record && lookup) {
      // The provider is only asked when the name alone already allows it (no record: no owner).
      if (!this.policy.mayModerate(user, requestedId)) throw unknownRoomError(provider);
      const found = await lookup(requestedId);
      if (!found) throw unknownRoomError(provider);
      // The record may be held under the provider id only (a custom-id key evicted, say).
      if (found.roomId !== requestedId) record = await this.store.get(provider, { space: 'id', id: found.roomId });
      names = found.customId ? [found.roomId, found.customId] : [found.roomId];
      roomId = found.roomId;
    }
    const right = moderationRight(this.policy, user, record, names);
    if (!right) throw unknownRoomError(provider);
    return { roomId: record?.roomId ?? roomId, right, record };
  }

  /**
   * Whether the caller may learn what the provider knows of `requestedId` (VideoSDK validate): the
   * record's rules when the gateway holds one (under the id asked for, or under `resolvedRoomId`, the
   * provider id the provider answered with), else the policy's rules for the name asked for.
   */
  async mayLearnOf(user: AuthenticatedUser, provider: RoomProvider, requestedId: string, resolvedRoomId?: string): Promise<boolean> {
    let record = await this.store.get(provider, roomKeyOf(provider, requestedId));
    if (!record && resolvedRoomId && resolvedRoomId !== requestedId) {
      record = await this.store.get(provider, { space: 'id', id: resolvedRoomId });
    }
    return record ? this.mayEnter(record, user) : this.mayJoinName(user, requestedId);
  }

  /**
   * Checks made before a create reaches the provider: the policy's create rules; a custom id never has
   * the shape of an id the provider generates (it could name another room); for a custom id someone
   * else already owns, that the caller sets neither access nor options and is not kept out; otherwise
   * the caller's room limit. Returns the record already held under the custom id, if any: the resolver
   * must not send another caller's room to the provider again.
   */
  async authorizeCreate(
    user: AuthenticatedUser,
    provider: RoomProvider,
    customId: string | null | undefined,
    access?: RoomAccess | null,
    setsOptions = false,
  ): Promise<RoomRecord | null> {
    if (customId && looksProviderGenerated(provider, customId)) {
      throw new BadUserInputError(
        `A custom id must not look like ${generatedIdDescription(provider)}; choose another id.`,
        provider === 'openvidu' ? 'customSessionId' : 'customMeetingId',
      );
    }
    this.policy.assertMayCreate(user, provider, customId);
    if (access) assertAccessShape(access);
    const existing = customId ? await this.store.get(provider, roomKeyOf(provider, customId)) : null;
    if (existing) {
      this.assertMayReuse(existing, user, access, setsOptions);
      return existing;
    }
    if ((await this.store.ownedCount(user.id)) >= this.maxPerOwner) throw this.limitError();
    return null;
  }

  private limitError(): ForbiddenError {
    return new ForbiddenError(
      `You already own ${this.maxPerOwner} live rooms, the most this gateway allows; a room stops counting when its record expires or you transfer it.`,
      'rooms.limit',
    );
  }

  /**
   * Records the caller as owner of a room the provider just created or returned. Atomic: of racing
   * callers exactly one becomes owner. A caller who loses gets the existing record, subject to the
   * same rules as in `authorizeCreate`; a caller at the room limit gets FORBIDDEN (`rooms.limit`).
   */
  async claim(
    user: AuthenticatedUser,
    provider: RoomProvider,
    ids: { roomId: string; customId: string | null },
    access?: RoomAccess | null,
    setsOptions = false,
  ): Promise<Exclude<ClaimResult, { status: 'limit' }>> {
    const createdAt = this.now();
    const result = await this.store.claim(
      {
        provider,
        roomId: ids.roomId,
        customId: ids.customId,
        ownerId: user.id,
        access: normalizeAccess(access),
        createdAt,
        expiresAt: createdAt + this.policy.roomRecordTtlMs(provider),
      },
      this.maxPerOwner,
    );
    if (result.status === 'limit') throw this.limitError();
    if (result.status === 'exists') this.assertMayReuse(result.record, user, access, setsOptions);
    return result;
  }

  private assertMayReuse(existing: RoomRecord, user: AuthenticatedUser, access: RoomAccess | null | undefined, setsOptions: boolean): void {
    if (existing.ownerId === user.id) return;
    if (access || setsOptions) {
      throw new ForbiddenError(
        'This room already exists and belongs to another caller; only its owner can set its access or options.',
        'rooms.owner',
      );
    }
    if (!this.accessAdmits(existing, user)) {
      throw new ForbiddenError('This room is restricted by its owner and you are not on its list.', 'rooms.restricted');
    }
  }

  /**
   * The record, for its owner or anyone who may join the room; null otherwise, and when there is none
   * (the same answer, so the query does not reveal rooms a caller may not join).
   */
  async view(user: AuthenticatedUser, provider: RoomProvider, roomId: string): Promise<RoomRecord | null> {
    const record = await this.store.get(provider, roomKeyOf(provider, roomId));
    return record && this.mayEnter(record, user) ? record : null;
  }

  /** The live state of the room recorded under the provider id `roomId`; the caller checked visibility (`view`). */
  liveState(provider: RoomProvider, roomId: string): Promise<RoomLiveState> {
    return this.store.liveState(provider, roomId);
  }

  /** The owner changes who may join. NOT_FOUND without a record and, the same, for anyone but the owner. */
  updateAccess(user: AuthenticatedUser, provider: RoomProvider, roomId: string, access: RoomAccess): Promise<RoomRecord> {
    const next = normalizeAccess(access);
    return this.updateAsOwner(user, provider, roomId, (record) => ({ ownerId: record.ownerId, access: next }));
  }

  /**
   * The owner hands the room to another caller id; from then on only that caller is the owner. The new
   * owner must be someone the policy lets join the room by what the gateway knows of any caller (the
   * default role, `{sub}` patterns with that id), and must have room under the per-owner limit.
   */
  transferOwnership(user: AuthenticatedUser, provider: RoomProvider, roomId: string, newOwnerId: string): Promise<RoomRecord> {
    const newOwner: AuthenticatedUser = { id: newOwnerId, name: null, roles: [], expiresAt: 0, claims: {} };
    return this.updateAsOwner(user, provider, roomId, (record) => {
      if (newOwnerId !== record.ownerId && !this.policy.mayJoin(newOwner, roomRecordNames(record))) {
        throw new ForbiddenError(
          "The new owner must be a caller the policy lets join this room by the rules every caller has (the default role's join patterns).",
          'rooms.transfer',
        );
      }
      return { ownerId: newOwnerId, access: record.access };
    });
  }

  /**
   * Read, check ownership, compare-and-set; on a conflict read again and re-check, so a change racing
   * with a transfer can never write on behalf of someone who is no longer the owner.
   */
  private async updateAsOwner(
    user: AuthenticatedUser,
    provider: RoomProvider,
    roomId: string,
    change: (record: RoomRecord) => Pick<RoomRecord, 'ownerId' | 'access'>,
  ): Promise<RoomRecord> {
    for (let attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      const record = await this.store.get(provider, roomKeyOf(provider, roomId));
      // Not the owner: the same answer as no record, so the mutation does not reveal the room.
      if (!record || record.ownerId !== user.id) throw noOwnedRecordError();
      const result = await this.store.compareAndSet(record, change(record), this.maxPerOwner);
      if (result.status === 'updated') return result.record;
      if (result.status === 'limit') {
        throw new ForbiddenError('The new owner already owns the most live rooms this gateway allows.', 'rooms.limit');
      }
    }
    throw new StateUnavailableError(undefined, 'The room record kept changing during the update; try again.');
  }
}
