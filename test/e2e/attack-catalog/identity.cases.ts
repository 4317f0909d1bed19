/**
 * Catalog areas identity-authz (IDN-*), grant-escalation (GRANT-*) and input-validation (INP-*): what
 * ends up inside issued credentials, decoded and compared with the policy, and what never reaches a
 * provider.
 */
import { expect } from '@jest/globals';
import { buildSchema, type GraphQLObjectType } from 'graphql';
import { jwtVerify } from 'jose';
import { readFileSync } from 'node:fs';
import { expectCode, expectOk, gql, providerCalls, type CatalogChecks, type CatalogEnv } from './catalog-env.js';

const LIVEKIT = 'mutation L($input: IssueLivekitTokenInput!) { issueLivekitToken(input: $input) { token identity name grants { canPublish canSubscribe canPublishData canPublishSources canUpdateOwnMetadata hidden roomAdmin roomRecord } } }';
const CONNECTION = 'mutation C($input: CreateConnectionInput!) { createConnection(input: $input) { token role data } }';
const SESSION = 'mutation S($input: CreateSessionInput) { createSession(input: $input) { id } }';
const VIDEOSDK = 'mutation V($input: IssueVideoSdkTokenInput!) { issueVideoSdkToken(input: $input) { token participantId permissions } }';

/** The participant defaults of the built-in policy, as written into a LiveKit video grant. */
const PARTICIPANT_VIDEO_GRANT = {
  canPublish: true,
  canSubscribe: true,
  canPublishData: true,
  canUpdateOwnMetadata: false,
  hidden: false,
  roomAdmin: false,
  roomRecord: false,
};

async function livekitClaims(env: CatalogEnv, input: Record<string, unknown>, token = env.alice) {
  const out = expectOk(await gql(env.gw, LIVEKIT, { input }, { token })).issueLivekitToken;
  env.issuedTokens.add(out.token);
  return { out, claims: await env.livekit.verifier.verify(out.token) };
}

async function videoSdkClaims(env: CatalogEnv, input: Record<string, unknown>, token = env.alice) {
  // A token is bound to the meetingId its id names, so the meeting must exist at VideoSDK.
  const meetingId = input.meetingId as string;
  const room = env.rig.videosdk.findRoom(meetingId) ?? env.rig.videosdk.addRoom({ customRoomId: meetingId });
  const out = expectOk(await gql(env.gw, VIDEOSDK, { input }, { token })).issueVideoSdkToken;
  env.issuedTokens.add(out.token);
  const secret = env.rig.env.VIDEOSDK_SECRET;
  return { out, room, claims: (await jwtVerify(out.token, new TextEncoder().encode(secret), { algorithms: ['HS256'] })).payload };
}

/** A LiveKit request with this input is refused with BAD_USER_INPUT, without echoing `secretValue`. */
async function expectBadLivekitInput(env: CatalogEnv, input: Record<string, unknown>, echoed?: string) {
  const res = await gql(env.gw, LIVEKIT, { input }, { token: env.alice });
  expectCode(res, 'BAD_USER_INPUT');
  if (echoed) expect(res.text).not.toContain(echoed);
}

/** Room names, session ids and meeting ids the gateway must refuse before any provider call. */
async function expectRoomRefusedEverywhere(env: CatalogEnv, value: string) {
  expectCode(await gql(env.gw, LIVEKIT, { input: { roomName: value } }, { token: env.alice }), 'BAD_USER_INPUT');
  expectCode(await gql(env.gw, SESSION, { input: { customSessionId: value } }, { token: env.alice }), 'BAD_USER_INPUT');
  expectCode(await gql(env.gw, CONNECTION, { input: { sessionId: value } }, { token: env.alice }), 'BAD_USER_INPUT');
  expectCode(await gql(env.gw, VIDEOSDK, { input: { meetingId: value } }, { token: env.alice }), 'BAD_USER_INPUT');
  expectCode(await gql(env.gw, 'query Q($id: String!) { validateMeeting(meetingId: $id) { valid } }', { id: value }, { token: env.alice }), 'BAD_USER_INPUT');
  expect(providerCalls(env)).toBe(0);
}

