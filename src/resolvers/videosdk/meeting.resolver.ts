import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import type { Context } from '../../context/context.js';
import { CurrentUser } from '../../context/current-user.decorator.js';
import { IssuesCredential } from '../shared/issues-credential.decorator.js';
import { BadUserInputError } from '../../errors/gateway-errors.js';
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

  @Mutation(() => Meeting, { description: 'Create a VideoSDK meeting, or return the one with this custom id.' })
  async createMeeting(
    @Arg('input', () => CreateMeetingInput, { nullable: true }) input: CreateMeetingInput | null | undefined,
    @CurrentUser() _user: AuthenticatedUser,
    @Ctx() ctx: Context,
  ): Promise<Meeting> {
    const videosdk = ctx.dataSources.videosdk();
    return videosdk.createMeeting({
      customRoomId: input?.customMeetingId,
      autoCloseConfig: input?.autoClose ? { type: input.autoClose.type, duration: input.autoClose.durationMinutes } : undefined,
    });
  }

  @IssuesCredential()
  @Mutation(() => VideoSdkToken, { description: 'Sign a VideoSDK participant token for a meeting, as the caller.' })
  async issueVideoSdkToken(
    @Arg('input', () => IssueVideoSdkTokenInput) input: IssueVideoSdkTokenInput,
    @CurrentUser() user: AuthenticatedUser,
    @Ctx() ctx: Context,
  ): Promise<VideoSdkToken> {
    const videosdk = ctx.dataSources.videosdk();
    const { policy } = ctx.services;
    const permissions = policy.videoSdkPermissions(user, input.permissions);
    const ttlSeconds = policy.ttlSeconds('videosdk', input.ttlSeconds);
    const { token, expiresAt } = await videosdk.issueParticipantToken({
      meetingId: input.meetingId,
      participantId: user.id,
      permissions,
      ttlSeconds,
    });
    return { token, participantId: user.id, meetingId: input.meetingId, permissions, expiresAt };
  }
}
