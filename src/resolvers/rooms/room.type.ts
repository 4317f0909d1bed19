import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { liveStatus, type RoomLiveState } from '../../rooms/room-live-state.js';
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

export enum RoomLiveStatusEnum {
  NOT_STARTED = 'NOT_STARTED',
  LIVE = 'LIVE',
  FINISHED = 'FINISHED',
}
registerEnumType(RoomLiveStatusEnum, {
  name: 'RoomLiveStatus',
  description: "Where the room is in its life, as the provider's webhooks reported it.",
  valuesConfig: {
    NOT_STARTED: { description: 'No webhook has said the room started (or webhooks are not configured).' },
    LIVE: { description: 'The room started and has not finished.' },
    FINISHED: { description: 'The room finished; a later event of the same life never reopens it, a new life does.' },
  },
});

@ObjectType('RoomLiveState', {
  description:
    "What the provider's webhooks said about the room since the gateway created it. Only webhooks delivered to this gateway count; without them the room stays NOT_STARTED.",
})
export class RoomLiveStateType {
  @Field(() => RoomLiveStatusEnum) state!: RoomLiveStatusEnum;
  @Field(() => Date, { nullable: true, description: 'When the current life of the room started (its first start or join event); null before.' })
  startedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the current life of the room finished; null while it has not.' })
  finishedAt!: Date | null;
  @Field(() => Int, { description: 'Participants in the room now: joined and not yet left; 0 once finished. Repeated deliveries count once.' })
  participantCount!: number;
}

export function toRoomLiveState(live: RoomLiveState): RoomLiveStateType {
  return {
    state: liveStatus(live) as RoomLiveStatusEnum,
    startedAt: live.startedAt === null ? null : new Date(live.startedAt),
    finishedAt: live.finishedAt === null ? null : new Date(live.finishedAt),
    participantCount: live.participantCount,
  };
}

/** The GraphQL `RoomAccess` object (the rooms module's `RoomAccess` is the stored setting it shows). */
@ObjectType('RoomAccess', { description: 'Who besides the owner may get credentials for a room.' })
export class RoomAccessType {
  @Field(() => RoomAccessModeEnum) mode!: RoomAccessModeEnum;
  @Field(() => [String], { description: 'Caller ids (token subjects) let into a RESTRICTED room.' }) allowedUserIds!: string[];
  @Field(() => [String], { description: 'Caller roles let into a RESTRICTED room.' }) allowedRoles!: string[];
}

@ObjectType({ description: "The gateway's record of a session or meeting it created: owner, access and live state." })
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
