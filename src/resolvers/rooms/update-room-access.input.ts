import { ValidateNested } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { IsRoomName } from '../../schema/validators.js';
import { RoomAccessInput } from './room-access.input.js';
import { RoomProviderEnum } from './room.type.js';

@InputType()
export class UpdateRoomAccessInput {
  @Field(() => RoomProviderEnum) provider!: RoomProviderEnum;

  @Field({ description: 'The session id, meetingId or customMeetingId.' })
  @IsRoomName()
  roomId!: string;

  @Field(() => RoomAccessInput)
  @ValidateNested()
  access!: RoomAccessInput;
}
