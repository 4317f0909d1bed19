import { ArrayMaxSize, IsOptional, Length, ValidateNested } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { IsIdentity } from '../../schema/validators.js';
import { MAX_ALLOWED_ROLES, MAX_ALLOWED_USER_IDS } from '../../rooms/room-store.js';
import { RoomAccessModeEnum } from './room.type.js';

@InputType({ description: 'Who besides the owner may join. OPEN takes no lists; RESTRICTED with empty lists admits only the owner.' })
export class RoomAccessInput {
  @Field(() => RoomAccessModeEnum) mode!: RoomAccessModeEnum;

  @Field(() => [String], { nullable: true, description: `Caller ids let in (at most ${MAX_ALLOWED_USER_IDS}).` })
  @IsOptional()
  @ArrayMaxSize(MAX_ALLOWED_USER_IDS)
  @IsIdentity({ each: true })
  allowedUserIds?: string[];

  @Field(() => [String], { nullable: true, description: `Caller roles let in (at most ${MAX_ALLOWED_ROLES}).` })
  @IsOptional()
  @ArrayMaxSize(MAX_ALLOWED_ROLES)
  @Length(1, 64, { each: true, message: 'allowedRoles entries must be 1-64 characters' })
  allowedRoles?: string[];
}

/** The input as the room service takes it: lists always present. */
export function toRoomAccess(input: RoomAccessInput | null | undefined) {
  if (!input) return null;
  return { mode: input.mode, allowedUserIds: input.allowedUserIds ?? [], allowedRoles: input.allowedRoles ?? [] };
}

/** The optional `access` field of createSession and createMeeting. */
export function CreateAccessField(): PropertyDecorator {
  return (target, property) => {
    Field(() => RoomAccessInput, {
      nullable: true,
      description: 'Who besides you (the owner) may join; OPEN when unset. Only the owner may set it.',
    })(target, property);
    IsOptional()(target, property as string);
    ValidateNested()(target, property as string);
  };
}
