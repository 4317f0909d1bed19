import { Field, ObjectType, registerEnumType } from 'type-graphql';
import type { ModerationParticipant, ModerationTrack } from '../../providers/moderation.types.js';
import { ProviderEnum } from '../provider.enum.js';

export enum TrackKindEnum {
  AUDIO = 'audio',
  VIDEO = 'video',
  DATA = 'data',
}
registerEnumType(TrackKindEnum, { name: 'TrackKind', description: 'What a published track carries.' });

export enum TrackSourceEnum {
  CAMERA = 'camera',
  MICROPHONE = 'microphone',
  SCREEN_SHARE = 'screen_share',
  SCREEN_SHARE_AUDIO = 'screen_share_audio',
  UNKNOWN = 'unknown',
}
registerEnumType(TrackSourceEnum, {
  name: 'TrackSource',
  description: 'Where a published track comes from, as the provider reports it (UNKNOWN when it does not say).',
});

export enum TrackModerationEffectEnum {
  MUTED = 'muted',
  UNMUTED = 'unmuted',
  UNPUBLISHED = 'unpublished',
}
registerEnumType(TrackModerationEffectEnum, {
  name: 'TrackModerationEffect',
  description: 'What muteParticipantTrack did on the provider.',
  valuesConfig: {
    MUTED: { description: 'LiveKit muted the track; it stays published and the participant can unmute it from the client.' },
    UNMUTED: { description: "LiveKit unmuted the track (only when the server allows remote unmute)." },
    UNPUBLISHED: { description: 'OpenVidu 2 unpublished the whole stream (audio and video together); the participant stays and may publish again.' },
  },
});

@ObjectType({ description: 'A track a participant publishes.' })
export class ParticipantTrack {
  @Field({ description: 'The id muteParticipantTrack takes: the LiveKit track sid, the OpenVidu stream id (shared by its audio and video).' })
  id!: string;
  @Field(() => TrackKindEnum, { description: 'Audio, video or data.' }) kind!: TrackKindEnum;
  @Field(() => TrackSourceEnum, { description: 'Camera, microphone, screen share, ...' }) source!: TrackSourceEnum;
  @Field({ description: 'Whether the track is muted (OpenVidu: the publisher turned that kind off).' }) muted!: boolean;
}

@ObjectType({ description: 'Someone in a room now, as the provider reports them.' })
export class Participant {
  @Field({
    description: 'The id removeParticipant and muteParticipantTrack take: the LiveKit identity (the caller id of its token), the OpenVidu connection id, the VideoSDK participant id.',
  })
  id!: string;
  @Field(() => String, { nullable: true, description: 'The display name, when the provider has one.' }) name!: string | null;
  @Field(() => Date, { nullable: true, description: 'When the participant joined, when the provider says.' }) joinedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'The role in the room where the provider has one (OpenVidu: SUBSCRIBER, PUBLISHER, MODERATOR); null otherwise.' })
  role!: string | null;
  @Field(() => [ParticipantTrack], { description: 'The published tracks, where the provider reports them (empty otherwise).' })
  tracks!: ParticipantTrack[];
}

@ObjectType({ description: 'The participant removeParticipant disconnected.' })
export class RemoveParticipantPayload {
  @Field(() => ProviderEnum, { description: 'The provider of the room.' }) provider!: ProviderEnum;
  @Field({ description: "The provider's id of the room (a VideoSDK custom meeting id resolved to the meetingId)." }) roomId!: string;
  @Field({ description: 'The participant removed. They may join again with a credential that is still valid.' }) participantId!: string;
}

@ObjectType({ description: 'What muteParticipantTrack did.' })
export class MuteParticipantTrackPayload {
  @Field(() => ProviderEnum, { description: 'The provider of the room.' }) provider!: ProviderEnum;
  @Field({ description: "The provider's id of the room." }) roomId!: string;
  @Field({ description: 'The participant whose track it is.' }) participantId!: string;
  @Field({ description: 'The track (LiveKit track sid, OpenVidu stream id).' }) trackId!: string;
  @Field({ description: 'The state asked for.' }) muted!: boolean;
  @Field(() => TrackModerationEffectEnum, { description: 'What the provider did: MUTED, UNMUTED, or UNPUBLISHED (OpenVidu).' })
  effect!: TrackModerationEffectEnum;
  @Field(() => ParticipantTrack, { nullable: true, description: 'The track as the provider reports it now; null when it was unpublished.' })
  track!: ParticipantTrack | null;
}

@ObjectType({ description: 'The room endRoom ended.' })
export class EndRoomPayload {
  @Field(() => ProviderEnum, { description: 'The provider of the room.' }) provider!: ProviderEnum;
  @Field({ description: "The provider's id of the room." }) roomId!: string;
  @Field({ description: 'When the provider confirmed the end. A LiveKit room is created again when someone joins with a valid token.' })
  endedAt!: Date;
}

export function toParticipantTrack(track: ModerationTrack): ParticipantTrack {
  return { id: track.id, kind: track.kind as TrackKindEnum, source: track.source as TrackSourceEnum, muted: track.muted };
}

export function toParticipant(participant: ModerationParticipant): Participant {
  return { ...participant, tracks: participant.tracks.map(toParticipantTrack) };
}
