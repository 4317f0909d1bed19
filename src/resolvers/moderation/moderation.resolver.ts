import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import type { Context } from '../../context/context.js';
import { CurrentUser } from '../../context/current-user.decorator.js';
import { CredentialField } from '../../schema/credential-field.js';
import { assertRoomNameArgument } from '../../schema/validators.js';
import { ProviderEnum } from '../provider.enum.js';
import { EndRoomInput, MuteParticipantTrackInput, RemoveParticipantInput } from './moderation.input.js';
import {
  EndRoomPayload,
  MuteParticipantTrackPayload,
  Participant,
  RemoveParticipantPayload,
  toParticipant,
  toParticipantTrack,
  TrackModerationEffectEnum,
} from './moderation.type.js';

/** Rate-limit points: a read costs one, an action that changes a live room two. */
const READ_POINTS = 1;
const ACTION_POINTS = 2;

const WHO =
  "For the room's owner and for callers whose roles have the policy's `moderate` permission for the room (LiveKit rooms have no owner); anyone else gets the NOT_FOUND an unknown room gets.";

@Authorized()
@Resolver()
export class ModerationResolver {
  @CredentialField({ provider: 'argument', points: READ_POINTS })
  @Query(() => [Participant], {
    description: `Who is in the room now, from the provider; empty when nobody is (or no session is live). ${WHO}`,
  })
  async roomParticipants(
    @Arg('provider', () => ProviderEnum, { description: 'The provider of the room.' }) provider: ProviderEnum,
    @Arg('roomId', { description: 'The LiveKit room name, OpenVidu session id, or VideoSDK meetingId or customMeetingId.' }) roomId: string,
    @CurrentUser() user: AuthenticatedUser,
    @Ctx() ctx: Context,
  ): Promise<Participant[]> {
    assertRoomNameArgument(roomId, 'roomId');
    const { participants } = await ctx.credentials.moderation.participants(user, { provider, roomId }, ctx.scope);
    return participants.map(toParticipant);
  }

  @CredentialField({ provider: 'argument', points: ACTION_POINTS })
  @Mutation(() => RemoveParticipantPayload, {
    description: `Disconnect a participant from the room (LiveKit RemoveParticipant, OpenVidu force-disconnect, VideoSDK remove). They may join again with a credential that is still valid. ${WHO}`,
  })
  async removeParticipant(
    @Arg('input', () => RemoveParticipantInput) input: RemoveParticipantInput,
    @CurrentUser() user: AuthenticatedUser,
    @Ctx() ctx: Context,
  ): Promise<RemoveParticipantPayload> {
    const removed = await ctx.credentials.moderation.removeParticipant(user, input, ctx.scope);
    return { provider: input.provider, ...removed };
  }

  @CredentialField({ provider: 'argument', points: ACTION_POINTS })
  @Mutation(() => MuteParticipantTrackPayload, {
    description: `Mute (or unmute) a participant's published track. LiveKit mutes the track (MutePublishedTrack); unmuting needs the LiveKit server to allow remote unmute (BAD_USER_INPUT otherwise). OpenVidu 2 has no mute: it force-unpublishes the participant's whole stream (audio and video together; effect UNPUBLISHED), and muted: false is NOT_SUPPORTED. VideoSDK has no server call for it: NOT_SUPPORTED. ${WHO}`,
  })
  async muteParticipantTrack(
    @Arg('input', () => MuteParticipantTrackInput) input: MuteParticipantTrackInput,
    @CurrentUser() user: AuthenticatedUser,
    @Ctx() ctx: Context,
  ): Promise<MuteParticipantTrackPayload> {
    const result = await ctx.credentials.moderation.muteTrack(user, input, ctx.scope);
    return {
      provider: input.provider,
      ...result,
      effect: result.effect as TrackModerationEffectEnum,
      track: result.track ? toParticipantTrack(result.track) : null,
    };
  }

  @CredentialField({ provider: 'argument', points: ACTION_POINTS })
  @Mutation(() => EndRoomPayload, {
    description: `End the room's live session for everyone (LiveKit DeleteRoom, OpenVidu session close, VideoSDK end session). LiveKit and OpenVidu answer NOT_FOUND when the room is not live (also on a repeat); a VideoSDK meeting without a live session is already ended (a success), and stays usable for a new session. ${WHO}`,
  })
  async endRoom(
    @Arg('input', () => EndRoomInput) input: EndRoomInput,
    @CurrentUser() user: AuthenticatedUser,
    @Ctx() ctx: Context,
  ): Promise<EndRoomPayload> {
    const ended = await ctx.credentials.moderation.endRoom(user, input, ctx.scope);
    return { provider: input.provider, ...ended };
  }
}
