import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Room } from '../rooms/room.type.js';

export enum VideoSdkPermissionEnum {
  ALLOW_JOIN = 'allow_join',
  ASK_JOIN = 'ask_join',
  ALLOW_MOD = 'allow_mod',
}
export enum MeetingAutoCloseType {
  SESSION_ENDS = 'session-ends',
  SESSION_END_AND_DEACTIVATE = 'session-end-and-deactivate',
}
registerEnumType(VideoSdkPermissionEnum, { name: 'VideoSdkPermission' });
registerEnumType(MeetingAutoCloseType, { name: 'MeetingAutoCloseType' });

@ObjectType({ description: 'A VideoSDK meeting (a v2 room).' })
export class Meeting {
  @Field({ description: 'The id clients join with.' }) meetingId!: string;
  @Field(() => String, { nullable: true }) customMeetingId!: string | null;
  @Field() disabled!: boolean;
  @Field(() => Date, { nullable: true }) createdAt!: Date | null;
  @Field(() => MeetingAutoCloseType, { nullable: true }) autoCloseType!: string | null;
  @Field(() => Int, { nullable: true }) autoCloseMinutes!: number | null;
  /** Set by createMeeting, which already holds the record; `MeetingRoomResolver` reads it otherwise. */
  room?: Room | null;
}

@ObjectType({
  description: 'Whether a meeting id can be joined. An unknown id is valid: false, not an error; so is a meeting you may not join.',
})
export class MeetingValidation {
  @Field() meetingId!: string;
  @Field() valid!: boolean;
  @Field() disabled!: boolean;
  @Field(() => Meeting, { nullable: true }) meeting!: Meeting | null;
}

@ObjectType({ description: 'A VideoSDK participant token bound to one meeting and the caller.' })
export class VideoSdkToken {
  @Field() token!: string;
  @Field({ description: 'Always the caller id.' }) participantId!: string;
  @Field({ description: "The meetingId clients join with (a custom id asked for is resolved to it); the token's roomId." })
  meetingId!: string;
  @Field(() => [VideoSdkPermissionEnum]) permissions!: string[];
  @Field() expiresAt!: Date;
}
