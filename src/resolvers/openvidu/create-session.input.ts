import { IsOptional } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { CreateAccessField, type RoomAccessInput } from '../rooms/room-access.input.js';
import { IsRoomName } from '../../schema/validators.js';
import { OpenViduMediaMode, OpenViduRecordingMode, OpenViduVideoCodec } from './session.type.js';

@InputType()
export class CreateSessionInput {
  @Field({ nullable: true, description: 'Your own session id: 1-64 of A-Z a-z 0-9 _ -. Reusing one returns that session.' })
  @IsOptional()
  @IsRoomName()
  customSessionId?: string;

  @Field(() => OpenViduMediaMode, { nullable: true }) @IsOptional() mediaMode?: OpenViduMediaMode;
  @Field(() => OpenViduRecordingMode, { nullable: true }) @IsOptional() recordingMode?: OpenViduRecordingMode;
  @Field(() => OpenViduVideoCodec, { nullable: true }) @IsOptional() forcedVideoCodec?: OpenViduVideoCodec;
  @Field({ nullable: true }) @IsOptional() allowTranscoding?: boolean;

  @CreateAccessField()
  access?: RoomAccessInput;
}
