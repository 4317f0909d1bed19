/**
 * Two gateway replicas on different ports sharing one real redis-server (spawned on a free port):
 * ownership, access and rate limits hold across them, racing creates end with one owner, and when
 * Redis hangs or dies the gateway fails closed with STATE_UNAVAILABLE, then recovers on its own.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { jwtVerify } from 'jose';
import {
  CreateConnectionDocument,
  CreateMeetingDocument,
  CreateSessionDocument,
  IssueLivekitTokenDocument,
  IssueVideoSdkTokenDocument,
  RoomDocument,
  UpdateRoomAccessDocument,
  ViewerDocument,
} from '../../client/generated/graphql.js';
import { DEFAULT_POLICY } from '../../src/policy/default-policy.js';
import { REDIS_TIMEOUT_MS } from '../../src/state/shared-state.js';
import { mintHs256CallerToken } from '../support/caller-tokens.js';
import { startOpenViduDouble, type OpenViduDouble } from '../support/doubles/openvidu-double.js';
import { startVideoSdkDouble, type VideoSdkDouble } from '../support/doubles/videosdk-double.js';
import { execute, expectData, expectErrorCode } from '../support/graphql-client.js';
import { startRedisServer, type TestRedisServer } from '../support/redis-server.js';
import { startTestGateway, TEST_AUTH_SECRET, type TestGateway } from '../support/start-test-gateway.js';

const OV_SECRET = 'ov-replicas-secret';
const VSDK = { apiKey: 'vsdk-replicas', secret: 'vsdk-replicas-secret-0123456789abcdef0123' };
const PER_CALLER = 4;

describe('several replicas sharing one Redis', () => {
  let dir: string;
  let redis: TestRedisServer;
  let openvidu: OpenViduDouble;
  let videosdk: VideoSdkDouble;
  let a: TestGateway;
  let b: TestGateway;
  const token = (sub: string, roles: string[] = []) => mintHs256CallerToken(TEST_AUTH_SECRET, { sub, roles });
  const connect = (gw: TestGateway, caller: string, sessionId: string) =>
    execute(gw.graphqlUrl, CreateConnectionDocument, { input: { sessionId } }, { token: caller });
  const livekit = (gw: TestGateway, caller: string) => execute(gw.graphqlUrl, IssueLivekitTokenDocument, { input: { roomName: 'shared' } }, { token: caller });
  const roleSentFor = (sessionId: string) =>
    openvidu.findRequests('POST', `/openvidu/api/sessions/${sessionId}/connection`).map((r) => (r.body as { role: string }).role);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'callgate-replicas-'));
    const policyFile = join(dir, 'policy.json');
    await writeFile(
      policyFile,
      JSON.stringify({ ...DEFAULT_POLICY, rateLimits: { perCaller: { points: PER_CALLER, durationSeconds: 60 }, perIp: { points: 1000, durationSeconds: 60 } } }),
    );
    redis = await startRedisServer();
    openvidu = await startOpenViduDouble({ secret: OV_SECRET });
    videosdk = await startVideoSdkDouble(VSDK);
    const env = {
      REDIS_URL: redis.url,
      POLICY_FILE: policyFile,
      LIVEKIT_API_KEY: 'lk-replicas',
      LIVEKIT_API_SECRET: 'lk-replicas-secret-0123456789abcdef0123',
      OPENVIDU_URL: openvidu.url,
      OPENVIDU_SECRET: OV_SECRET,
      VIDEOSDK_API_KEY: VSDK.apiKey,
      VIDEOSDK_SECRET: VSDK.secret,
      VIDEOSDK_API_URL: videosdk.url,
    };
    [a, b] = await Promise.all([startTestGateway(env), startTestGateway(env)]);
    expect(a.url).not.toBe(b.url);
  });
  afterEach(() => {
    openvidu.reset();
    videosdk.reset();
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await openvidu?.close();
    await videosdk?.close();
    await redis?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('knows on B the owner of a session created through A', async () => {
    const alice = await token('alice');
    const bob = await token('bob');
    const created = expectData(await execute(a.graphqlUrl, CreateSessionDocument, { input: { customSessionId: 'shared-standup' } }, { token: alice }));
    expect(created.createSession.room.ownerId).toBe('alice');

    expect(expectData(await connect(b, alice, 'shared-standup')).createConnection.role).toBe('MODERATOR');
    expect(expectData(await connect(b, bob, 'shared-standup')).createConnection.role).toBe('PUBLISHER');
    expect(roleSentFor('shared-standup')).toEqual(['MODERATOR', 'PUBLISHER']);
    const seenOnB = expectData(await execute(b.graphqlUrl, RoomDocument, { provider: 'OPENVIDU', roomId: 'shared-standup' }, { token: bob })).room;
    expect(seenOnB).toMatchObject({ ownerId: 'alice', access: { mode: 'OPEN' } });
  });

  it('knows on A the owner of a meeting created through B, by either id, and an access change on A holds on B', async () => {
    const olga = await token('olga');
    const pete = await token('pete');
    const meeting = expectData(
      await execute(b.graphqlUrl, CreateMeetingDocument, { input: { customMeetingId: 'shared-daily' } }, { token: olga }),
    ).createMeeting;
    for (const meetingId of [meeting.meetingId, 'shared-daily']) {
      const out = expectData(await execute(a.graphqlUrl, IssueVideoSdkTokenDocument, { input: { meetingId } }, { token: olga })).issueVideoSdkToken;
      const { payload } = await jwtVerify(out.token, new TextEncoder().encode(VSDK.secret));
      expect(payload.permissions).toEqual(['allow_join', 'allow_mod']);
    }
    expectData(
      await execute(a.graphqlUrl, UpdateRoomAccessDocument, { input: { provider: 'VIDEOSDK', roomId: 'shared-daily', access: { mode: 'RESTRICTED' } } }, { token: olga }),
    );
    const refused = await execute(b.graphqlUrl, IssueVideoSdkTokenDocument, { input: { meetingId: meeting.meetingId } }, { token: pete });
    // Refused as an unknown meeting would be.
    expect(expectErrorCode(refused, 'NOT_FOUND').extensions?.resource).toBe('meeting');
  });

  it('ends racing creates of one custom id through both replicas with exactly one owner', async () => {
    const racers = await Promise.all(Array.from({ length: 10 }, (_, i) => token(`racer-${i}`)));
    const answers = await Promise.all(
      racers.map((t, i) => execute(i % 2 ? b.graphqlUrl : a.graphqlUrl, CreateSessionDocument, { input: { customSessionId: 'race-room' } }, { token: t })),
    );
    const owners = new Set(answers.map((res) => expectData(res).createSession.room.ownerId));
    expect(owners.size).toBe(1);
    const [owner] = owners;
    const createdLines = [...a.logRecords(), ...b.logRecords()].filter(
      (r) => (r.audit as { event?: string; room?: string } | undefined)?.event === 'room.created' && (r.audit as { room: string }).room === 'race-room',
    );
    expect(createdLines).toHaveLength(1);
    expect((createdLines[0].audit as { callerId: string }).callerId).toBe(owner);

    const ownerIndex = Number(owner.split('-')[1]);
    expect(expectData(await connect(b, racers[ownerIndex], 'race-room')).createConnection.role).toBe('MODERATOR');
    expect(expectData(await connect(a, racers[(ownerIndex + 1) % 10], 'race-room')).createConnection.role).toBe('PUBLISHER');
  });

  it('enforces on B a rate limit counted on A', async () => {
    const rita = await token('rita');
    for (let i = 0; i < PER_CALLER; i++) expectData(await livekit(i % 2 ? b : a, rita));
    const onB = await livekit(b, rita);
    expect(onB.status).toBe(429);
    expect(expectErrorCode(onB, 'RATE_LIMITED').extensions).toMatchObject({ limit: 'caller' });
    expectErrorCode(await livekit(a, rita), 'RATE_LIMITED');
  });

  it('answers STATE_UNAVAILABLE (503) within about the command timeout when Redis hangs, without calling the provider', async () => {
    const sam = await token('sam');
    openvidu.addSession('frozen');
    redis.freeze();
    try {
      const started = Date.now();
      const res = await connect(a, sam, 'frozen');
      const elapsed = Date.now() - started;
      expect(res.status).toBe(503);
      expect(expectErrorCode(res, 'STATE_UNAVAILABLE')).toMatchObject({
        message: 'The gateway cannot reach its shared state store; try again shortly.',
        extensions: { code: 'STATE_UNAVAILABLE', retryable: true },
      });
      expect(elapsed).toBeLessThan(REDIS_TIMEOUT_MS + 2000);
      expect(openvidu.requests).toHaveLength(0);
    } finally {
      redis.thaw();
    }
  });

  it('fails closed when Redis is killed mid-run, and serves again once Redis is back', async () => {
    const tom = await token('tom');
    const owner = await token('uma');
    expectData(await execute(a.graphqlUrl, CreateSessionDocument, { input: { customSessionId: 'before-crash' } }, { token: owner }));
    openvidu.reset();

    await redis.kill();
    for (const gw of [a, b]) {
      const started = Date.now();
      const lk = await livekit(gw, tom);
      expect(lk.status).toBe(503);
      expectErrorCode(lk, 'STATE_UNAVAILABLE');
      expectErrorCode(await connect(gw, owner, 'before-crash'), 'STATE_UNAVAILABLE');
      expectErrorCode(await execute(gw.graphqlUrl, RoomDocument, { provider: 'OPENVIDU', roomId: 'before-crash' }, { token: owner }), 'STATE_UNAVAILABLE');
      expect(Date.now() - started).toBeLessThan(3 * REDIS_TIMEOUT_MS + 2000);
      // What needs no shared state still works.
      expect(expectData(await execute(gw.graphqlUrl, ViewerDocument, undefined, { token: tom })).viewer.id).toBe('tom');
    }
    expect(openvidu.requests).toHaveLength(0);
    expect(a.logRecords().some((r) => r.msg === 'shared state store unreachable: credential mutations answer STATE_UNAVAILABLE until it is back')).toBe(true);

    await redis.restart();
    const deadline = Date.now() + 10_000;
    let recovered = await livekit(b, tom);
    while (recovered.body.errors && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      recovered = await livekit(b, tom);
    }
    expectData(recovered);
    // This Redis keeps nothing on disk (--save ""), so the old ownership is gone: persistence is the operator's choice.
    expect(expectData(await execute(a.graphqlUrl, RoomDocument, { provider: 'OPENVIDU', roomId: 'before-crash' }, { token: owner })).room).toBeNull();
  });
});
