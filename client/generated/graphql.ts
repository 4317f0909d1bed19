/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type CreateConnectionInput = {
  /** Whether this connection is recorded (INDIVIDUAL recording). */
  record?: boolean | null | undefined;
  /** Defaults to the policy role for your roles. */
  role?: OpenViduRole | null | undefined;
  sessionId: string;
};

export type CreateMeetingInput = {
  /** Who besides you (the owner) may join; OPEN when unset. Only the owner may set it. */
  access?: RoomAccessInput | null | undefined;
  autoClose?: MeetingAutoCloseInput | null | undefined;
  /** Your own meeting id: 1-64 of A-Z a-z 0-9 _ -. Reusing one returns that meeting. */
  customMeetingId?: string | null | undefined;
};

export type CreateSessionInput = {
  /** Who besides you (the owner) may join; OPEN when unset. Only the owner may set it. */
  access?: RoomAccessInput | null | undefined;
  allowTranscoding?: boolean | null | undefined;
  /** Your own session id: 1-64 of A-Z a-z 0-9 _ -. Reusing one returns that session. */
  customSessionId?: string | null | undefined;
  forcedVideoCodec?: OpenViduVideoCodec | null | undefined;
  mediaMode?: OpenViduMediaMode | null | undefined;
  recordingMode?: OpenViduRecordingMode | null | undefined;
};

/** The room to end. */
export type EndRoomInput = {
  /** The provider of the room. */
  provider: Provider;
  /** The LiveKit room name, OpenVidu session id, or VideoSDK meetingId or customMeetingId. */
  roomId: string;
};

/** Ask for a LiveKit token. Unset grants get the policy defaults for your roles. */
export type IssueLivekitTokenInput = {
  attributes?: Array<ParticipantAttributeInput> | null | undefined;
  canPublish?: boolean | null | undefined;
  canPublishData?: boolean | null | undefined;
  /** At least one source; unset gets the policy default. To publish nothing, set canPublish to false. */
  canPublishSources?: Array<LivekitTrackSource> | null | undefined;
  canSubscribe?: boolean | null | undefined;
  canUpdateOwnMetadata?: boolean | null | undefined;
  hidden?: boolean | null | undefined;
  /** Opaque participant metadata (at most 4 KiB). */
  metadata?: string | null | undefined;
  /** Display name; defaults to your name from the caller token. */
  participantName?: string | null | undefined;
  roomAdmin?: boolean | null | undefined;
  /** Room name: 1-64 of A-Z a-z 0-9 _ -. */
  roomName: string;
  roomRecord?: boolean | null | undefined;
  /** Token lifetime in seconds; capped at the policy maximum. */
  ttlSeconds?: number | null | undefined;
};

export type IssueVideoSdkTokenInput = {
  /** The meetingId or custom meeting id; the token is bound to the meetingId it names (unknown: NOT_FOUND). */
  meetingId: string;
  /** Defaults to the policy permissions for your roles. ask_join cannot be combined with others. */
  permissions?: Array<VideoSdkPermission> | null | undefined;
  /** Token lifetime in seconds; capped at the policy maximum. */
  ttlSeconds?: number | null | undefined;
};

export type LivekitTrackSource =
  | 'CAMERA'
  | 'MICROPHONE'
  | 'SCREEN_SHARE'
  | 'SCREEN_SHARE_AUDIO';

export type MeetingAutoCloseInput = {
  /** Minutes after which the running session ends (1-1440). */
  durationMinutes: number;
  type: MeetingAutoCloseType;
};

export type MeetingAutoCloseType =
  | 'SESSION_ENDS'
  | 'SESSION_END_AND_DEACTIVATE';

/** The track to mute, and whether to mute or unmute it. */
export type MuteParticipantTrackInput = {
  /** true mutes; false unmutes (LiveKit only, and only when its server allows remote unmute). */
  muted: boolean;
  /** The participant id from roomParticipants: LiveKit identity, OpenVidu connection id, VideoSDK participant id. */
  participantId: string;
  /** The provider of the room. */
  provider: Provider;
  /** The LiveKit room name, OpenVidu session id, or VideoSDK meetingId or customMeetingId. */
  roomId: string;
  /** The track id from the participant's tracks: LiveKit track sid, OpenVidu stream id. */
  trackId: string;
};

export type OpenViduMediaMode =
  | 'ROUTED';

