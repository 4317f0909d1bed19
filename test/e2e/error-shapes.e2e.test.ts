/**
 * One full error JSON per code, as a client sees it over HTTP (docs/errors.md lists them). A change to the
 * shape of any error shows up here first.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CreateConnectionDocument,
  CreateMeetingDocument,
  CreateSessionDocument,
  IssueLivekitTokenDocument,
  ViewerDocument,
} from '../../client/generated/graphql.js';
import { mintHs256CallerToken } from '../support/caller-tokens.js';
import { startOpenViduDouble, type OpenViduDouble } from '../support/doubles/openvidu-double.js';
import { execute } from '../support/graphql-client.js';
import { startTestGateway, TEST_AUTH_SECRET, type TestGateway } from '../support/start-test-gateway.js';

describe('error shapes, one per code', () => {
  let openvidu: OpenViduDouble;
  let gw: TestGateway;
  let alice: string;

  beforeAll(async () => {
    openvidu = await startOpenViduDouble({ secret: 'ov-secret-for-error-shapes' });
    gw = await startTestGateway({ OPENVIDU_URL: openvidu.url, OPENVIDU_SECRET: 'ov-secret-for-error-shapes', OPENVIDU_TIMEOUT_MS: '300' });
    alice = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'alice' });
  });
  afterAll(async () => {
    await gw.close();
    await openvidu.close();
  });

  it('UNAUTHENTICATED (invalid token, HTTP 401)', async () => {
    const res = await execute(gw.graphqlUrl, ViewerDocument, undefined, { token: 'not-a-jwt' });
    expect(res.status).toBe(401);
    expect(res.body).toMatchInlineSnapshot(`
{
  "errors": [
    {
      "extensions": {
        "code": "UNAUTHENTICATED",
      },
      "message": "The caller token is invalid or expired.",
    },
  ],
}
`);
  });

  it('FORBIDDEN', async () => {
    const res = await execute(gw.graphqlUrl, IssueLivekitTokenDocument, { input: { roomName: 'r', hidden: true } }, { token: alice });
    expect(res.body).toMatchInlineSnapshot(`
{
  "data": null,
  "errors": [
    {
      "extensions": {
        "code": "FORBIDDEN",
        "reason": "livekit.hidden",
      },
      "locations": [
        {
          "column": 3,
          "line": 2,
        },
      ],
      "message": "Your roles do not allow the LiveKit grant "hidden".",
      "path": [
        "issueLivekitToken",
      ],
    },
  ],
}
`);
  });

  it('BAD_USER_INPUT', async () => {
    const res = await execute(gw.graphqlUrl, CreateSessionDocument, { input: { customSessionId: 'no spaces' } }, { token: alice });
    expect(res.body.errors).toMatchInlineSnapshot(`
[
  {
    "extensions": {
      "code": "BAD_USER_INPUT",
      "fields": [
        "customSessionId",
      ],
    },
    "locations": [
      {
        "column": 3,
        "line": 2,
      },
    ],
    "message": "Invalid input: customSessionId: customSessionId must be 1-64 characters of A-Z a-z 0-9 _ -.",
    "path": [
      "createSession",
    ],
  },
]
`);
  });

  it('NOT_FOUND', async () => {
    const res = await execute(gw.graphqlUrl, CreateConnectionDocument, { input: { sessionId: 'gone' } }, { token: alice });
    expect(res.body.errors?.[0]).toMatchInlineSnapshot(`
{
  "extensions": {
    "code": "NOT_FOUND",
    "resource": "session",
  },
  "locations": [
    {
      "column": 3,
      "line": 2,
    },
  ],
  "message": "No OpenVidu session has this id.",
  "path": [
    "createConnection",
  ],
}
`);
  });

  it('PROVIDER_NOT_CONFIGURED', async () => {
    const res = await execute(gw.graphqlUrl, CreateMeetingDocument, {}, { token: alice });
    expect(res.body.errors?.[0].extensions).toEqual({ code: 'PROVIDER_NOT_CONFIGURED', provider: 'videosdk' });
    expect(res.body.errors?.[0].message).toBe('VideoSDK is not configured on this gateway: set VIDEOSDK_API_KEY and VIDEOSDK_SECRET.');
  });

  it('PROVIDER_ERROR', async () => {
    openvidu.inject({ kind: 'status', status: 502, text: 'bad gateway at http://10.0.0.7:4443' });
    const res = await execute(gw.graphqlUrl, CreateSessionDocument, {}, { token: alice });
    expect(res.body.errors?.[0].extensions).toEqual({ code: 'PROVIDER_ERROR', provider: 'openvidu' });
    expect(res.body.errors?.[0].message).toBe('The openvidu provider answered with status 502.');
  });

  it('PROVIDER_TIMEOUT', async () => {
    openvidu.inject({ kind: 'hang' });
    const res = await execute(gw.graphqlUrl, CreateSessionDocument, {}, { token: alice });
    expect(res.body.errors?.[0].extensions).toEqual({ code: 'PROVIDER_TIMEOUT', provider: 'openvidu' });
    expect(res.body.errors?.[0].message).toBe('The openvidu provider did not answer in time.');
  });

  it('PROVIDER_UNAVAILABLE (circuit open, HTTP 503)', async () => {
    const breaking = await startTestGateway({ OPENVIDU_URL: openvidu.url, OPENVIDU_SECRET: 'ov-secret-for-error-shapes', PROVIDER_BREAKER_THRESHOLD: '1' });
    try {
      openvidu.inject({ kind: 'status', status: 503, text: 'down' });
      await execute(breaking.graphqlUrl, CreateSessionDocument, {}, { token: alice });
      const res = await execute(breaking.graphqlUrl, CreateSessionDocument, {}, { token: alice });
      expect(res.status).toBe(503);
      expect(res.body).toMatchInlineSnapshot(`
{
  "data": null,
  "errors": [
    {
      "extensions": {
        "code": "PROVIDER_UNAVAILABLE",
        "provider": "openvidu",
        "retryable": true,
      },
      "locations": [
        {
          "column": 3,
          "line": 2,
        },
      ],
      "message": "The openvidu provider is failing; the gateway is not sending it requests for a short while. Try again later.",
      "path": [
        "createSession",
      ],
    },
  ],
}
`);
    } finally {
      await breaking.close();
    }
  });
});
