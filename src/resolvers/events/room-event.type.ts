import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ROOM_EVENT_TYPES, type RoomEvent as RoomEventRecord } from '../../events/room-event.js';
import { ProviderEnum } from '../provider.enum.js';

/** The GraphQL enum of room event types, built from the one list in src/events/room-event.ts. */
export const RoomEventTypeEnum = Object.fromEntries(ROOM_EVENT_TYPES.map((t) => [t, t])) as { [K in (typeof ROOM_EVENT_TYPES)[number]]: K };
registerEnumType(RoomEventTypeEnum, {
  name: 'RoomEventType',
  description: 'What happened in the room.',
  valuesConfig: {
    ROOM_STARTED: { description: 'The room (a life of it) started.' },
    ROOM_FINISHED: { description: 'The room ended for everyone.' },
    PARTICIPANT_JOINED: { description: 'A participant joined; `participant` says who.' },
    PARTICIPANT_LEFT: { description: 'A participant left; `participant` says who.' },
    TRACK_PUBLISHED: { description: 'A participant published a track.' },
    TRACK_UNPUBLISHED: { description: 'A participant stopped publishing a track.' },
    RECORDING_STARTED: { description: 'A recording of the room started.' },
    RECORDING_STOPPED: { description: 'A recording of the room stopped.' },
  },
});

@ObjectType({ description: 'Who a room event is about.' })
export class RoomEventParticipant {
  @Field({ description: 'LiveKit identity, OpenVidu connection id, VideoSDK participant id.' }) id!: string;
  @Field(() => String, { nullable: true, description: 'The display name, when the provider sends one.' }) name!: string | null;
}

@ObjectType({ description: 'One thing that happened in a room, as the provider reported it by webhook, in the same shape for every provider.' })
export class RoomEvent {
  @Field(() => ID, { description: 'Stable per provider event: a retried delivery keeps its id.' }) id!: string;
  @Field(() => ProviderEnum) provider!: ProviderEnum;
  @Field({ description: "The provider's room id: LiveKit room name, OpenVidu session id, VideoSDK meetingId." }) roomId!: string;
  @Field(() => RoomEventTypeEnum) type!: RoomEventRecord['type'];
  @Field(() => RoomEventParticipant, { nullable: true, description: 'Who joined, left or published; null for room and recording events.' })
  participant!: RoomEventParticipant | null;
  @Field({ description: 'When the provider says it happened, or when the gateway received it if the provider does not say.' }) occurredAt!: Date;
}

export function toRoomEvent(event: RoomEventRecord): RoomEvent {
  return {
    id: event.id,
    provider: event.provider as ProviderEnum,
    roomId: event.roomId,
    type: event.type,
    participant: event.participant ? { id: event.participant.id, name: event.participant.name ?? null } : null,
    occurredAt: new Date(event.occurredAt),
  };
}
