import { Field, InputType } from 'type-graphql';
import { IsIdentity, IsRoomName } from '../../schema/validators.js';
import { RoomProviderEnum } from './room.type.js';

@InputType()
export class TransferRoomOwnershipInput {
  @Field(() => RoomProviderEnum) provider!: RoomProviderEnum;

  @Field({ description: 'The session id, meetingId or customMeetingId.' })
  @IsRoomName()
  roomId!: string;

  @Field({ description: 'The caller id (token subject) of the new owner.' })
  @IsIdentity()
  newOwnerId!: string;
}
