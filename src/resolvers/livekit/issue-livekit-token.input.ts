import { ArrayMaxSize, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import {
  IsAttributeKey,
  IsAttributeValue,
  IsBoundedText,
  IsDisplayName,
  IsRoomName,
  MAX_ATTRIBUTE_VALUE_BYTES,
  MAX_METADATA_BYTES,
  MAX_PARTICIPANT_ATTRIBUTES,
} from '../../schema/validators.js';
import { LivekitTrackSourceEnum } from './livekit-token.type.js';

@InputType()
export class ParticipantAttributeInput {
  @Field({ description: '1-64 characters, no control characters; keys starting with "lk." are reserved by LiveKit and refused.' })
  @IsAttributeKey()
  key!: string;

  @Field({ description: 'At most 1 KiB, no control characters.' })
  @IsAttributeValue(MAX_ATTRIBUTE_VALUE_BYTES)
  value!: string;
}

@InputType({ description: 'Ask for a LiveKit token. Unset grants get the policy defaults for your roles.' })
export class IssueLivekitTokenInput {
  @Field({ description: 'Room name: 1-64 of A-Z a-z 0-9 _ -.' })
  @IsRoomName()
  roomName!: string;

  @Field({ nullable: true, description: 'Display name; defaults to your name from the caller token.' })
  @IsOptional()
  @IsDisplayName()
  participantName?: string;

  @Field({ nullable: true, description: 'Opaque participant metadata (at most 4 KiB).' })
  @IsOptional()
  @IsBoundedText(MAX_METADATA_BYTES)
  metadata?: string;

  @Field(() => [ParticipantAttributeInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX_PARTICIPANT_ATTRIBUTES)
  @ValidateNested({ each: true })
  attributes?: ParticipantAttributeInput[];

  @Field({ nullable: true }) @IsOptional() canPublish?: boolean;
  @Field({ nullable: true }) @IsOptional() canSubscribe?: boolean;
  @Field({ nullable: true }) @IsOptional() canPublishData?: boolean;

  @Field(() => [LivekitTrackSourceEnum], {
    nullable: true,
    description: 'At least one source; unset gets the policy default. To publish nothing, set canPublish to false.',
  })
  @IsOptional()
  @ArrayMaxSize(4)
  canPublishSources?: LivekitTrackSourceEnum[];

  @Field({ nullable: true }) @IsOptional() canUpdateOwnMetadata?: boolean;
  @Field({ nullable: true }) @IsOptional() hidden?: boolean;
  @Field({ nullable: true }) @IsOptional() roomAdmin?: boolean;
  @Field({ nullable: true }) @IsOptional() roomRecord?: boolean;

  @Field(() => Int, { nullable: true, description: 'Token lifetime in seconds; capped at the policy maximum.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(86_400)
  ttlSeconds?: number;
}
