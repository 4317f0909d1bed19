import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import type { Context } from '../../context/context.js';
import { CurrentUser } from '../../context/current-user.decorator.js';
import { assertRoomNameArgument } from '../../schema/validators.js';
import { toRoomAccess } from './room-access.input.js';
import { Room, RoomLiveStateType, RoomProviderEnum, toRoom, toRoomLiveState } from './room.type.js';
import { TransferRoomOwnershipInput } from './transfer-room-ownership.input.js';
import { UpdateRoomAccessInput } from './update-room-access.input.js';

@Authorized()
@Resolver(() => Room)
export class RoomResolver {
  @Query(() => Room, {
    nullable: true,
    description: 'The ownership record and live state of a session or meeting, for its owner and for callers who may join it; null otherwise.',
  })
  async room(
    @Arg('provider', () => RoomProviderEnum) provider: RoomProviderEnum,
    @Arg('roomId', { description: 'The session id, meetingId or customMeetingId.' }) roomId: string,
    @CurrentUser() user: AuthenticatedUser,
    @Ctx() ctx: Context,
  ): Promise<Room | null> {
    assertRoomNameArgument(roomId, 'roomId');
    const record = await ctx.credentials.rooms.view(user, provider, roomId);
    return record ? toRoom(record) : null;
  }

  /** Read only when selected: a Room reaches only callers who may see its record, so its live state may be shown to them. */
  @FieldResolver(() => RoomLiveStateType, { description: "The room's live state from the provider's webhooks: started, finished, participant count." })
  async live(@Root() room: Room, @Ctx() ctx: Context): Promise<RoomLiveStateType> {
    return toRoomLiveState(await ctx.credentials.rooms.liveState(room.provider, room.roomId));
  }

  @Mutation(() => Room, { description: 'Change who may join a room you own.' })
  async updateRoomAccess(
    @Arg('input', () => UpdateRoomAccessInput) input: UpdateRoomAccessInput,
    @CurrentUser() user: AuthenticatedUser,
    @Ctx() ctx: Context,
  ): Promise<Room> {
    const record = await ctx.credentials.rooms.updateAccess(user, input.provider, input.roomId, toRoomAccess(input.access)!, ctx.scope);
    return toRoom(record);
  }

  @Mutation(() => Room, { description: 'Hand a room you own to another caller; you keep only what the policy and access give anyone.' })
  async transferRoomOwnership(
    @Arg('input', () => TransferRoomOwnershipInput) input: TransferRoomOwnershipInput,
    @CurrentUser() user: AuthenticatedUser,
    @Ctx() ctx: Context,
  ): Promise<Room> {
    const record = await ctx.credentials.rooms.transferOwnership(user, input.provider, input.roomId, input.newOwnerId, ctx.scope);
    return toRoom(record);
  }
}