export type OpenViduRecordingMode =
  | 'ALWAYS'
  | 'MANUAL';

export type OpenViduRole =
  | 'MODERATOR'
  | 'PUBLISHER'
  | 'SUBSCRIBER';

export type OpenViduVideoCodec =
  | 'H264'
  | 'MEDIA_SERVER_PREFERRED'
  | 'NONE'
  | 'VP8'
  | 'VP9';

export type ParticipantAttributeInput = {
  /** 1-64 characters, no control characters; keys starting with "lk." are reserved by LiveKit and refused. */
  key: string;
  /** At most 1 KiB, no control characters. */
  value: string;
};

/** A video provider the gateway reaches. */
export type Provider =
  | 'LIVEKIT'
  | 'OPENVIDU'
  | 'VIDEOSDK';

/** The participant to remove. */
export type RemoveParticipantInput = {
  /** The participant id from roomParticipants: LiveKit identity, OpenVidu connection id, VideoSDK participant id. */
  participantId: string;
  /** The provider of the room. */
  provider: Provider;
  /** The LiveKit room name, OpenVidu session id, or VideoSDK meetingId or customMeetingId. */
  roomId: string;
};

/** Who besides the owner may join. OPEN takes no lists; RESTRICTED with empty lists admits only the owner. */
export type RoomAccessInput = {
  /** Caller roles let in (at most 20). */
  allowedRoles?: Array<string> | null | undefined;
  /** Caller ids let in (at most 100). */
  allowedUserIds?: Array<string> | null | undefined;
  mode: RoomAccessMode;
};

export type RoomAccessMode =
  /** Anyone the policy lets join may get credentials. */
  | 'OPEN'
  /** Only the owner and the listed caller ids and roles. */
  | 'RESTRICTED';

/** What happened in the room. */
export type RoomEventType =
  /** A participant joined; `participant` says who. */
  | 'PARTICIPANT_JOINED'
  /** A participant left; `participant` says who. */
  | 'PARTICIPANT_LEFT'
  /** A recording of the room started. */
  | 'RECORDING_STARTED'
  /** A recording of the room stopped. */
  | 'RECORDING_STOPPED'
  /** The room ended for everyone. */
  | 'ROOM_FINISHED'
  /** The room (a life of it) started. */
  | 'ROOM_STARTED'
  /** A participant published a track. */
  | 'TRACK_PUBLISHED'
  /** A participant stopped publishing a track. */
  | 'TRACK_UNPUBLISHED';

/** Where the room is in its life, as the provider's webhooks reported it. */
export type RoomLiveStatus =
  /** The room finished; a later event of the same life never reopens it, a new life does. */
  | 'FINISHED'
  /** The room started and has not finished. */
  | 'LIVE'
  /** No webhook has said the room started (or webhooks are not configured). */
  | 'NOT_STARTED';

/** Providers whose rooms the gateway creates and records an owner for (LiveKit rooms have none). */
export type RoomProvider =
  | 'OPENVIDU'
  | 'VIDEOSDK';

/** What a published track carries. */
export type TrackKind =
  | 'AUDIO'
  | 'DATA'
  | 'VIDEO';

/** What muteParticipantTrack did on the provider. */
export type TrackModerationEffect =
  /** LiveKit muted the track; it stays published and the participant can unmute it from the client. */
  | 'MUTED'
  /** LiveKit unmuted the track (only when the server allows remote unmute). */
  | 'UNMUTED'
  /** OpenVidu 2 unpublished the whole stream (audio and video together); the participant stays and may publish again. */
  | 'UNPUBLISHED';

/** Where a published track comes from, as the provider reports it (UNKNOWN when it does not say). */
export type TrackSource =
  | 'CAMERA'
  | 'MICROPHONE'
  | 'SCREEN_SHARE'
  | 'SCREEN_SHARE_AUDIO'
  | 'UNKNOWN';

export type TransferRoomOwnershipInput = {
  /** The caller id (token subject) of the new owner. */
  newOwnerId: string;
  provider: RoomProvider;
  /** The session id, meetingId or customMeetingId. */
  roomId: string;
};

export type UpdateRoomAccessInput = {
  access: RoomAccessInput;
  provider: RoomProvider;
  /** The session id, meetingId or customMeetingId. */
  roomId: string;
};

export type VideoSdkPermission =
  | 'ALLOW_JOIN'
  | 'ALLOW_MOD'
  | 'ASK_JOIN';

