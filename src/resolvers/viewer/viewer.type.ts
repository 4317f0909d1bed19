import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'The authenticated caller, as the gateway sees them.' })
export class Viewer {
  @Field({ description: 'The caller id (the token subject); the identity in every credential.' })
  id!: string;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => [String])
  roles!: string[];

  @Field({ description: 'When the caller token expires.' })
  tokenExpiresAt!: Date;
}
