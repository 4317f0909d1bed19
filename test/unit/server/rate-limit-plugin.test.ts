import 'reflect-metadata';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { parse, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { buildGatewaySchema } from '../../../src/schema/build-schema.js';
import { countRateLimitedFields } from '../../../src/server/operation-facts.js';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildGatewaySchema();
});

function count(source: string, operationName?: string): number {
  const document = parse(source);
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  const operation = operationName ? operations.find((o) => o.name?.value === operationName)! : operations[0];
  return countRateLimitedFields(schema, document, operation);
}

describe('countRateLimitedFields', () => {
  it('marks exactly the five credential mutations', () => {
    const marked = Object.values(schema.getMutationType()!.getFields())
      .filter((f) => f.extensions.rateLimited === true)
      .map((f) => f.name)
      .sort();
    expect(marked).toEqual(['createConnection', 'createMeeting', 'createSession', 'issueLivekitToken', 'issueVideoSdkToken']);
  });

  it('counts every alias of a credential mutation', () => {
    expect(count('mutation { a: issueLivekitToken(input: {roomName: "r"}) { token } b: issueLivekitToken(input: {roomName: "r"}) { token } }')).toBe(2);
  });

  it('counts fields inside inline fragments and named fragments, once per spread', () => {
    const source = `
      mutation M { ...F ...F ... on Mutation { createSession { id } } updateRoomAccess(input: {provider: OPENVIDU, roomId: "r", access: {mode: OPEN}}) { ownerId } }
      fragment F on Mutation { createMeeting { meetingId } issueVideoSdkToken(input: {meetingId: "m"}) { token } }`;
    expect(count(source, 'M')).toBe(5);
  });

  it('counts nothing for queries and for room management mutations', () => {
    expect(count('{ viewer { id } room(provider: OPENVIDU, roomId: "r") { ownerId } }')).toBe(0);
    expect(count('mutation { transferRoomOwnership(input: {provider: OPENVIDU, roomId: "r", newOwnerId: "b"}) { ownerId } }')).toBe(0);
  });

  it('counts a field under @skip too: it may run', () => {
    expect(count('mutation($s: Boolean!) { createSession @skip(if: $s) { id } }')).toBe(1);
  });
});
