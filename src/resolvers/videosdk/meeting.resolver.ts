import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import type { Context } from '../../context/context.js';
import { CurrentUser } from '../../context/current-user.decorator.js';
import { CredentialField } from '../../schema/credential-field.js';
import { toRoomAccess } from '../rooms/room-access.input.js';
import { Room, toRoom } from '../rooms/room.type.js';
import { assertRoomNameArgument } from '../../schema/validators.js';
import { CreateMeetingInput } from './create-meeting.input.js';
import { IssueVideoSdkTokenInput } from './issue-videosdk-token.input.js';
import { Meeting, MeetingValidation, VideoSdkToken } from './meeting.type.js';

@Authorized()
@Resolver()
export class MeetingResolver {
  @CredentialField({ provider: 'videosdk' })
  @Query(() => MeetingValidation, { description: 'Check whether a VideoSDK meeting id can be joined.' })
  async validateMeeting(
    @Arg('meetingId') meetingId: string,
    @CurrentUser() user: AuthenticatedUser,
    @Ctx() ctx: Context,
  ): Promise<MeetingValidation> {
    assertRoomNameArgument(meetingId, 'meetingId');
    return ctx.credentials.videosdk.validateMeeting(user, meetingId, ctx.scope);
  }

  @CredentialField({ provider: 'videosdk' })
  @Mutation(() => Meeting, {
    description: 'Create a VideoSDK meeting, or return the one with this custom id. The first caller to create it owns it.',
  })
  async createMeeting(
    @Arg('input', () => CreateMeetingInput, { nullable: true }) input: CreateMeetingInput | null | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Ctx() ctx: Context,
  ): Promise<Meeting> {
    const { meeting, ownership } = await ctx.credentials.videosdk.createMeeting(
      user,
      {
        customMeetingId: input?.customMeetingId,
        autoClose: input?.autoClose,
        access: toRoomAccess(input?.access),
      },
      ctx.scope,
    );
    return { ...meeting, room: toRoom(ownership) };
  }

  @CredentialField({ provider: 'videosdk', issuesCredential: true })
  @Mutation(() => VideoSdkToken, {
    description: 'Sign a VideoSDK participant token for a meeting, as the caller. The meeting owner gets the policy owner role.',
  })
  async issueVideoSdkToken(
    @Arg('input', () => IssueVideoSdkTokenInput) input: IssueVideoSdkTokenInput,
    @CurrentUser() user: AuthenticatedUser,
    @Ctx() ctx: Context,
  ): Promise<VideoSdkToken> {
    return ctx.credentials.videosdk.issueToken(
      user,
      { meetingId: input.meetingId, permissions: input.permissions, ttlSeconds: input.ttlSeconds },
      ctx.scope,
    );
  }
}

/** `Meeting.room`: the ownership record, looked up only when a client selects it. */
@Authorized()
@Resolver(() => Meeting)
export class MeetingRoomResolver {
  @FieldResolver(() => Room, {
    nullable: true,
    description: 'Who owns the meeting and who may join; null when the gateway holds no record or you may not join it.',
  })
  async room(@Root() meeting: Meeting, @CurrentUser() user: AuthenticatedUser, @Ctx() ctx: Context): Promise<Room | null> {
    if (meeting.room !== undefined) return meeting.room;
    const record = await ctx.credentials.rooms.view(user, 'videosdk', meeting.meetingId);
    return record ? toRoom(record) : null;
  }
}