export type IssueLivekitTokenMutationVariables = Exact<{
  input: IssueLivekitTokenInput;
}>;


export type IssueLivekitTokenMutation = { issueLivekitToken: { token: string, identity: string, name: string, roomName: string, serverUrl: string, expiresAt: string, grants: { canPublish: boolean, canSubscribe: boolean, canPublishData: boolean, canPublishSources: Array<LivekitTrackSource>, canUpdateOwnMetadata: boolean, hidden: boolean, roomAdmin: boolean, roomRecord: boolean } } };

export type ParticipantTrackFieldsFragment = { id: string, kind: TrackKind, source: TrackSource, muted: boolean };

export type RoomParticipantsQueryVariables = Exact<{
  provider: Provider;
  roomId: string;
}>;


export type RoomParticipantsQuery = { roomParticipants: Array<{ id: string, name: string | null, joinedAt: string | null, role: string | null, tracks: Array<{ id: string, kind: TrackKind, source: TrackSource, muted: boolean }> }> };

export type RemoveParticipantMutationVariables = Exact<{
  input: RemoveParticipantInput;
}>;


export type RemoveParticipantMutation = { removeParticipant: { provider: Provider, roomId: string, participantId: string } };

export type MuteParticipantTrackMutationVariables = Exact<{
  input: MuteParticipantTrackInput;
}>;


export type MuteParticipantTrackMutation = { muteParticipantTrack: { provider: Provider, roomId: string, participantId: string, trackId: string, muted: boolean, effect: TrackModerationEffect, track: { id: string, kind: TrackKind, source: TrackSource, muted: boolean } | null } };

export type EndRoomMutationVariables = Exact<{
  input: EndRoomInput;
}>;


export type EndRoomMutation = { endRoom: { provider: Provider, roomId: string, endedAt: string } };

export type CreateSessionMutationVariables = Exact<{
  input?: CreateSessionInput | null | undefined;
}>;


export type CreateSessionMutation = { createSession: { id: string, createdAt: string, mediaMode: OpenViduMediaMode, recordingMode: OpenViduRecordingMode, forcedVideoCodec: string | null, allowTranscoding: boolean, alreadyExisted: boolean, room: { provider: RoomProvider, roomId: string, customId: string | null, ownerId: string, createdAt: string, expiresAt: string, access: { mode: RoomAccessMode, allowedUserIds: Array<string>, allowedRoles: Array<string> } } } };

export type CreateConnectionMutationVariables = Exact<{
  input: CreateConnectionInput;
}>;


export type CreateConnectionMutation = { createConnection: { id: string, sessionId: string, token: string, role: OpenViduRole, record: boolean, data: string, createdAt: string } };

export type RoomEventsSubscriptionVariables = Exact<{
  provider: Provider;
  roomId: string;
}>;


export type RoomEventsSubscription = { roomEvents: { id: string, provider: Provider, roomId: string, type: RoomEventType, occurredAt: string, participant: { id: string, name: string | null } | null } };

export type RoomFieldsFragment = { provider: RoomProvider, roomId: string, customId: string | null, ownerId: string, createdAt: string, expiresAt: string, access: { mode: RoomAccessMode, allowedUserIds: Array<string>, allowedRoles: Array<string> } };

export type RoomQueryVariables = Exact<{
  provider: RoomProvider;
  roomId: string;
}>;


export type RoomQuery = { room: { provider: RoomProvider, roomId: string, customId: string | null, ownerId: string, createdAt: string, expiresAt: string, live: { state: RoomLiveStatus, startedAt: string | null, finishedAt: string | null, participantCount: number }, access: { mode: RoomAccessMode, allowedUserIds: Array<string>, allowedRoles: Array<string> } } | null };

export type UpdateRoomAccessMutationVariables = Exact<{
  input: UpdateRoomAccessInput;
}>;


export type UpdateRoomAccessMutation = { updateRoomAccess: { provider: RoomProvider, roomId: string, customId: string | null, ownerId: string, createdAt: string, expiresAt: string, access: { mode: RoomAccessMode, allowedUserIds: Array<string>, allowedRoles: Array<string> } } };

export type TransferRoomOwnershipMutationVariables = Exact<{
  input: TransferRoomOwnershipInput;
}>;


