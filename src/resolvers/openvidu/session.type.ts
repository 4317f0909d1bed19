import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Room } from '../rooms/room.type.js';

export enum OpenViduMediaMode {
  ROUTED = 'ROUTED',
}
export enum OpenViduRecordingMode {
  MANUAL = 'MANUAL',
  ALWAYS = 'ALWAYS',
}
export enum OpenViduVideoCodec {
  MEDIA_SERVER_PREFERRED = 'MEDIA_SERVER_PREFERRED',
  NONE = 'NONE',
  VP8 = 'VP8',
  VP9 = 'VP9',
  H264 = 'H264',
}
export enum OpenViduRoleEnum {
  SUBSCRIBER = 'SUBSCRIBER',
  PUBLISHER = 'PUBLISHER',
  MODERATOR = 'MODERATOR',
}
registerEnumType(OpenViduMediaMode, { name: 'OpenViduMediaMode' });
registerEnumType(OpenViduRecordingMode, { name: 'OpenViduRecordingMode' });
registerEnumType(OpenViduVideoCodec, { name: 'OpenViduVideoCodec' });
registerEnumType(OpenViduRoleEnum, { name: 'OpenViduRole' });

@ObjectType({ description: 'An OpenVidu 2 session (a room).' })
export class OpenViduSession {
  @Field() id!: string;
  @Field() createdAt!: Date;
  @Field(() => OpenViduMediaMode) mediaMode!: string;
  @Field(() => OpenViduRecordingMode) recordingMode!: string;
  @Field(() => String, { nullable: true }) forcedVideoCodec!: string | null;
  @Field() allowTranscoding!: boolean;
  @Field({ description: 'True when a session with this custom id already existed and was returned as is.' })
  alreadyExisted!: boolean;
  @Field(() => Room, { description: 'Who owns the session (the first caller to create it through the gateway) and who may join.' })
  room!: Room;
}
