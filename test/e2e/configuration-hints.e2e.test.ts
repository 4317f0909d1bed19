/**
 * Refusals that come from how the gateway is configured tell the user what to set: a provider without
 * configuration names its environment variables, and disabled introspection names
 * GRAPHQL_INTROSPECTION. Codes stay the same (PROVIDER_NOT_CONFIGURED, GRAPHQL_VALIDATION_FAILED).
 * A production gateway with only a caller secret; HTTP semantics only, so the requests go in-process
 * through Fastify's inject() (no socket).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateMeetingDocument, CreateSessionDocument, IssueLivekitTokenDocument } from '../../client/generated/graphql.js';
import { mintHs256CallerToken } from '../support/caller-tokens.js';
import { execute, injectRaw } from '../support/graphql-client.js';
import { startTestGateway, TEST_AUTH_SECRET, type TestGateway } from '../support/start-test-gateway.js';

interface GraphqlAnswer {
  status: number;
  errors: { message: string; extensions: Record<string, unknown> }[];
  data?: Record<string, unknown> | null;
}

/** Introspection is not one of the client's documents: sent as text. */
async function introspect(gw: TestGateway, token: string): Promise<GraphqlAnswer> {
  const res = await injectRaw(gw, {
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }),
  });
  const body = JSON.parse(res.text) as Omit<GraphqlAnswer, 'status'>;
  return { status: res.status, errors: body.errors ?? [], data: body.data };
}

describe('configuration hints in refusals', () => {
  let gw: TestGateway;
  let open: TestGateway;
  let token: string;

  beforeAll(async () => {
    gw = await startTestGateway({ NODE_ENV: 'production', LOG_LEVEL: 'silent' }, undefined, { listen: false });
    open = await startTestGateway({ NODE_ENV: 'production', LOG_LEVEL: 'silent', GRAPHQL_INTROSPECTION: 'true' }, undefined, { listen: false });
    token = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'alice' });
  });
  afterAll(async () => {
    await gw?.close();
    await open?.close();
  });

  it.each([
    ['LiveKit', 'livekit', () => execute(gw, IssueLivekitTokenDocument, { input: { roomName: 'demo' } }, { token }), 'LiveKit is not configured on this gateway: set LIVEKIT_API_KEY and LIVEKIT_API_SECRET.'],
    ['OpenVidu', 'openvidu', () => execute(gw, CreateSessionDocument, {}, { token }), 'OpenVidu is not configured on this gateway: set OPENVIDU_URL and OPENVIDU_SECRET.'],
    ['VideoSDK', 'videosdk', () => execute(gw, CreateMeetingDocument, {}, { token }), 'VideoSDK is not configured on this gateway: set VIDEOSDK_API_KEY and VIDEOSDK_SECRET.'],
  ])('%s without configuration: PROVIDER_NOT_CONFIGURED naming the variables to set', async (_name, provider, send, message) => {
    const answer = await send();
    expect(answer.body.errors).toHaveLength(1);
    expect(answer.body.errors![0]).toMatchObject({ message, extensions: { code: 'PROVIDER_NOT_CONFIGURED', provider } });
  });

  it('introspection off: one GRAPHQL_VALIDATION_FAILED that names GRAPHQL_INTROSPECTION', async () => {
    const answer = await introspect(gw, token);
    expect(answer.status).toBe(400);
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors[0].extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(answer.errors[0].message).toMatch(/GRAPHQL_INTROSPECTION=true/);
    expect(answer.errors[0].message).not.toMatch(/ApolloServer/);
  });

  it('the hint is right: with GRAPHQL_INTROSPECTION=true the same query answers', async () => {
    const answer = await introspect(open, token);
    expect(answer.status).toBe(200);
    expect(answer.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });
});