export type TransferRoomOwnershipMutation = { transferRoomOwnership: { provider: RoomProvider, roomId: string, customId: string | null, ownerId: string, createdAt: string, expiresAt: string, access: { mode: RoomAccessMode, allowedUserIds: Array<string>, allowedRoles: Array<string> } } };

export type CreateMeetingMutationVariables = Exact<{
  input?: CreateMeetingInput | null | undefined;
}>;


export type CreateMeetingMutation = { createMeeting: { meetingId: string, customMeetingId: string | null, disabled: boolean, createdAt: string | null, autoCloseType: MeetingAutoCloseType | null, autoCloseMinutes: number | null, room: { provider: RoomProvider, roomId: string, customId: string | null, ownerId: string, createdAt: string, expiresAt: string, access: { mode: RoomAccessMode, allowedUserIds: Array<string>, allowedRoles: Array<string> } } | null } };

export type ValidateMeetingQueryVariables = Exact<{
  meetingId: string;
}>;


export type ValidateMeetingQuery = { validateMeeting: { meetingId: string, valid: boolean, disabled: boolean, meeting: { meetingId: string, customMeetingId: string | null, room: { ownerId: string } | null } | null } };

export type IssueVideoSdkTokenMutationVariables = Exact<{
  input: IssueVideoSdkTokenInput;
}>;


export type IssueVideoSdkTokenMutation = { issueVideoSdkToken: { token: string, participantId: string, meetingId: string, permissions: Array<VideoSdkPermission>, expiresAt: string } };

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { viewer: { id: string, name: string | null, roles: Array<string>, tokenExpiresAt: string } };

