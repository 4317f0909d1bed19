/**
 * The one marking of credential fields, as the schema carries it: which root fields reach which
 * provider, which issue a credential, and how their points add up for the rate limits.
 */
import 'reflect-metadata';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { GraphQLObjectType, GraphQLString, type GraphQLField, type GraphQLSchema } from 'graphql';
import { buildGatewaySchema } from '../../../src/schema/build-schema.js';
import { CREDENTIAL_FIELD_EXTENSION, credentialFieldOf, credentialIssuingFields, rateLimitPoints } from '../../../src/schema/credential-field.js';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildGatewaySchema();
});

const markings = (type: GraphQLObjectType | null | undefined) =>
  Object.fromEntries(Object.values(type!.getFields()).flatMap((f) => (credentialFieldOf(f) ? [[f.name, credentialFieldOf(f)]] : [])));

describe('@CredentialField', () => {
  it('marks each provider-reaching root field once, with its provider, its points, and whether it issues a credential', () => {
    expect(markings(schema.getMutationType())).toEqual({
      createSession: { provider: 'openvidu', points: 1, issuesCredential: false },
      createConnection: { provider: 'openvidu', points: 1, issuesCredential: true },
      issueLivekitToken: { provider: 'livekit', points: 1, issuesCredential: true },
      createMeeting: { provider: 'videosdk', points: 1, issuesCredential: false },
      issueVideoSdkToken: { provider: 'videosdk', points: 1, issuesCredential: true },
      // Moderation: the provider comes from the input; an action costs two points.
      removeParticipant: { provider: 'argument', points: 2, issuesCredential: false },
      muteParticipantTrack: { provider: 'argument', points: 2, issuesCredential: false },
      endRoom: { provider: 'argument', points: 2, issuesCredential: false },
    });
    expect(markings(schema.getQueryType())).toEqual({
      validateMeeting: { provider: 'videosdk', points: 1, issuesCredential: false },
      roomParticipants: { provider: 'argument', points: 1, issuesCredential: false },
    });
  });

  it('adds up the points of the fields and counts those that issue a credential; unmarked fields cost nothing', () => {
    const field = (name: string, marking?: object) =>
      new GraphQLObjectType({
        name: `T${name}`,
        fields: { [name]: { type: GraphQLString, extensions: marking ? { [CREDENTIAL_FIELD_EXTENSION]: marking } : {} } },
      }).getFields()[name] as GraphQLField<unknown, unknown>;
    const fields = [
      field('heavy', { provider: 'openvidu', points: 3, issuesCredential: false }),
      field('token', { provider: 'livekit', points: 1, issuesCredential: true }),
      field('plain'),
    ];
    expect(rateLimitPoints(fields)).toBe(4);
    expect(credentialIssuingFields(fields)).toBe(1);
  });
});
