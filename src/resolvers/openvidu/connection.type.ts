import { Field, ObjectType } from 'type-graphql';
import { OpenViduRoleEnum } from './session.type.js';

@ObjectType({ description: 'An OpenVidu connection: a single-use token for one browser to join a session.' })
export class OpenViduConnection {
  @Field() id!: string;
  @Field() sessionId!: string;
  @Field({ description: 'The wss:// URL to hand to openvidu-browser unchanged. Single use.' })
  token!: string;
  @Field(() => OpenViduRoleEnum) role!: string;
  @Field() record!: boolean;
  @Field({ description: 'Server data other participants see; written by the gateway, names the caller.' })
  data!: string;
  @Field() createdAt!: Date;
}