export const ParticipantTrackFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ParticipantTrackFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ParticipantTrack"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"muted"}}]}}]} as unknown as DocumentNode<ParticipantTrackFieldsFragment, unknown>;
export const RoomFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RoomFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Room"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"roomId"}},{"kind":"Field","name":{"kind":"Name","value":"customId"}},{"kind":"Field","name":{"kind":"Name","value":"ownerId"}},{"kind":"Field","name":{"kind":"Name","value":"access"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"allowedUserIds"}},{"kind":"Field","name":{"kind":"Name","value":"allowedRoles"}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]} as unknown as DocumentNode<RoomFieldsFragment, unknown>;
export const IssueLivekitTokenDocument = {"__meta__":{"hash":"sha256:39de722f97cf93b9d31d1af4f534e88b46159c9a3c2bd35f0ebcde0fc2040f20"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"IssueLivekitToken"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"IssueLivekitTokenInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"issueLivekitToken"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"identity"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"roomName"}},{"kind":"Field","name":{"kind":"Name","value":"serverUrl"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"grants"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"canPublish"}},{"kind":"Field","name":{"kind":"Name","value":"canSubscribe"}},{"kind":"Field","name":{"kind":"Name","value":"canPublishData"}},{"kind":"Field","name":{"kind":"Name","value":"canPublishSources"}},{"kind":"Field","name":{"kind":"Name","value":"canUpdateOwnMetadata"}},{"kind":"Field","name":{"kind":"Name","value":"hidden"}},{"kind":"Field","name":{"kind":"Name","value":"roomAdmin"}},{"kind":"Field","name":{"kind":"Name","value":"roomRecord"}}]}}]}}]}}]} as unknown as DocumentNode<IssueLivekitTokenMutation, IssueLivekitTokenMutationVariables>;
export const RoomParticipantsDocument = {"__meta__":{"hash":"sha256:627a0a600e536125cd3e0ca2adc98334126b0bea87d627a67a79c678a32b5eb8"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RoomParticipants"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"provider"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Provider"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"roomId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"roomParticipants"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"provider"},"value":{"kind":"Variable","name":{"kind":"Name","value":"provider"}}},{"kind":"Argument","name":{"kind":"Name","value":"roomId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"roomId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"joinedAt"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"tracks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ParticipantTrackFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ParticipantTrackFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ParticipantTrack"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"muted"}}]}}]} as unknown as DocumentNode<RoomParticipantsQuery, RoomParticipantsQueryVariables>;
export const RemoveParticipantDocument = {"__meta__":{"hash":"sha256:2cec1f09b5a7899acf2e3e3423a9992a374b55c196ebe8c6150ea6d06aff6dd7"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RemoveParticipant"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RemoveParticipantInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removeParticipant"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"roomId"}},{"kind":"Field","name":{"kind":"Name","value":"participantId"}}]}}]}}]} as unknown as DocumentNode<RemoveParticipantMutation, RemoveParticipantMutationVariables>;
export const MuteParticipantTrackDocument = {"__meta__":{"hash":"sha256:dbb1186a0a2a00c7dc780452bd60789da2c1a9cbf36c4066a87b29eb6adf7da2"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"MuteParticipantTrack"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"MuteParticipantTrackInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"muteParticipantTrack"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"roomId"}},{"kind":"Field","name":{"kind":"Name","value":"participantId"}},{"kind":"Field","name":{"kind":"Name","value":"trackId"}},{"kind":"Field","name":{"kind":"Name","value":"muted"}},{"kind":"Field","name":{"kind":"Name","value":"effect"}},{"kind":"Field","name":{"kind":"Name","value":"track"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ParticipantTrackFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ParticipantTrackFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ParticipantTrack"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"muted"}}]}}]} as unknown as DocumentNode<MuteParticipantTrackMutation, MuteParticipantTrackMutationVariables>;
export const EndRoomDocument = {"__meta__":{"hash":"sha256:bcc196ba9ea64cc2849d3e527cc13aab7f308ae622918fb09ac74b6440d0609c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"EndRoom"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"EndRoomInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endRoom"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"roomId"}},{"kind":"Field","name":{"kind":"Name","value":"endedAt"}}]}}]}}]} as unknown as DocumentNode<EndRoomMutation, EndRoomMutationVariables>;
export const CreateSessionDocument = {"__meta__":{"hash":"sha256:7d91f9ad283caa791288b647f752bf1b646aa558821fa62463c10e3da110da36"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateSession"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateSessionInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createSession"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"mediaMode"}},{"kind":"Field","name":{"kind":"Name","value":"recordingMode"}},{"kind":"Field","name":{"kind":"Name","value":"forcedVideoCodec"}},{"kind":"Field","name":{"kind":"Name","value":"allowTranscoding"}},{"kind":"Field","name":{"kind":"Name","value":"alreadyExisted"}},{"kind":"Field","name":{"kind":"Name","value":"room"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RoomFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RoomFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Room"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"roomId"}},{"kind":"Field","name":{"kind":"Name","value":"customId"}},{"kind":"Field","name":{"kind":"Name","value":"ownerId"}},{"kind":"Field","name":{"kind":"Name","value":"access"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"allowedUserIds"}},{"kind":"Field","name":{"kind":"Name","value":"allowedRoles"}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]} as unknown as DocumentNode<CreateSessionMutation, CreateSessionMutationVariables>;
export const CreateConnectionDocument = {"__meta__":{"hash":"sha256:39fa340b0f41a58190f49a37a1378c54b40ceda9ee9d02b23ff81dddbcdb471c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateConnection"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateConnectionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createConnection"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"record"}},{"kind":"Field","name":{"kind":"Name","value":"data"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]} as unknown as DocumentNode<CreateConnectionMutation, CreateConnectionMutationVariables>;
export const RoomEventsDocument = {"__meta__":{"hash":"sha256:46f60df1cb554dcd639571add7e814da5a4c843294c129602866c1890a50d747"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"RoomEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"provider"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Provider"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"roomId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"roomEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"provider"},"value":{"kind":"Variable","name":{"kind":"Name","value":"provider"}}},{"kind":"Argument","name":{"kind":"Name","value":"roomId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"roomId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"roomId"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"participant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}}]}}]}}]} as unknown as DocumentNode<RoomEventsSubscription, RoomEventsSubscriptionVariables>;
export const RoomDocument = {"__meta__":{"hash":"sha256:ff21bff13392a3079baa5b77a07a6e63a8f1cc6b8248473f1ec3cad62b151c27"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Room"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"provider"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RoomProvider"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"roomId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"room"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"provider"},"value":{"kind":"Variable","name":{"kind":"Name","value":"provider"}}},{"kind":"Argument","name":{"kind":"Name","value":"roomId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"roomId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RoomFields"}},{"kind":"Field","name":{"kind":"Name","value":"live"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"participantCount"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RoomFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Room"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"roomId"}},{"kind":"Field","name":{"kind":"Name","value":"customId"}},{"kind":"Field","name":{"kind":"Name","value":"ownerId"}},{"kind":"Field","name":{"kind":"Name","value":"access"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"allowedUserIds"}},{"kind":"Field","name":{"kind":"Name","value":"allowedRoles"}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]} as unknown as DocumentNode<RoomQuery, RoomQueryVariables>;
export const UpdateRoomAccessDocument = {"__meta__":{"hash":"sha256:309e23ab81d71bd98cab49516c959fd45ef9c498a0eb0fa794161d28efd71733"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateRoomAccess"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateRoomAccessInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateRoomAccess"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RoomFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RoomFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Room"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"roomId"}},{"kind":"Field","name":{"kind":"Name","value":"customId"}},{"kind":"Field","name":{"kind":"Name","value":"ownerId"}},{"kind":"Field","name":{"kind":"Name","value":"access"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"allowedUserIds"}},{"kind":"Field","name":{"kind":"Name","value":"allowedRoles"}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]} as unknown as DocumentNode<UpdateRoomAccessMutation, UpdateRoomAccessMutationVariables>;
export const TransferRoomOwnershipDocument = {"__meta__":{"hash":"sha256:508c68f07ccf2808f813edbe3b5b36e6a3a6b37e984e09a61efb8c96e26f0242"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TransferRoomOwnership"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TransferRoomOwnershipInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"transferRoomOwnership"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RoomFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RoomFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Room"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"roomId"}},{"kind":"Field","name":{"kind":"Name","value":"customId"}},{"kind":"Field","name":{"kind":"Name","value":"ownerId"}},{"kind":"Field","name":{"kind":"Name","value":"access"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"allowedUserIds"}},{"kind":"Field","name":{"kind":"Name","value":"allowedRoles"}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]} as unknown as DocumentNode<TransferRoomOwnershipMutation, TransferRoomOwnershipMutationVariables>;
export const CreateMeetingDocument = {"__meta__":{"hash":"sha256:ecc13703f1bb28ac04153f6121af93f7abdefedc626ffe04f6501feb6aa6f547"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateMeeting"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateMeetingInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createMeeting"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"meetingId"}},{"kind":"Field","name":{"kind":"Name","value":"customMeetingId"}},{"kind":"Field","name":{"kind":"Name","value":"disabled"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"autoCloseType"}},{"kind":"Field","name":{"kind":"Name","value":"autoCloseMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"room"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RoomFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RoomFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Room"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"roomId"}},{"kind":"Field","name":{"kind":"Name","value":"customId"}},{"kind":"Field","name":{"kind":"Name","value":"ownerId"}},{"kind":"Field","name":{"kind":"Name","value":"access"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"allowedUserIds"}},{"kind":"Field","name":{"kind":"Name","value":"allowedRoles"}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]} as unknown as DocumentNode<CreateMeetingMutation, CreateMeetingMutationVariables>;
export const ValidateMeetingDocument = {"__meta__":{"hash":"sha256:83a9d4ee4878c75da25e80474fb2a6d3fa59027042baf775a3f63b42f95ed780"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ValidateMeeting"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"meetingId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"validateMeeting"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"meetingId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"meetingId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"meetingId"}},{"kind":"Field","name":{"kind":"Name","value":"valid"}},{"kind":"Field","name":{"kind":"Name","value":"disabled"}},{"kind":"Field","name":{"kind":"Name","value":"meeting"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"meetingId"}},{"kind":"Field","name":{"kind":"Name","value":"customMeetingId"}},{"kind":"Field","name":{"kind":"Name","value":"room"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ownerId"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ValidateMeetingQuery, ValidateMeetingQueryVariables>;
export const IssueVideoSdkTokenDocument = {"__meta__":{"hash":"sha256:05a94d7554b58196ba11377762018fed0978fd562824f3f6a360fc0ae6f1d37b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"IssueVideoSdkToken"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"IssueVideoSdkTokenInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"issueVideoSdkToken"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"participantId"}},{"kind":"Field","name":{"kind":"Name","value":"meetingId"}},{"kind":"Field","name":{"kind":"Name","value":"permissions"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]}}]} as unknown as DocumentNode<IssueVideoSdkTokenMutation, IssueVideoSdkTokenMutationVariables>;
export const ViewerDocument = {"__meta__":{"hash":"sha256:b65abf2f83cfaf45e782231e897ec2015de54fd0113935a99c145ad8e7bab113"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"roles"}},{"kind":"Field","name":{"kind":"Name","value":"tokenExpiresAt"}}]}}]}}]} as unknown as DocumentNode<ViewerQuery, ViewerQueryVariables>;