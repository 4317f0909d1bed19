import { IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { CreateAccessField, type RoomAccessInput } from '../rooms/room-access.input.js';
import { IsRoomName } from '../../schema/validators.js';
import { MeetingAutoCloseType } from './meeting.type.js';

@InputType()
export class MeetingAutoCloseInput {
  @Field(() => MeetingAutoCloseType) type!: MeetingAutoCloseType;

  @Field(() => Int, { description: 'Minutes after which the running session ends (1-1440).' })
  @IsInt()
  @Min(1)
  @Max(1440)
  durationMinutes!: number;
}

@InputType()
export class CreateMeetingInput {
  @Field({ nullable: true, description: 'Your own meeting id: 1-64 of A-Z a-z 0-9 _ -. Reusing one returns that meeting.' })
  @IsOptional()
  @IsRoomName()
  customMeetingId?: string;

  @Field(() => MeetingAutoCloseInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  autoClose?: MeetingAutoCloseInput;

  @CreateAccessField()
  access?: RoomAccessInput;
}
