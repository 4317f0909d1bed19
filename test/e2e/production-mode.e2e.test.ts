import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateSessionDocument, ViewerDocument } from '../../client/generated/graphql.js';
import { mintHs256CallerToken } from '../support/caller-tokens.js';
import { startOpenViduDouble, type OpenViduDouble } from '../support/doubles/openvidu-double.js';
import { execute, expectData, expectErrorCode, sendRaw } from '../support/graphql-client.js';
import { startTestGateway, TEST_AUTH_SECRET, type TestGateway } from '../support/start-test-gateway.js';

const OV_SECRET = 'ov-prod-secret-0123456789abcdef0123456789';

describe('production mode', () => {
  let gw: TestGateway;
  let openvidu: OpenViduDouble;
  let token: string;

  beforeAll(async () => {
    openvidu = await startOpenViduDouble({ secret: OV_SECRET });
    gw = await startTestGateway({
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      LIVEKIT_API_KEY: 'prod-key',
      LIVEKIT_API_SECRET: 'lk-prod-secret-0123456789abcdef0123456789',
      OPENVIDU_URL: openvidu.url,
      OPENVIDU_SECRET: OV_SECRET,
    });
    token = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'alice' });
  });
  afterAll(async () => {
    await gw.close();
    await openvidu.close();
  });

  it('serves operations', async () => {
    expect(expectData(await execute(gw.graphqlUrl, ViewerDocument, undefined, { token })).viewer.id).toBe('alice');
  });

  it('refuses introspection with GRAPHQL_VALIDATION_FAILED', async () => {
    const res = await sendRaw(gw.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ __schema { types { name } } }' }),
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('hides field suggestions', async () => {
    const res = await sendRaw(gw.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ viewr { id } }' }),
    });
    expect(res.status).toBe(400);
    expect(res.text).not.toMatch(/Did you mean/);
  });

  it('serves no landing page', async () => {
    const res = await sendRaw(gw.graphqlUrl, { headers: { accept: 'text/html' } });
    expect(res.text).not.toMatch(/<html/i);
  });

  it('masks an unexpected failure as INTERNAL_SERVER_ERROR without a stack, and logs the cause with the request id', async () => {
    // OpenVidu's enum has RELAYED, which the schema cannot represent: an unexpected, unhandled value.
    openvidu.inject({
      kind: 'status',
      status: 200,
      body: { id: 'ses_A123456789', createdAt: Date.now(), mediaMode: 'RELAYED', recordingMode: 'MANUAL' },
    });
    const res = await execute(gw.graphqlUrl, CreateSessionDocument, {}, { token, headers: { 'x-request-id': 'trace-500' } });
    const error = expectErrorCode(res, 'INTERNAL_SERVER_ERROR');
    expect(error.message).toBe('Internal server error.');
    expect(res.text).not.toMatch(/stacktrace|RELAYED|at .+\.js/);
    const logged = gw.logRecords().find((r) => r.reqId === res.headers.get('x-request-id') && r.msg === 'unexpected error (masked for the client)');
    expect(logged).toBeDefined();
  });
});
