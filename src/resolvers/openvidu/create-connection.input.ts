import { IsOptional } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { IsRoomName } from '../../schema/validators.js';
import { OpenViduRoleEnum } from './session.type.js';

@InputType()
export class CreateConnectionInput {
  @Field()
  @IsRoomName()
  sessionId!: string;

  @Field(() => OpenViduRoleEnum, { nullable: true, description: 'Defaults to the policy role for your roles.' })
  @IsOptional()
  role?: OpenViduRoleEnum;

  @Field({ nullable: true, description: 'Whether this connection is recorded (INDIVIDUAL recording).' })
  @IsOptional()
  record?: boolean;
}
