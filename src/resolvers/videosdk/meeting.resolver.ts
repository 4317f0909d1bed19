import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import type { Context } from '../../context/context.js';
import { CurrentUser } from '../../context/current-user.decorator.js';
import { IssuesCredential } from '../shared/issues-credential.decorator.js';
import { BadUserInputError } from '../../errors/gateway-errors.js';
import { RateLimited } from '../../rate-limit/rate-limited.decorator.js';
import { toRoomAccess } from '../rooms/room-access.input.js';
import { Room, toRoom } from '../rooms/room.type.js';
import { roomScope } from '../shared/room-scope.js';
import { ROOM_NAME_PATTERN } from '../shared/validators.js';
import { CreateMeetingInput } from './create-meeting.input.js';
import { IssueVideoSdkTokenInput } from './issue-videosdk-token.input.js';
import { Meeting, MeetingValidation, VideoSdkToken } from './meeting.type.js';

@Authorized()
@Resolver()
export class MeetingResolver {
  @Query(() => MeetingValidation, { description: 'Check whether a VideoSDK meeting id can be joined.' })
  async validateMeeting(
    @Arg('meetingId') meetingId: string,
    @CurrentUser() _user: AuthenticatedUser,
    @Ctx() ctx: Context,
  ): Promise<MeetingValidation> {
    // A bare scalar argument is not run through class-validator, so it is checked here.
    if (!ROOM_NAME_PATTERN.test(meetingId)) {
      throw new BadUserInputError('meetingId must be 1-64 of A-Z a-z 0-9 _ -.', 'meetingId');
    }
    return ctx.dataSources.videosdk().validateMeeting(meetingId);
  }

  @RateLimited()
  @Mutation(() => Meeting, {
    description: 'Create a VideoSDK meeting, or return the one with this custom id. The first caller to create it owns it.',
  })
  async createMeeting(
    @Arg('input', () => CreateMeetingInput, { nullable: true }) input: CreateMeetingInput | null | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Ctx() ctx: Context,
  ): Promise<Meeting> {
    const videosdk = ctx.dataSources.videosdk();
    const { rooms } = ctx.services;
    const access = toRoomAccess(input?.access);
    await rooms.authorizeCreate(user, 'videosdk', input?.customMeetingId, access);
    const meeting = await videosdk.createMeeting({
      customRoomId: input?.customMeetingId,
      autoCloseConfig: input?.autoClose ? { type: input.autoClose.type, duration: input.autoClose.durationMinutes } : undefined,
    });
    // issueVideoSdkToken accepts either id, so the record is kept under both.
    const customId = input?.customMeetingId ?? null;
    const claim = await rooms.claim(user, 'videosdk', { roomId: meeting.meetingId, customId }, access);
    if (claim.created) {
      ctx.audit({ event: 'room.created', provider: 'videosdk', room: meeting.meetingId, customId, access: claim.record.access });
    }
    return { ...meeting, room: toRoom(claim.record) };
  }

  @RateLimited()
  @IssuesCredential()
  @Mutation(() => VideoSdkToken, {
    description: 'Sign a VideoSDK participant token for a meeting, as the caller. The meeting owner gets the policy owner role.',
  })
  async issueVideoSdkToken(
    @Arg('input', () => IssueVideoSdkTokenInput) input: IssueVideoSdkTokenInput,
    @CurrentUser() user: AuthenticatedUser,
    @Ctx() ctx: Context,
  ): Promise<VideoSdkToken> {
    const videosdk = ctx.dataSources.videosdk();
    const { policy, rooms } = ctx.services;
    const decision = await rooms.authorizeJoin(user, 'videosdk', input.meetingId);
    const { owner } = decision;
    const permissions = policy.videoSdkPermissions(user, input.permissions, roomScope(decision, input.meetingId));
    const ttlSeconds = policy.ttlSeconds('videosdk', input.ttlSeconds);
    const { token, expiresAt } = await videosdk.issueParticipantToken({
      meetingId: input.meetingId,
      participantId: user.id,
      permissions,
      ttlSeconds,
    });
    ctx.audit({ event: 'credential.issued', provider: 'videosdk', room: input.meetingId, owner, permissions, ttlSeconds });
    return { token, participantId: user.id, meetingId: input.meetingId, permissions, expiresAt };
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
    const record = await ctx.services.rooms.view(user, 'videosdk', meeting.meetingId);
    return record ? toRoom(record) : null;
  }
}
