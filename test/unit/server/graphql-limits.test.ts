/**
 * The document limits (src/server/graphql-limits.ts) as graphql-js runs them: the gateway's own
 * schema, `parse`, then `validate` with the rules Apollo is given. No server, no socket: what a
 * rejected document gets over HTTP (400 GRAPHQL_VALIDATION_FAILED) is covered by the e2e tests.
 */
import 'reflect-metadata';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { parse, specifiedRules, validate, type GraphQLSchema } from 'graphql';
import { buildGatewaySchema } from '../../../src/schema/build-schema.js';
import { graphqlValidationRules, LIMIT_MESSAGE, maxCredentialFieldsRule } from '../../../src/server/graphql-limits.js';

type Limits = Parameters<typeof graphqlValidationRules>[0];

const DEFAULTS: Limits = {
  maxDepth: 6,
  maxAliases: 5,
  maxDirectives: 10,
  maxCost: 250,
  maxTokens: 1000,
  maxCredentialFields: 1,
  exposeLimits: true,
};

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildGatewaySchema();
});

/** The messages of every validation error the limits (and only the limits) report for `source`. */
function limitErrors(source: string, limits: Partial<Limits> = {}): string[] {
  const document = parse(source);
  // The document itself is valid GraphQL for the schema: only the limits may object.
  expect(validate(schema, document, specifiedRules)).toEqual([]);
  return validate(schema, document, graphqlValidationRules({ ...DEFAULTS, ...limits })).map((e) => e.message);
}

const LIVEKIT = (room: string) => `issueLivekitToken(input: { roomName: "${room}" }) { token }`;

describe('graphqlValidationRules', () => {
  it('accepts the documents the client sends', () => {
    expect(limitErrors('{ viewer { id name roles } }')).toEqual([]);
    expect(limitErrors(`mutation { ${LIVEKIT('a')} }`)).toEqual([]);
    expect(limitErrors('query R { room(provider: OPENVIDU, roomId: "r") { ownerId access { mode allowedUserIds } } }')).toEqual([]);
  });

  it('refuses a document deeper than maxDepth, naming the limit when limits are exposed', () => {
    const deep = '{ room(provider: OPENVIDU, roomId: "r") { access { mode } } }';
    expect(limitErrors(deep, { maxDepth: 3 })).toEqual([]);
    const errors = limitErrors(deep, { maxDepth: 2 });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/depth/i);
    expect(errors[0]).not.toMatch(/^Syntax Error/);
  });

  it('refuses more aliases than maxAliases', () => {
    const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `v${i}: viewer { id }`).join(' ')} }`;
    expect(limitErrors(aliased(2), { maxAliases: 2 })).toEqual([]);
    const errors = limitErrors(aliased(3), { maxAliases: 2 });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/alias/i);
  });

  it('refuses more directives than maxDirectives', () => {
    const fields = ['id', 'name', 'roles'];
    const directives = (n: number) => `{ viewer { ${fields.map((f, i) => (i < n ? `${f} @include(if: true)` : f)).join(' ')} } }`;
    expect(limitErrors(directives(2), { maxDirectives: 2 })).toEqual([]);
    const errors = limitErrors(directives(3), { maxDirectives: 2 });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/directive/i);
  });

  it('refuses a document over maxCost', () => {
    const source = '{ viewer { id name roles tokenExpiresAt } }';
    const errors = limitErrors(source, { maxCost: 1 });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/cost/i);
    expect(limitErrors(source, { maxCost: 1000 })).toEqual([]);
  });

  it('hides which limit was hit when limits are not exposed (production)', () => {
    const deep = '{ room(provider: OPENVIDU, roomId: "r") { access { mode } } }';
    expect(limitErrors(deep, { maxDepth: 2, exposeLimits: false })).toEqual([LIMIT_MESSAGE]);
    expect(limitErrors(`mutation { a: ${LIVEKIT('a')} b: ${LIVEKIT('b')} }`, { exposeLimits: false })).toEqual([LIMIT_MESSAGE]);
  });
});

describe('maxCredentialFieldsRule', () => {
  const credentialErrors = (source: string, max = 1, expose = true) => {
    const document = parse(source);
    expect(validate(schema, document, specifiedRules)).toEqual([]);
    return validate(schema, document, [maxCredentialFieldsRule(max, expose)]).map((e) => e.message);
  };

  it('allows up to max credential-issuing root fields and names the count past it', () => {
    expect(credentialErrors(`mutation { ${LIVEKIT('a')} }`)).toEqual([]);
    expect(credentialErrors(`mutation { a: ${LIVEKIT('a')} b: ${LIVEKIT('b')} }`)).toEqual([
      'At most 1 credential-issuing field(s) per operation; found 2.',
    ]);
    expect(credentialErrors(`mutation { a: ${LIVEKIT('a')} b: ${LIVEKIT('b')} }`, 2)).toEqual([]);
  });

  it('counts fields reached through named and inline fragments', () => {
    const source = `mutation { a: ${LIVEKIT('a')} ...F ... on Mutation { c: ${LIVEKIT('c')} } } fragment F on Mutation { b: ${LIVEKIT('b')} }`;
    expect(credentialErrors(source, 2)).toEqual(['At most 2 credential-issuing field(s) per operation; found 3.']);
  });

  it('counts a field repeated under the same response key once (it runs once)', () => {
    expect(credentialErrors(`mutation { t: ${LIVEKIT('a')} t: ${LIVEKIT('a')} }`)).toEqual([]);
  });

  it('counts fields under @skip/@include: validation cannot know the variables', () => {
    const source = `mutation M($no: Boolean!) { a: ${LIVEKIT('a')} b: issueLivekitToken(input: { roomName: "b" }) @skip(if: $no) { token } }`;
    expect(credentialErrors(source)).toEqual(['At most 1 credential-issuing field(s) per operation; found 2.']);
  });

  it('does not count fields that issue no credential', () => {
    expect(credentialErrors(`mutation { ${LIVEKIT('a')} updateRoomAccess(input: { provider: OPENVIDU, roomId: "r", access: { mode: OPEN } }) { ownerId } }`)).toEqual([]);
    expect(credentialErrors('{ a: viewer { id } b: viewer { id } c: viewer { id } }')).toEqual([]);
  });
});
