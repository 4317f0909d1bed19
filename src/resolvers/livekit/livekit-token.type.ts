import { Field, ObjectType, registerEnumType } from 'type-graphql';

export enum LivekitTrackSourceEnum {
  CAMERA = 'camera',
  MICROPHONE = 'microphone',
  SCREEN_SHARE = 'screen_share',
  SCREEN_SHARE_AUDIO = 'screen_share_audio',
}
registerEnumType(LivekitTrackSourceEnum, { name: 'LivekitTrackSource' });

@ObjectType({ description: 'The grants written into a LiveKit token, all explicit.' })
export class LivekitGrants {
  @Field() canPublish!: boolean;
  @Field() canSubscribe!: boolean;
  @Field() canPublishData!: boolean;
  @Field(() => [LivekitTrackSourceEnum], {
    description: 'The sources the token allows publishing from: all four when it sets no source restriction, none (empty) when canPublish is false.',
  })
  canPublishSources!: LivekitTrackSourceEnum[];
  @Field() canUpdateOwnMetadata!: boolean;
  @Field() hidden!: boolean;
  @Field() roomAdmin!: boolean;
  @Field() roomRecord!: boolean;
}

@ObjectType({ description: 'A LiveKit join token for one room and the caller.' })
export class LivekitToken {
  @Field({ description: 'The JWT to pass to the LiveKit client SDK.' })
  token!: string;
  @Field({ description: 'The participant identity: always the caller id.' })
  identity!: string;
  @Field() name!: string;
  @Field() roomName!: string;
  @Field({ description: 'The LiveKit server URL the client connects to.' })
  serverUrl!: string;
  @Field() expiresAt!: Date;
  @Field(() => LivekitGrants) grants!: LivekitGrants;
}
