import { IsBoolean } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { IsProviderId, IsRoomName } from '../../schema/validators.js';
import { ProviderEnum } from '../provider.enum.js';

const ROOM_ID = 'The LiveKit room name, OpenVidu session id, or VideoSDK meetingId or customMeetingId.';

@InputType({ description: 'The room to end.' })
export class EndRoomInput {
  @Field(() => ProviderEnum, { description: 'The provider of the room.' }) provider!: ProviderEnum;

  @Field({ description: ROOM_ID })
  @IsRoomName()
  roomId!: string;
}

@InputType({ description: 'The participant to remove.' })
export class RemoveParticipantInput extends EndRoomInput {
  @Field({ description: 'The participant id from roomParticipants: LiveKit identity, OpenVidu connection id, VideoSDK participant id.' })
  @IsProviderId()
  participantId!: string;
}

@InputType({ description: 'The track to mute, and whether to mute or unmute it.' })
export class MuteParticipantTrackInput extends RemoveParticipantInput {
  @Field({ description: "The track id from the participant's tracks: LiveKit track sid, OpenVidu stream id." })
  @IsProviderId()
  trackId!: string;

  @Field({ description: 'true mutes; false unmutes (LiveKit only, and only when its server allows remote unmute).' })
  @IsBoolean()
  muted!: boolean;
}
