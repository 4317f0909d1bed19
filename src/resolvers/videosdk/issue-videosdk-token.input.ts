import { ArrayMaxSize, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { IsRoomName } from '../../schema/validators.js';
import { VideoSdkPermissionEnum } from './meeting.type.js';

@InputType()
export class IssueVideoSdkTokenInput {
  @Field({ description: 'The meetingId or custom meeting id; the token is bound to the meetingId it names (unknown: NOT_FOUND).' })
  @IsRoomName()
  meetingId!: string;

  @Field(() => [VideoSdkPermissionEnum], {
    nullable: true,
    description: 'Defaults to the policy permissions for your roles. ask_join cannot be combined with others.',
  })
  @IsOptional()
  @ArrayMaxSize(3)
  permissions?: VideoSdkPermissionEnum[];

  @Field(() => Int, { nullable: true, description: 'Token lifetime in seconds; capped at the policy maximum.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(86_400)
  ttlSeconds?: number;
}
