import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { jwtVerify } from 'jose';
import { CreateMeetingDocument, IssueVideoSdkTokenDocument, ValidateMeetingDocument } from '../../client/generated/graphql.js';
import { mintHs256CallerToken } from '../support/caller-tokens.js';
import { startVideoSdkDouble, type VideoSdkDouble } from '../support/doubles/videosdk-double.js';
import { execute, expectData, expectErrorCode, seenResponses } from '../support/graphql-client.js';
import { startTestGateway, TEST_AUTH_SECRET, type TestGateway } from '../support/start-test-gateway.js';

const API_KEY = 'vsdk-test-key';
const SECRET = `vsdk-secret-${Math.random().toString(36).slice(2)}-canary-0123456789`;
const key = new TextEncoder().encode(SECRET);

describe('VideoSDK: createMeeting, validateMeeting, issueVideoSdkToken', () => {
  let videosdk: VideoSdkDouble;
  let gw: TestGateway;
  let alice: string;
  let mona: string;

  beforeAll(async () => {
    videosdk = await startVideoSdkDouble({ apiKey: API_KEY, secret: SECRET });
    gw = await startTestGateway({
      VIDEOSDK_API_KEY: API_KEY,
      VIDEOSDK_SECRET: SECRET,
      VIDEOSDK_API_URL: videosdk.url,
      VIDEOSDK_TIMEOUT_MS: '400',
      PROVIDER_BREAKER_THRESHOLD: '1000',
    });
    alice = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'alice', name: 'Alice' });
    mona = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'mona', roles: ['moderator'] });
  });
  afterEach(() => videosdk.reset());
  afterAll(async () => {
    await gw.close();
    await videosdk.close();
  });

  it('creates a meeting with a raw management JWT (no Bearer) that can call REST but not join', async () => {
    const meeting = expectData(
      await execute(
        gw.graphqlUrl,
        CreateMeetingDocument,
        { input: { customMeetingId: 'acme-standup', autoClose: { type: 'SESSION_ENDS', durationMinutes: 120 } } },
        { token: alice },
      ),
    ).createMeeting;
    expect(meeting.meetingId).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
    expect(meeting).toMatchObject({ customMeetingId: 'acme-standup', disabled: false, autoCloseType: 'SESSION_ENDS', autoCloseMinutes: 120 });

    const [call] = videosdk.findRequests('POST', '/v2/rooms');
    expect(call.body).toEqual({ customRoomId: 'acme-standup', autoCloseConfig: { type: 'session-ends', duration: 120 } });
    expect(call.headers.authorization).not.toMatch(/^Bearer /);
    const { payload } = await jwtVerify(call.headers.authorization!, key, { algorithms: ['HS256'] });
    expect(payload).toMatchObject({ apikey: API_KEY, version: 2, roles: ['crawler'], permissions: ['allow_join'] });
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(600);
  });

  it('returns the same meeting for a repeated custom id', async () => {
    const first = expectData(await execute(gw.graphqlUrl, CreateMeetingDocument, { input: { customMeetingId: 'same' } }, { token: alice }));
    const second = expectData(await execute(gw.graphqlUrl, CreateMeetingDocument, { input: { customMeetingId: 'same' } }, { token: alice }));
    expect(second.createMeeting.meetingId).toBe(first.createMeeting.meetingId);
  });

  it('validates a known meeting id and a custom id, and answers valid:false for an unknown one', async () => {
    const room = videosdk.addRoom({ customRoomId: 'known-custom' });
    const byId = expectData(await execute(gw.graphqlUrl, ValidateMeetingDocument, { meetingId: room.roomId }, { token: alice }));
    expect(byId.validateMeeting).toMatchObject({ meetingId: room.roomId, valid: true, disabled: false });
    const byCustom = expectData(await execute(gw.graphqlUrl, ValidateMeetingDocument, { meetingId: 'known-custom' }, { token: alice }));
    expect(byCustom.validateMeeting.valid).toBe(true);
    const unknown = expectData(await execute(gw.graphqlUrl, ValidateMeetingDocument, { meetingId: 'zzzz-zzzz-zzzz' }, { token: alice }));
    expect(unknown.validateMeeting).toEqual({ meetingId: 'zzzz-zzzz-zzzz', valid: false, disabled: false, meeting: null });
    expect(videosdk.findRequests('GET', /^\/v2\/rooms\/validate\//)).toHaveLength(3);
  });

  it('reports a disabled meeting as not valid', async () => {
    const room = videosdk.addRoom({ disabled: true });
    const res = expectData(await execute(gw.graphqlUrl, ValidateMeetingDocument, { meetingId: room.roomId }, { token: alice }));
    expect(res.validateMeeting).toMatchObject({ valid: false, disabled: true });
  });

  it('rejects a malformed meeting id before calling VideoSDK', async () => {
    const res = await execute(gw.graphqlUrl, ValidateMeetingDocument, { meetingId: '../rooms' }, { token: alice });
    expectErrorCode(res, 'BAD_USER_INPUT');
    expect(videosdk.requests).toHaveLength(0);
  });

  it('signs a participant token bound to the meeting and the caller', async () => {
    videosdk.addRoom({ roomId: 'abcd-efgh-ijkl' });
    const out = expectData(await execute(gw.graphqlUrl, IssueVideoSdkTokenDocument, { input: { meetingId: 'abcd-efgh-ijkl' } }, { token: alice }))
      .issueVideoSdkToken;
    expect(out).toMatchObject({ participantId: 'alice', meetingId: 'abcd-efgh-ijkl', permissions: ['ALLOW_JOIN'] });
    const { payload } = await jwtVerify(out.token, key, { algorithms: ['HS256'] });
    expect(payload).toMatchObject({
      apikey: API_KEY,
      version: 2,
      roomId: 'abcd-efgh-ijkl',
      participantId: 'alice',
      roles: ['rtc'],
      permissions: ['allow_join'],
    });
    expect(payload.exp! - payload.iat!).toBe(600);
    // The gateway holds no record of this meeting: VideoSDK was asked whether it exists, nothing else.
    expect(videosdk.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v2/rooms/validate/abcd-efgh-ijkl']);
  });

  it('never mixes ask_join with other permissions', async () => {
    videosdk.addRoom({ roomId: 'abcd-efgh-ijkl' });
    const res = await execute(
      gw.graphqlUrl,
      IssueVideoSdkTokenDocument,
      { input: { meetingId: 'abcd-efgh-ijkl', permissions: ['ASK_JOIN', 'ALLOW_JOIN'] } },
      { token: alice },
    );
    expectErrorCode(res, 'BAD_USER_INPUT');
    const askOnly = expectData(
      await execute(gw.graphqlUrl, IssueVideoSdkTokenDocument, { input: { meetingId: 'abcd-efgh-ijkl', permissions: ['ASK_JOIN'] } }, { token: alice }),
    ).issueVideoSdkToken;
    const { payload } = await jwtVerify(askOnly.token, key);
    expect(payload.permissions).toEqual(['ask_join']);
  });

  it('gives allow_mod only to moderators', async () => {
    videosdk.addRoom({ roomId: 'abcd-efgh-ijkl' });
    const refused = await execute(
      gw.graphqlUrl,
      IssueVideoSdkTokenDocument,
      { input: { meetingId: 'abcd-efgh-ijkl', permissions: ['ALLOW_JOIN', 'ALLOW_MOD'] } },
      { token: alice },
    );
    expectErrorCode(refused, 'FORBIDDEN');
    const granted = expectData(await execute(gw.graphqlUrl, IssueVideoSdkTokenDocument, { input: { meetingId: 'abcd-efgh-ijkl' } }, { token: mona }))
      .issueVideoSdkToken;
    const { payload } = await jwtVerify(granted.token, key);
    expect(payload.permissions).toEqual(['allow_join', 'allow_mod']);
  });

  it('maps a refused management token (401) to PROVIDER_ERROR', async () => {
    videosdk.inject({ kind: 'status', status: 401, body: { error: 'Token is invalid or expired' } });
    const res = await execute(gw.graphqlUrl, CreateMeetingDocument, {}, { token: alice });
    expect(expectErrorCode(res, 'PROVIDER_ERROR').extensions?.provider).toBe('videosdk');
  });

  it('maps a 503 on validate (after its retries) to PROVIDER_ERROR and a hang to PROVIDER_TIMEOUT', async () => {
    videosdk.inject({ kind: 'status', status: 503, text: 'upstream unavailable' }, 3);
    expectErrorCode(await execute(gw.graphqlUrl, ValidateMeetingDocument, { meetingId: 'abcd-efgh-ijkl' }, { token: alice }), 'PROVIDER_ERROR');
    videosdk.inject({ kind: 'hang' });
    expectErrorCode(await execute(gw.graphqlUrl, CreateMeetingDocument, {}, { token: alice }), 'PROVIDER_TIMEOUT');
  });

  it('maps a garbage body to PROVIDER_ERROR', async () => {
    videosdk.inject({ kind: 'garbage' });
    expectErrorCode(await execute(gw.graphqlUrl, CreateMeetingDocument, {}, { token: alice }), 'PROVIDER_ERROR');
  });

  it('never shows the VideoSDK secret or the management token in responses or logs', () => {
    const managementTokens = videosdk.requests.map((r) => r.headers.authorization).filter(Boolean) as string[];
    const everything = [...seenResponses, ...gw.logs].join('\n');
    expect(everything).not.toContain(SECRET);
    for (const token of managementTokens) expect(everything).not.toContain(token);
  });
});
