import { Field, ObjectType, registerEnumType } from 'type-graphql';
import type { RoomRecord } from '../../rooms/room-store.js';

export enum RoomProviderEnum {
  OPENVIDU = 'openvidu',
  VIDEOSDK = 'videosdk',
}
export enum RoomAccessModeEnum {
  OPEN = 'OPEN',
  RESTRICTED = 'RESTRICTED',
}
registerEnumType(RoomProviderEnum, {
  name: 'RoomProvider',
  description: 'Providers whose rooms the gateway creates and records an owner for (LiveKit rooms have none).',
});
registerEnumType(RoomAccessModeEnum, {
  name: 'RoomAccessMode',
  valuesConfig: {
    OPEN: { description: 'Anyone the policy lets join may get credentials.' },
    RESTRICTED: { description: 'Only the owner and the listed caller ids and roles.' },
  },
});

/** The GraphQL `RoomAccess` object (the rooms module's `RoomAccess` is the stored setting it shows). */
@ObjectType('RoomAccess', { description: 'Who besides the owner may get credentials for a room.' })
export class RoomAccessType {
  @Field(() => RoomAccessModeEnum) mode!: RoomAccessModeEnum;
  @Field(() => [String], { description: 'Caller ids (token subjects) let into a RESTRICTED room.' }) allowedUserIds!: string[];
  @Field(() => [String], { description: 'Caller roles let into a RESTRICTED room.' }) allowedRoles!: string[];
}

@ObjectType({ description: "The gateway's record of a session or meeting it created: owner and access." })
export class Room {
  @Field(() => RoomProviderEnum) provider!: RoomProviderEnum;
  @Field({ description: 'The provider id: OpenVidu session id, VideoSDK meetingId.' }) roomId!: string;
  @Field(() => String, { nullable: true, description: 'The VideoSDK customMeetingId the room is also known by.' })
  customId!: string | null;
  @Field({ description: 'The caller id of the owner, who gets the policy owner role in this room.' }) ownerId!: string;
  @Field(() => RoomAccessType) access!: RoomAccessType;
  @Field() createdAt!: Date;
  @Field({ description: 'When the gateway forgets this record (and so the ownership).' }) expiresAt!: Date;
}

export function toRoom(record: RoomRecord): Room {
  return {
    provider: record.provider as RoomProviderEnum,
    roomId: record.roomId,
    customId: record.customId,
    ownerId: record.ownerId,
    access: {
      mode: record.access.mode as RoomAccessModeEnum,
      allowedUserIds: record.access.allowedUserIds,
      allowedRoles: record.access.allowedRoles,
    },
    createdAt: new Date(record.createdAt),
    expiresAt: new Date(record.expiresAt),
  };
}