/** A minimal valid document for each root field, used to call every one of them anonymously. */
const ROOT_FIELD_DOCUMENTS: Record<string, string> = {
  viewer: '{ viewer { id } }',
  validateMeeting: '{ validateMeeting(meetingId: "m-1") { valid } }',
  issueLivekitToken: 'mutation { issueLivekitToken(input: { roomName: "r" }) { token } }',
  createSession: 'mutation { createSession { id } }',
  createConnection: 'mutation { createConnection(input: { sessionId: "r" }) { token } }',
  createMeeting: 'mutation { createMeeting { meetingId } }',
  issueVideoSdkToken: 'mutation { issueVideoSdkToken(input: { meetingId: "m-1" }) { token } }',
  room: '{ room(provider: OPENVIDU, roomId: "r") { ownerId } }',
  updateRoomAccess: 'mutation { updateRoomAccess(input: { provider: OPENVIDU, roomId: "r", access: { mode: OPEN } }) { ownerId } }',
  transferRoomOwnership: 'mutation { transferRoomOwnership(input: { provider: OPENVIDU, roomId: "r", newOwnerId: "x" }) { ownerId } }',
  roomParticipants: '{ roomParticipants(provider: LIVEKIT, roomId: "r") { id } }',
  removeParticipant: 'mutation { removeParticipant(input: { provider: LIVEKIT, roomId: "r", participantId: "p" }) { participantId } }',
  muteParticipantTrack: 'mutation { muteParticipantTrack(input: { provider: OPENVIDU, roomId: "r", participantId: "p", trackId: "t", muted: true }) { effect } }',
  endRoom: 'mutation { endRoom(input: { provider: VIDEOSDK, roomId: "r" }) { roomId } }',
};

