/**
 * Refusals that come from how the gateway is configured tell the user what to set: a provider without
 * configuration names its environment variables, and disabled introspection names
 * GRAPHQL_INTROSPECTION. Codes stay the same (PROVIDER_NOT_CONFIGURED, GRAPHQL_VALIDATION_FAILED).
 * A production gateway with only a caller secret, called over HTTP on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mintHs256CallerToken } from '../support/caller-tokens.js';
import { sendRaw } from '../support/graphql-client.js';
import { startTestGateway, TEST_AUTH_SECRET, type TestGateway } from '../support/start-test-gateway.js';

interface GraphqlAnswer {
  status: number;
  errors: { message: string; extensions: Record<string, unknown> }[];
  data?: Record<string, unknown> | null;
}

async function post(gw: TestGateway, token: string, query: string): Promise<GraphqlAnswer> {
  const res = await sendRaw(gw.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  const body = JSON.parse(res.text) as Omit<GraphqlAnswer, 'status'>;
  return { status: res.status, errors: body.errors ?? [], data: body.data };
}

describe('configuration hints in refusals', () => {
  let gw: TestGateway;
  let open: TestGateway;
  let token: string;

  beforeAll(async () => {
    gw = await startTestGateway({ NODE_ENV: 'production', LOG_LEVEL: 'silent' });
    open = await startTestGateway({ NODE_ENV: 'production', LOG_LEVEL: 'silent', GRAPHQL_INTROSPECTION: 'true' });
    token = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'alice' });
  });
  afterAll(async () => {
    await gw?.close();
    await open?.close();
  });

  it.each([
    ['LiveKit', 'livekit', 'mutation { issueLivekitToken(input: { roomName: "demo" }) { token } }', 'LiveKit is not configured on this gateway: set LIVEKIT_API_KEY and LIVEKIT_API_SECRET.'],
    ['OpenVidu', 'openvidu', 'mutation { createSession { id } }', 'OpenVidu is not configured on this gateway: set OPENVIDU_URL and OPENVIDU_SECRET.'],
    ['VideoSDK', 'videosdk', 'mutation { createMeeting { meetingId } }', 'VideoSDK is not configured on this gateway: set VIDEOSDK_API_KEY and VIDEOSDK_SECRET.'],
  ])('%s without configuration: PROVIDER_NOT_CONFIGURED naming the variables to set', async (_name, provider, query, message) => {
    const answer = await post(gw, token, query);
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors[0]).toMatchObject({ message, extensions: { code: 'PROVIDER_NOT_CONFIGURED', provider } });
  });

  it('introspection off: one GRAPHQL_VALIDATION_FAILED that names GRAPHQL_INTROSPECTION', async () => {
    const answer = await post(gw, token, '{ __schema { queryType { name } } }');
    expect(answer.status).toBe(400);
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors[0].extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(answer.errors[0].message).toMatch(/GRAPHQL_INTROSPECTION=true/);
    expect(answer.errors[0].message).not.toMatch(/ApolloServer/);
  });

  it('the hint is right: with GRAPHQL_INTROSPECTION=true the same query answers', async () => {
    const answer = await post(open, token, '{ __schema { queryType { name } } }');
    expect(answer.status).toBe(200);
    expect(answer.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });
});
