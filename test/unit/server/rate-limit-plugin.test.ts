import 'reflect-metadata';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { parse, validate, type GraphQLField, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { buildGatewaySchema } from '../../../src/schema/build-schema.js';
import { credentialFieldOf, rateLimitPoints } from '../../../src/schema/credential-field.js';
import { maxCredentialFieldsRule } from '../../../src/server/graphql-limits.js';
import {
  distinctRootFields,
  fragmentsOf,
  rootFieldLabel,
  rootSchemaFields,
  selectionFilterFor,
} from '../../../src/server/operation-facts.js';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildGatewaySchema();
});

function operationOf(source: string, operationName?: string) {
  const document = parse(source);
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  const operation = operationName ? operations.find((o) => o.name?.value === operationName)! : operations[0];
  return { document, operation };
}

/** Points as the plugin charges them: with variables, what runs; without, every selection. */
function count(source: string, variables?: Record<string, unknown>, operationName?: string): number {
  const { document, operation } = operationOf(source, operationName);
  const runs = variables === undefined ? undefined : selectionFilterFor(schema, operation, variables);
  if (runs === null) return 0;
  return rateLimitPoints(rootSchemaFields(schema, operation, distinctRootFields(operation, fragmentsOf(document.definitions), runs)));
}

function label(source: string): string {
  const { document, operation } = operationOf(source);
  return rootFieldLabel(distinctRootFields(operation, fragmentsOf(document.definitions)));
}

describe('charged fields (distinct response keys)', () => {
  it('marks every root field that reaches a provider or issues a credential, and nothing else', () => {
    const marked = (fields: Record<string, GraphQLField<unknown, unknown>>) =>
      Object.values(fields)
        .filter((f) => (credentialFieldOf(f)?.points ?? 0) > 0)
        .map((f) => f.name)
        .sort();
    expect(marked(schema.getMutationType()!.getFields())).toEqual([
      'createConnection',
      'createMeeting',
      'createSession',
      'endRoom',
      'issueLivekitToken',
      'issueVideoSdkToken',
      'muteParticipantTrack',
      'removeParticipant',
    ]);
    expect(marked(schema.getQueryType()!.getFields())).toEqual(['roomParticipants', 'validateMeeting']);
  });

  it('counts every alias once', () => {
    expect(count('mutation { a: issueLivekitToken(input: {roomName: "r"}) { token } b: issueLivekitToken(input: {roomName: "r"}) { token } }')).toBe(2);
    expect(count('{ a: validateMeeting(meetingId: "m") { valid } b: validateMeeting(meetingId: "m") { valid } viewer { id } }')).toBe(2);
  });

  it('counts a field repeated under one response key once: GraphQL runs it once', () => {
    const repeated = Array.from({ length: 60 }, () => 'validateMeeting(meetingId: "m") { valid }').join(' ');
    expect(count(`{ ${repeated} }`)).toBe(1);
    const mutation = Array.from({ length: 60 }, () => 'issueLivekitToken(input: {roomName: "r"}) { token }').join(' ');
    expect(count(`mutation { ${mutation} }`)).toBe(1);
  });

  it('follows inline fragments and named fragments, each key once however often it is spread', () => {
    const source = `
      mutation M { ...F ...F ... on Mutation { createSession { id } } updateRoomAccess(input: {provider: OPENVIDU, roomId: "r", access: {mode: OPEN}}) { ownerId } }
      fragment F on Mutation { createMeeting { meetingId } issueVideoSdkToken(input: {meetingId: "m"}) { token } createSession { id } }`;
    expect(count(source, undefined, 'M')).toBe(3);
  });

  it('counts nothing for room management and identity fields', () => {
    expect(count('{ viewer { id } room(provider: OPENVIDU, roomId: "r") { ownerId } }')).toBe(0);
    expect(count('mutation { transferRoomOwnership(input: {provider: OPENVIDU, roomId: "r", newOwnerId: "b"}) { ownerId } }')).toBe(0);
  });

  it('follows @skip/@include with the request variables, and counts nothing when they do not coerce', () => {
    const source = 'mutation($s: Boolean!) { createSession @skip(if: $s) { id } b: createSession @include(if: $s) { id } }';
    expect(count(source)).toBe(2);
    expect(count(source, { s: true })).toBe(1);
    expect(count('mutation($s: Boolean!) { createSession @skip(if: $s) { id } }', { s: true })).toBe(0);
    expect(count('mutation($s: Boolean!) { createSession @skip(if: $s) { id } }', { s: false })).toBe(1);
    expect(count('mutation($s: Boolean!) { ...on Mutation @include(if: $s) { createSession { id } } }', { s: false })).toBe(0);
    expect(count('mutation($s: Boolean!) { createSession @skip(if: $s) { id } }', { s: 'yes' })).toBe(0);
    // One occurrence skipped, another under the same key kept: the key runs.
    expect(count('mutation($s: Boolean!) { createSession @skip(if: $s) { id } createSession { id } }', { s: true })).toBe(1);
  });

  it('labels the operation from the same fields', () => {
    expect(label('{ viewer { id } }')).toBe('viewer');
    expect(label('{ a: viewer { id } b: viewer { id } }')).toBe('viewer');
    expect(label('{ viewer { id } validateMeeting(meetingId: "m") { valid } }')).toBe('multiple');
    expect(label('{ __typename }')).toBe('none');
  });

  it('limits credential fields by the same count in validation', () => {
    const errorsOf = (source: string) => validate(schema, parse(source), [maxCredentialFieldsRule(2, true)]).map((e) => e.message);
    const same = Array.from({ length: 5 }, () => 'issueLivekitToken(input: {roomName: "r"}) { token }').join(' ');
    expect(errorsOf(`mutation { ${same} }`)).toEqual([]);
    const aliased = Array.from({ length: 3 }, (_, i) => `t${i}: issueLivekitToken(input: {roomName: "r"}) { token }`).join(' ');
    expect(errorsOf(`mutation { ${aliased} }`)).toEqual(['At most 2 credential-issuing field(s) per operation; found 3.']);
  });
});

describe('provider-reaching resolvers', () => {
  it('carry @CredentialField() on every root field whose resolver calls a provider', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const root = new URL('../../../src/resolvers/', import.meta.url);
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.resolver.ts'));
    const reaching: string[] = [];
    for (const file of files) {
      const text = readFileSync(new URL(file, root), 'utf8');
      for (const method of text.matchAll(/^ {2}async (\w+)\(/gm)) {
        const decoratorsStart = text.lastIndexOf('\n  }\n', method.index);
        const decorators = text.slice(Math.max(0, decoratorsStart), method.index);
        const bodyEnd = text.indexOf('\n  }\n', method.index);
        const body = text.slice(method.index, bodyEnd < 0 ? undefined : bodyEnd);
        const provider = /credentials\.(openvidu|videosdk)\./.exec(body)?.[1];
        if (!provider) continue;
        reaching.push(method[1]);
        const marked = decorators.includes(`@CredentialField({ provider: '${provider}'`);
        expect({ field: method[1], rateLimited: marked }).toEqual({ field: method[1], rateLimited: true });
      }
    }
    // The scan found the fields it is meant to guard.
    expect(reaching.sort()).toEqual(['createConnection', 'createMeeting', 'createSession', 'issueVideoSdkToken', 'validateMeeting']);
  });
});