export const identityChecks: CatalogChecks = {
  'IDN-01': async (env) => {
    // No argument can name the identity: the schema has none, so such documents fail validation.
    for (const query of [
      'mutation { issueLivekitToken(input: { roomName: "r", identity: "bob" }) { token } }',
      'mutation { issueVideoSdkToken(input: { meetingId: "m", participantId: "bob" }) { token } }',
      'mutation { createConnection(input: { sessionId: "r", data: "{\\"userId\\":\\"bob\\"}" }) { token } }',
    ]) {
      expectCode(await gql(env.gw, query, undefined, { token: env.alice }), 'GRAPHQL_VALIDATION_FAILED', 400);
    }
    const { claims } = await livekitClaims(env, { roomName: 'idn', participantName: 'bob' });
    expect(claims.sub).toBe('alice');
    const { claims: vsdk } = await videoSdkClaims(env, { meetingId: 'idn' });
    expect(vsdk.participantId).toBe('alice');
    env.rig.openvidu.addSession('idn');
    const conn = expectOk(await gql(env.gw, CONNECTION, { input: { sessionId: 'idn' } }, { token: env.alice })).createConnection;
    expect(JSON.parse(conn.data).userId).toBe('alice');
    expect(JSON.parse((env.rig.openvidu.requests[0].body as { data: string }).data).userId).toBe('alice');
  },

  'IDN-02': async (env) => {
    const { out, claims } = await livekitClaims(env, { roomName: 'plain' });
    expect(out.identity).toBe('alice');
    expect(claims.sub).toBe('alice');
  },

  'IDN-05': async (env) => {
    const { claims } = await livekitClaims(env, { roomName: 'room-a' });
    expect(claims.video).toMatchObject({ room: 'room-a', roomJoin: true });
    const { claims: vsdk, room } = await videoSdkClaims(env, { meetingId: 'room-a' });
    expect(vsdk).toMatchObject({ roomId: room.roomId, participantId: 'alice' });
    env.rig.openvidu.addSession('room-a');
    const conn = expectOk(await gql(env.gw, CONNECTION, { input: { sessionId: 'room-a' } }, { token: env.alice })).createConnection;
    expect(new URL(conn.token).searchParams.get('sessionId')).toBe('room-a');
    expect(env.rig.openvidu.sessions.get('room-a')!.connections.content.map((c) => c.token)).toEqual([conn.token]);
  },

  'IDN-06': async (env) => {
    const { out, claims } = await livekitClaims(env, {
      roomName: 'meta',
      participantName: 'Mona <b>(moderator)</b>',
      metadata: JSON.stringify({ role: 'moderator', userId: 'mona' }),
      attributes: [{ key: 'role', value: 'moderator' }],
    });
    // Metadata and attributes are opaque data: they change neither the identity nor the grants.
    expect(claims.sub).toBe('alice');
    expect(claims.video).toEqual({ room: 'meta', roomJoin: true, ...PARTICIPANT_VIDEO_GRANT });
    expect(out.name).toBe('Mona <b>(moderator)</b>');
  },

  'IDN-07': async (env) => {
    // Every token for a caller carries the same identity (LiveKit then replaces the older connection);
    // nobody else can obtain it, because identity comes only from the verified caller token.
    const first = await livekitClaims(env, { roomName: 'dup' });
    const second = await livekitClaims(env, { roomName: 'dup' });
    expect([first.claims.sub, second.claims.sub]).toEqual(['alice', 'alice']);
    const bob = await env.mint({ sub: 'bob' });
    const other = await livekitClaims(env, { roomName: 'dup', participantName: 'alice' }, bob);
    expect(other.claims.sub).toBe('bob');
  },

  'IDN-08': async (env) => {
    for (const field of ['type: IPCAM', 'rtspUri: "rtsp://cam"', 'customIceServers: []', 'kurentoOptions: "{}"', 'data: "x"']) {
      const res = await gql(env.gw, `mutation { createConnection(input: { sessionId: "ov", ${field} }) { token } }`, undefined, { token: env.alice });
      expectCode(res, 'GRAPHQL_VALIDATION_FAILED', 400);
    }
    expect(providerCalls(env)).toBe(0);
    env.rig.openvidu.addSession('ov');
    expectOk(await gql(env.gw, CONNECTION, { input: { sessionId: 'ov', role: 'SUBSCRIBER', record: false } }, { token: env.alice }));
    expect(env.rig.openvidu.requests[0].body).toEqual({ type: 'WEBRTC', role: 'SUBSCRIBER', record: false, data: '{"userId":"alice","name":"Alice"}' });
  },

  'IDN-09': async (env) => {
    // Checked against the schema as emitted: a new root field without a document here fails this case.
    const schema = buildSchema(readFileSync(new URL('../../../schema.graphql', import.meta.url), 'utf8'));
    const roots = [schema.getQueryType(), schema.getMutationType()].filter((t): t is GraphQLObjectType => Boolean(t));
    expect(roots.flatMap((t) => Object.keys(t.getFields())).sort()).toEqual(Object.keys(ROOT_FIELD_DOCUMENTS).sort());
    for (const [field, query] of Object.entries(ROOT_FIELD_DOCUMENTS)) {
      const res = await gql(env.gw, query);
      // A nullable root field (room) answers data with a null field: a partial result, HTTP 200
      // (HTTP-13); a non-null one leaves no data: 401.
      const expectedStatus = res.body.data ? 200 : 401;
      expect([field, (res.body.errors ?? []).map((e) => e.extensions?.code), res.status]).toEqual([field, ['UNAUTHENTICATED'], expectedStatus]);
      if (res.body.data) expect([field, res.body.data]).toEqual([field, { [field]: null }]);
    }
    expect(providerCalls(env)).toBe(0);
  },

  'IDN-10': async (env) => {
    const subs = ['alice', 'Alice', '\u0430lice'];
    const identities = [];
    for (const sub of subs) identities.push((await livekitClaims(env, { roomName: 'look' }, await env.mint({ sub }))).claims.sub);
    expect(identities).toEqual(subs);
    const rooms = [(await livekitClaims(env, { roomName: 'Team' })).claims.video?.room, (await livekitClaims(env, { roomName: 'team' })).claims.video?.room];
    expect(rooms).toEqual(['Team', 'team']);
    await expectBadLivekitInput(env, { roomName: 'te\u0430m' });
  },

  'GRANT-01': async (env) => {
    env.rig.openvidu.addSession('grant');
    expect(expectCode(await gql(env.gw, LIVEKIT, { input: { roomName: 'grant', roomAdmin: true } }, { token: env.alice }), 'FORBIDDEN').extensions?.reason).toBe('livekit.roomAdmin');
    expect(expectCode(await gql(env.gw, CONNECTION, { input: { sessionId: 'grant', role: 'MODERATOR' } }, { token: env.alice }), 'FORBIDDEN').extensions?.reason).toBe('openvidu.role');
    expect(expectCode(await gql(env.gw, VIDEOSDK, { input: { meetingId: 'grant', permissions: ['ALLOW_JOIN', 'ALLOW_MOD'] } }, { token: env.alice }), 'FORBIDDEN').extensions?.reason).toBe('videosdk.permissions');
    expect(providerCalls(env)).toBe(0);
    const { claims } = await livekitClaims(env, { roomName: 'grant', roomAdmin: true }, env.mona);
    expect(claims.video).toEqual({ room: 'grant', roomJoin: true, ...PARTICIPANT_VIDEO_GRANT, canUpdateOwnMetadata: true, roomAdmin: true });
    expect(expectOk(await gql(env.gw, CONNECTION, { input: { sessionId: 'grant', role: 'MODERATOR' } }, { token: env.mona })).createConnection.role).toBe('MODERATOR');
    const { claims: vsdk } = await videoSdkClaims(env, { meetingId: 'grant', permissions: ['ALLOW_JOIN', 'ALLOW_MOD'] }, env.mona);
    expect(vsdk.permissions).toEqual(['allow_join', 'allow_mod']);
  },

  'GRANT-03': async (env) => {
    for (const grant of ['roomCreate', 'roomList', 'ingressAdmin', 'recorder', 'agent', 'canSubscribeMetrics', 'destinationRoom']) {
      expectCode(await gql(env.gw, `mutation { issueLivekitToken(input: { roomName: "g", ${grant}: true }) { token } }`, undefined, { token: env.alice }), 'GRAPHQL_VALIDATION_FAILED', 400);
    }
    for (const grant of ['hidden', 'canUpdateOwnMetadata', 'roomRecord']) {
      expectCode(await gql(env.gw, LIVEKIT, { input: { roomName: 'g', [grant]: true } }, { token: env.alice }), 'FORBIDDEN');
    }
    // Even a moderator's token holds only the allow-listed grant keys.
    const { claims } = await livekitClaims(env, { roomName: 'g', hidden: true, roomRecord: true }, env.mona);
    const allowed = ['room', 'roomJoin', 'canPublish', 'canSubscribe', 'canPublishData', 'canPublishSources', 'canUpdateOwnMetadata', 'hidden', 'roomAdmin', 'roomRecord'];
    expect(Object.keys(claims.video ?? {}).filter((k) => !allowed.includes(k))).toEqual([]);
    expect(Object.keys(claims).filter((k) => ['sip', 'inference', 'roomConfig'].includes(k))).toEqual([]);
  },

  'GRANT-04': async (env) => {
    const { claims } = await livekitClaims(env, { roomName: 'defaults' });
    expect(claims.video).toEqual({ room: 'defaults', roomJoin: true, ...PARTICIPANT_VIDEO_GRANT });
    expect(claims.exp! - claims.nbf!).toBe(600);
    const { claims: vsdk } = await videoSdkClaims(env, { meetingId: 'defaults' });
    expect(vsdk.permissions).toEqual(['allow_join']);
    expect(vsdk.exp! - vsdk.iat!).toBe(600);
    env.rig.openvidu.addSession('defaults');
    expectOk(await gql(env.gw, CONNECTION, { input: { sessionId: 'defaults' } }, { token: env.alice }));
    expect((env.rig.openvidu.requests[0].body as { role: string }).role).toBe('PUBLISHER');
  },

  'GRANT-05': async (env) => {
    // Beyond the schema's own maximum: refused. Within it but above the policy maximum: capped at 1 h.
    await expectBadLivekitInput(env, { roomName: 'ttl', ttlSeconds: 1_000_000_000 });
    const { claims } = await livekitClaims(env, { roomName: 'ttl', ttlSeconds: 86_400 });
    expect(claims.exp! - claims.nbf!).toBe(3600);
    const { claims: vsdk } = await videoSdkClaims(env, { meetingId: 'ttl', ttlSeconds: 86_400 });
    expect(vsdk.exp! - vsdk.iat!).toBe(3600);
  },

  'GRANT-06': async (env) => {
    for (const ttlSeconds of [0, -5]) {
      await expectBadLivekitInput(env, { roomName: 'ttl', ttlSeconds });
      expectCode(await gql(env.gw, VIDEOSDK, { input: { meetingId: 'ttl', ttlSeconds } }, { token: env.alice }), 'BAD_USER_INPUT');
    }
    expectCode(await gql(env.gw, LIVEKIT, { input: { roomName: 'ttl', ttlSeconds: 1.5 } }, { token: env.alice }), 'BAD_USER_INPUT', 400);
  },

  'GRANT-07': async (env) => {
    for (const ttlSeconds of [2147483648, '1y']) {
      const res = await gql(env.gw, LIVEKIT, { input: { roomName: 'ttl', ttlSeconds } }, { token: env.alice });
      expectCode(res, 'BAD_USER_INPUT', 400);
      expect(res.text).not.toContain('2147483648');
    }
  },

  'GRANT-09': async (env) => {
    const before = await livekitClaims(env, { roomName: 'demote', roomAdmin: true }, env.mona);
    expect(before.claims.video?.roomAdmin).toBe(true);
    // The same person, now without the moderator role in their caller token.
    const demoted = await env.mint({ sub: 'mona', name: 'Mona', roles: [] });
    expectCode(await gql(env.gw, LIVEKIT, { input: { roomName: 'demote', roomAdmin: true } }, { token: demoted }), 'FORBIDDEN');
    const after = await livekitClaims(env, { roomName: 'demote' }, demoted);
    expect(after.claims.video).toEqual({ room: 'demote', roomJoin: true, ...PARTICIPANT_VIDEO_GRANT });
  },

  'GRANT-10': async (env) => {
    const many = Array.from({ length: 20 }, (_, i) => `t${i}: issueLivekitToken(input: { roomName: "r${i}" }) { token }`).join(' ');
    const twenty = await gql(env.gw, `mutation { ${many} }`, undefined, { token: env.alice });
    // Refused twice over: by the alias limit and by the one-credential-field rule.
    expect([twenty.status, new Set(twenty.body.errors?.map((e) => e.extensions?.code)), twenty.body.data]).toEqual([400, new Set(['GRAPHQL_VALIDATION_FAILED']), undefined]);
    expect(twenty.body.errors?.map((e) => e.message)).toContain('At most 1 credential-issuing field(s) per operation; found 20.');
    env.rig.openvidu.addSession('batch');
    const two = 'mutation { a: createConnection(input: { sessionId: "batch" }) { token } b: createConnection(input: { sessionId: "batch" }) { token } }';
    expectCode(await gql(env.gw, two, undefined, { token: env.alice }), 'GRAPHQL_VALIDATION_FAILED', 400);
    const disguised = `mutation { ...A ... on Mutation { b: issueVideoSdkToken(input: { meetingId: "m" }) { token } } }
      fragment A on Mutation { a: issueLivekitToken(input: { roomName: "r" }) { token } }`;
    expectCode(await gql(env.gw, disguised, undefined, { token: env.alice }), 'GRAPHQL_VALIDATION_FAILED', 400);
    expect(providerCalls(env)).toBe(0);
  },

  'INP-01': async (env) => {
    for (const length of [65, 1000, 60_000]) {
      const value = `R${'x'.repeat(length - 1)}`;
      const res = await gql(env.gw, LIVEKIT, { input: { roomName: value } }, { token: env.alice });
      expectCode(res, 'BAD_USER_INPUT');
      expect(res.text).not.toContain('x'.repeat(65));
      expectCode(await gql(env.gw, SESSION, { input: { customSessionId: value } }, { token: env.alice }), 'BAD_USER_INPUT');
    }
    expect(providerCalls(env)).toBe(0);
  },

  'INP-02': async (env) => {
    for (const value of ['', '   ']) await expectRoomRefusedEverywhere(env, value);
  },

  'INP-03': async (env) => {
    for (const ch of ['\u0000', '\r\n', '\t', '\u007f', '\u001b[31m']) {
      await expectRoomRefusedEverywhere(env, `room${ch}x`);
      await expectBadLivekitInput(env, { roomName: 'ok', participantName: `Eve${ch}Admin` });
    }
    expect(env.gw.logs.join('\n')).not.toMatch(/[\u0000\u001b]/);
  },

  'INP-04': async (env) => {
    for (const value of ['../sessions', 'a/connection', 'a?x=1', 'a#b', '%2e%2e', 'a%00']) await expectRoomRefusedEverywhere(env, value);
  },

  'INP-05': async (env) => {
    for (const name of ['Eve\u202eenimda', 'E\u200bve', 'E\u200dve', '\ufeffEve', `a${'\u0301'.repeat(500)}`]) {
      await expectBadLivekitInput(env, { roomName: 'uni', participantName: name });
    }
  },

  'INP-06': async (env) => {
    await expectBadLivekitInput(env, { roomName: 'nfc', participantName: 'Ame\u0301lie' });
    const { out, claims } = await livekitClaims(env, { roomName: 'nfc', participantName: 'Am\u00e9lie' });
    expect([out.name, claims.name]).toEqual(['Am\u00e9lie', 'Am\u00e9lie']);
  },

  'INP-07': async (env) => {
    for (const field of ['participantName', 'metadata']) {
      const body = `{"query":${JSON.stringify(LIVEKIT)},"variables":{"input":{"roomName":"s","${field}":"a\\ud800b"}}}`;
      expectCode(await gql(env.gw, '', undefined, { token: env.alice, body }), 'BAD_USER_INPUT');
    }
  },

  'INP-08': async (env) => {
    const emoji = '\u{1F600}';
    const { claims } = await livekitClaims(env, { roomName: 'emoji', participantName: emoji.repeat(64) });
    expect([...(claims.name ?? '')]).toHaveLength(64);
    await expectBadLivekitInput(env, { roomName: 'emoji', participantName: emoji.repeat(65) });
  },

  'INP-09': async (env) => {
    const res = await gql(env.gw, 'query Q($id: String!) { validateMeeting(meetingId: $id) { valid } }', { id: 'm'.repeat(65) }, { token: env.alice });
    expect(expectCode(res, 'BAD_USER_INPUT').extensions?.field).toBe('meetingId');
    expect(providerCalls(env)).toBe(0);
  },

  'INP-10': async (env) => {
    const canary = `CANARY-${Date.now()}\u0007`;
    for (const input of [{ roomName: canary }, { roomName: 'ok', participantName: canary }, { roomName: 'ok', metadata: `${canary}${'m'.repeat(5000)}` }]) {
      const res = await gql(env.gw, LIVEKIT, { input }, { token: env.alice });
      const error = expectCode(res, 'BAD_USER_INPUT');
      expect(res.text).not.toContain('CANARY');
      expect(Object.keys(error.extensions ?? {}).sort()).toEqual(['code', 'fields']);
    }
  },

  'INP-11': async (env) => {
    const attributes = ['__proto__', 'constructor', 'prototype'].map((key) => ({ key, value: `polluted-${key}` }));
    const { claims } = await livekitClaims(env, { roomName: 'proto', attributes });
    expect(Object.entries(claims.attributes ?? {}).sort()).toEqual(attributes.map((a) => [a.key, a.value]).sort());
    // The gateway runs in this process: its Object.prototype is untouched.
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted-__proto__');
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
    expectCode(await gql(env.gw, LIVEKIT, { input: { roomName: 'p', attributes: [{ key: 'k', value: '1' }, { key: 'k', value: '2' }] } }, { token: env.alice }), 'BAD_USER_INPUT');
  },

  'INP-12': async (env) => {
    expectCode(await gql(env.gw, LIVEKIT, { input: { roomName: 'types', canPublish: 'true' } }, { token: env.alice }), 'BAD_USER_INPUT', 400);
    expectCode(await gql(env.gw, 'mutation { issueLivekitToken(input: { roomName: 123 }) { token } }', undefined, { token: env.alice }), 'GRAPHQL_VALIDATION_FAILED', 400);
    expectCode(await gql(env.gw, LIVEKIT, { input: { roomName: 'types', ttlSeconds: 1.5 } }, { token: env.alice }), 'BAD_USER_INPUT', 400);
    expectCode(await gql(env.gw, 'mutation { issueLivekitToken(input: { roomName: "t" }, provider: "jitsi") { token } }', undefined, { token: env.alice }), 'GRAPHQL_VALIDATION_FAILED', 400);
  },
};
