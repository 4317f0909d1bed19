/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "mutation IssueLivekitToken($input: IssueLivekitTokenInput!) {\n  issueLivekitToken(input: $input) {\n    token\n    identity\n    name\n    roomName\n    serverUrl\n    expiresAt\n    grants {\n      canPublish\n      canSubscribe\n      canPublishData\n      canPublishSources\n      canUpdateOwnMetadata\n      hidden\n      roomAdmin\n      roomRecord\n    }\n  }\n}": typeof types.IssueLivekitTokenDocument,
    "mutation CreateSession($input: CreateSessionInput) {\n  createSession(input: $input) {\n    id\n    createdAt\n    mediaMode\n    recordingMode\n    forcedVideoCodec\n    allowTranscoding\n    alreadyExisted\n    room {\n      ...RoomFields\n    }\n  }\n}\n\nmutation CreateConnection($input: CreateConnectionInput!) {\n  createConnection(input: $input) {\n    id\n    sessionId\n    token\n    role\n    record\n    data\n    createdAt\n  }\n}": typeof types.CreateSessionDocument,
    "fragment RoomFields on Room {\n  provider\n  roomId\n  customId\n  ownerId\n  access {\n    mode\n    allowedUserIds\n    allowedRoles\n  }\n  createdAt\n  expiresAt\n}\n\nquery Room($provider: RoomProvider!, $roomId: String!) {\n  room(provider: $provider, roomId: $roomId) {\n    ...RoomFields\n    live {\n      state\n      startedAt\n      finishedAt\n      participantCount\n    }\n  }\n}\n\nmutation UpdateRoomAccess($input: UpdateRoomAccessInput!) {\n  updateRoomAccess(input: $input) {\n    ...RoomFields\n  }\n}\n\nmutation TransferRoomOwnership($input: TransferRoomOwnershipInput!) {\n  transferRoomOwnership(input: $input) {\n    ...RoomFields\n  }\n}": typeof types.RoomFieldsFragmentDoc,
    "mutation CreateMeeting($input: CreateMeetingInput) {\n  createMeeting(input: $input) {\n    meetingId\n    customMeetingId\n    disabled\n    createdAt\n    autoCloseType\n    autoCloseMinutes\n    room {\n      ...RoomFields\n    }\n  }\n}\n\nquery ValidateMeeting($meetingId: String!) {\n  validateMeeting(meetingId: $meetingId) {\n    meetingId\n    valid\n    disabled\n    meeting {\n      meetingId\n      customMeetingId\n      room {\n        ownerId\n      }\n    }\n  }\n}\n\nmutation IssueVideoSdkToken($input: IssueVideoSdkTokenInput!) {\n  issueVideoSdkToken(input: $input) {\n    token\n    participantId\n    meetingId\n    permissions\n    expiresAt\n  }\n}": typeof types.CreateMeetingDocument,
    "query Viewer {\n  viewer {\n    id\n    name\n    roles\n    tokenExpiresAt\n  }\n}": typeof types.ViewerDocument,
};
const documents: Documents = {
    "mutation IssueLivekitToken($input: IssueLivekitTokenInput!) {\n  issueLivekitToken(input: $input) {\n    token\n    identity\n    name\n    roomName\n    serverUrl\n    expiresAt\n    grants {\n      canPublish\n      canSubscribe\n      canPublishData\n      canPublishSources\n      canUpdateOwnMetadata\n      hidden\n      roomAdmin\n      roomRecord\n    }\n  }\n}": types.IssueLivekitTokenDocument,
    "mutation CreateSession($input: CreateSessionInput) {\n  createSession(input: $input) {\n    id\n    createdAt\n    mediaMode\n    recordingMode\n    forcedVideoCodec\n    allowTranscoding\n    alreadyExisted\n    room {\n      ...RoomFields\n    }\n  }\n}\n\nmutation CreateConnection($input: CreateConnectionInput!) {\n  createConnection(input: $input) {\n    id\n    sessionId\n    token\n    role\n    record\n    data\n    createdAt\n  }\n}": types.CreateSessionDocument,
    "fragment RoomFields on Room {\n  provider\n  roomId\n  customId\n  ownerId\n  access {\n    mode\n    allowedUserIds\n    allowedRoles\n  }\n  createdAt\n  expiresAt\n}\n\nquery Room($provider: RoomProvider!, $roomId: String!) {\n  room(provider: $provider, roomId: $roomId) {\n    ...RoomFields\n    live {\n      state\n      startedAt\n      finishedAt\n      participantCount\n    }\n  }\n}\n\nmutation UpdateRoomAccess($input: UpdateRoomAccessInput!) {\n  updateRoomAccess(input: $input) {\n    ...RoomFields\n  }\n}\n\nmutation TransferRoomOwnership($input: TransferRoomOwnershipInput!) {\n  transferRoomOwnership(input: $input) {\n    ...RoomFields\n  }\n}": types.RoomFieldsFragmentDoc,
    "mutation CreateMeeting($input: CreateMeetingInput) {\n  createMeeting(input: $input) {\n    meetingId\n    customMeetingId\n    disabled\n    createdAt\n    autoCloseType\n    autoCloseMinutes\n    room {\n      ...RoomFields\n    }\n  }\n}\n\nquery ValidateMeeting($meetingId: String!) {\n  validateMeeting(meetingId: $meetingId) {\n    meetingId\n    valid\n    disabled\n    meeting {\n      meetingId\n      customMeetingId\n      room {\n        ownerId\n      }\n    }\n  }\n}\n\nmutation IssueVideoSdkToken($input: IssueVideoSdkTokenInput!) {\n  issueVideoSdkToken(input: $input) {\n    token\n    participantId\n    meetingId\n    permissions\n    expiresAt\n  }\n}": types.CreateMeetingDocument,
    "query Viewer {\n  viewer {\n    id\n    name\n    roles\n    tokenExpiresAt\n  }\n}": types.ViewerDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation IssueLivekitToken($input: IssueLivekitTokenInput!) {\n  issueLivekitToken(input: $input) {\n    token\n    identity\n    name\n    roomName\n    serverUrl\n    expiresAt\n    grants {\n      canPublish\n      canSubscribe\n      canPublishData\n      canPublishSources\n      canUpdateOwnMetadata\n      hidden\n      roomAdmin\n      roomRecord\n    }\n  }\n}"): (typeof documents)["mutation IssueLivekitToken($input: IssueLivekitTokenInput!) {\n  issueLivekitToken(input: $input) {\n    token\n    identity\n    name\n    roomName\n    serverUrl\n    expiresAt\n    grants {\n      canPublish\n      canSubscribe\n      canPublishData\n      canPublishSources\n      canUpdateOwnMetadata\n      hidden\n      roomAdmin\n      roomRecord\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateSession($input: CreateSessionInput) {\n  createSession(input: $input) {\n    id\n    createdAt\n    mediaMode\n    recordingMode\n    forcedVideoCodec\n    allowTranscoding\n    alreadyExisted\n    room {\n      ...RoomFields\n    }\n  }\n}\n\nmutation CreateConnection($input: CreateConnectionInput!) {\n  createConnection(input: $input) {\n    id\n    sessionId\n    token\n    role\n    record\n    data\n    createdAt\n  }\n}"): (typeof documents)["mutation CreateSession($input: CreateSessionInput) {\n  createSession(input: $input) {\n    id\n    createdAt\n    mediaMode\n    recordingMode\n    forcedVideoCodec\n    allowTranscoding\n    alreadyExisted\n    room {\n      ...RoomFields\n    }\n  }\n}\n\nmutation CreateConnection($input: CreateConnectionInput!) {\n  createConnection(input: $input) {\n    id\n    sessionId\n    token\n    role\n    record\n    data\n    createdAt\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment RoomFields on Room {\n  provider\n  roomId\n  customId\n  ownerId\n  access {\n    mode\n    allowedUserIds\n    allowedRoles\n  }\n  createdAt\n  expiresAt\n}\n\nquery Room($provider: RoomProvider!, $roomId: String!) {\n  room(provider: $provider, roomId: $roomId) {\n    ...RoomFields\n    live {\n      state\n      startedAt\n      finishedAt\n      participantCount\n    }\n  }\n}\n\nmutation UpdateRoomAccess($input: UpdateRoomAccessInput!) {\n  updateRoomAccess(input: $input) {\n    ...RoomFields\n  }\n}\n\nmutation TransferRoomOwnership($input: TransferRoomOwnershipInput!) {\n  transferRoomOwnership(input: $input) {\n    ...RoomFields\n  }\n}"): (typeof documents)["fragment RoomFields on Room {\n  provider\n  roomId\n  customId\n  ownerId\n  access {\n    mode\n    allowedUserIds\n    allowedRoles\n  }\n  createdAt\n  expiresAt\n}\n\nquery Room($provider: RoomProvider!, $roomId: String!) {\n  room(provider: $provider, roomId: $roomId) {\n    ...RoomFields\n    live {\n      state\n      startedAt\n      finishedAt\n      participantCount\n    }\n  }\n}\n\nmutation UpdateRoomAccess($input: UpdateRoomAccessInput!) {\n  updateRoomAccess(input: $input) {\n    ...RoomFields\n  }\n}\n\nmutation TransferRoomOwnership($input: TransferRoomOwnershipInput!) {\n  transferRoomOwnership(input: $input) {\n    ...RoomFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateMeeting($input: CreateMeetingInput) {\n  createMeeting(input: $input) {\n    meetingId\n    customMeetingId\n    disabled\n    createdAt\n    autoCloseType\n    autoCloseMinutes\n    room {\n      ...RoomFields\n    }\n  }\n}\n\nquery ValidateMeeting($meetingId: String!) {\n  validateMeeting(meetingId: $meetingId) {\n    meetingId\n    valid\n    disabled\n    meeting {\n      meetingId\n      customMeetingId\n      room {\n        ownerId\n      }\n    }\n  }\n}\n\nmutation IssueVideoSdkToken($input: IssueVideoSdkTokenInput!) {\n  issueVideoSdkToken(input: $input) {\n    token\n    participantId\n    meetingId\n    permissions\n    expiresAt\n  }\n}"): (typeof documents)["mutation CreateMeeting($input: CreateMeetingInput) {\n  createMeeting(input: $input) {\n    meetingId\n    customMeetingId\n    disabled\n    createdAt\n    autoCloseType\n    autoCloseMinutes\n    room {\n      ...RoomFields\n    }\n  }\n}\n\nquery ValidateMeeting($meetingId: String!) {\n  validateMeeting(meetingId: $meetingId) {\n    meetingId\n    valid\n    disabled\n    meeting {\n      meetingId\n      customMeetingId\n      room {\n        ownerId\n      }\n    }\n  }\n}\n\nmutation IssueVideoSdkToken($input: IssueVideoSdkTokenInput!) {\n  issueVideoSdkToken(input: $input) {\n    token\n    participantId\n    meetingId\n    permissions\n    expiresAt\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Viewer {\n  viewer {\n    id\n    name\n    roles\n    tokenExpiresAt\n  }\n}"): (typeof documents)["query Viewer {\n  viewer {\n    id\n    name\n    roles\n    tokenExpiresAt\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;