/**
 * Fault injection for each REST provider, through the real path: GraphQL over HTTP to the gateway,
 * the gateway over HTTP to a provider double that misbehaves on the wire. Every case asserts the
 * error code, a bound on the elapsed time, how many requests reached the provider, and that no
 * secret, provider URL, stack or socket leaked. Each provider is exercised with one call that is safe
 * to repeat (retried) and one create that is not (never repeated).
 *
 * LiveKit is not here: its tokens are signed locally, with no network call to fail.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CreateConnectionDocument,
  CreateMeetingDocument,
  CreateSessionDocument,
  ValidateMeetingDocument,
} from '../../client/generated/graphql.js';
import { mintHs256CallerToken } from '../support/caller-tokens.js';
import { unusedPortUrl, type DoubleServer, type Fault } from '../support/doubles/double-server.js';
import { execute, type GraphQLResponse } from '../support/graphql-client.js';
import { startProviderRig, waitFor, type ProviderRig } from '../support/provider-rig.js';
import { unlimitedPolicyFile } from '../support/policy-files.js';
import { startTestGateway, TEST_AUTH_SECRET, type TestGateway } from '../support/start-test-gateway.js';

/**
 * The call deadline of the gateway under test: short, so the hang and trickle cases prove the
 * deadline without waiting long for it.
 */
const DEADLINE_MS = 800;
/**
 * The deadline of a second gateway for the one case that must outlast a Retry-After of 1 s (the
 * header's smallest wait); a call never waits past its deadline.
 */
const PATIENT_DEADLINE_MS = 1500;
/** Scheduling slack on a shared 2-core machine; the bounds below are about deadlines, not speed. */
const SLACK_MS = 800;
/**
 * Waits between retries, short: the cases count attempts, they do not time the backoff (the backoff
 * rule has unit tests of its own).
 */
const RETRY_BASE_DELAY_MS = '20';
const ROOM = 'fault-room';

type Kind = 'repeatable' | 'create';
type ProviderName = 'openvidu' | 'videosdk';

interface Expectation {
  code: string;
  /** Requests that reached the provider double. */
  calls: number;
  minMs?: number;
  maxMs: number;
}

interface FaultCase {
  name: string;
  /** Runs against the gateway with the longer deadline (PATIENT_DEADLINE_MS) and doubles of its own. */
  patient?: boolean;
  /** Faults queued on the double before the request (FIFO, one per request it receives). */
  faults: Fault[];
  expected: Record<Kind, Expectation>;
}

const fast = DEADLINE_MS; // anything that must not wait for a deadline finishes well inside one
const atDeadline = DEADLINE_MS + SLACK_MS;

const CASES: FaultCase[] = [
  {
    name: 'hang (headers never sent)',
    faults: [{ kind: 'hang' }],
    expected: {
      repeatable: { code: 'PROVIDER_TIMEOUT', calls: 1, minMs: DEADLINE_MS - 50, maxMs: atDeadline },
      create: { code: 'PROVIDER_TIMEOUT', calls: 1, minMs: DEADLINE_MS - 50, maxMs: atDeadline },
    },
  },
  {
    name: 'slow response within the deadline',
    faults: [{ kind: 'delay', ms: 200 }],
    expected: {
      repeatable: { code: 'OK', calls: 1, minMs: 200, maxMs: fast },
      create: { code: 'OK', calls: 1, minMs: 200, maxMs: fast },
    },
  },
  {
    name: 'slow body (one byte every 50 ms, forever)',
    faults: [{ kind: 'trickle', intervalMs: 50 }],
    expected: {
      repeatable: { code: 'PROVIDER_TIMEOUT', calls: 1, minMs: DEADLINE_MS - 50, maxMs: atDeadline },
      create: { code: 'PROVIDER_TIMEOUT', calls: 1, minMs: DEADLINE_MS - 50, maxMs: atDeadline },
    },
  },
  {
    name: 'connection reset, then a normal answer',
    faults: [{ kind: 'reset' }],
    expected: {
      repeatable: { code: 'OK', calls: 2, maxMs: fast },
      create: { code: 'PROVIDER_ERROR', calls: 1, maxMs: fast },
    },
  },
  {
    name: '503, then a normal answer',
    faults: [{ kind: 'status', status: 503, text: 'upstream restarting' }],
    expected: {
      repeatable: { code: 'OK', calls: 2, maxMs: fast },
      create: { code: 'PROVIDER_ERROR', calls: 1, maxMs: fast },
    },
  },
  {
    name: '500 on every attempt',
    faults: [0, 1, 2].map(() => ({ kind: 'status', status: 500, body: { message: 'internal detail' } }) as Fault),
    expected: {
      repeatable: { code: 'PROVIDER_ERROR', calls: 3, maxMs: fast },
      create: { code: 'PROVIDER_ERROR', calls: 1, maxMs: fast },
    },
  },
  {
    name: '429 with Retry-After: 1 (within the 2 s cap), then a normal answer',
    patient: true,
    faults: [{ kind: 'status', status: 429, text: 'slow down', headers: { 'retry-after': '1' } }],
    expected: {
      repeatable: { code: 'OK', calls: 2, minMs: 1000, maxMs: PATIENT_DEADLINE_MS + SLACK_MS },
      create: { code: 'PROVIDER_ERROR', calls: 1, maxMs: 500 },
    },
  },
  {
    name: '429 with Retry-After: 3600 (over the cap: no wait)',
    faults: [{ kind: 'status', status: 429, text: 'slow down', headers: { 'retry-after': '3600' } }],
    expected: {
      repeatable: { code: 'PROVIDER_ERROR', calls: 1, maxMs: 500 },
      create: { code: 'PROVIDER_ERROR', calls: 1, maxMs: 500 },
    },
  },
  {
    name: 'malformed JSON in a 200',
    faults: [{ kind: 'garbage' }],
    expected: {
      repeatable: { code: 'PROVIDER_ERROR', calls: 1, maxMs: fast },
      create: { code: 'PROVIDER_ERROR', calls: 1, maxMs: fast },
    },
  },
  {
    name: '401 (the gateway credentials refused)',
    faults: [{ kind: 'status', status: 401, body: { error: 'Token is invalid or expired' } }],
    expected: {
      repeatable: { code: 'PROVIDER_ERROR', calls: 1, maxMs: fast },
      create: { code: 'PROVIDER_ERROR', calls: 1, maxMs: fast },
    },
  },
];

/** A gateway and the provider doubles only it calls (each double then sees one gateway's sockets). */
interface Setup {
  gw: TestGateway;
  rig: ProviderRig;
}

describe('provider faults', () => {
  let rig: ProviderRig;
  let gw: TestGateway;
  let patient: Setup;
  let token: string;

  /** One GraphQL call per provider and kind; the double is prepared so a fault-free answer is a success. */
  const operations: Record<ProviderName, Record<Kind, (on: Setup) => Promise<GraphQLResponse<unknown>>>> = {
    openvidu: {
      repeatable: (on) => execute(on.gw.graphqlUrl, CreateSessionDocument, { input: { customSessionId: ROOM } }, { token }),
      create: (on) => {
        on.rig.openvidu.addSession(ROOM);
        return execute(on.gw.graphqlUrl, CreateConnectionDocument, { input: { sessionId: ROOM } }, { token });
      },
    },
    videosdk: {
      repeatable: (on) => {
        on.rig.videosdk.addRoom({ customRoomId: ROOM });
        return execute(on.gw.graphqlUrl, ValidateMeetingDocument, { meetingId: ROOM }, { token });
      },
      create: (on) => execute(on.gw.graphqlUrl, CreateMeetingDocument, {}, { token }),
    },
  };

  beforeAll(async () => {
    token = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'fault-tester' });
    const start = async (deadlineMs: number): Promise<Setup> => {
      const doubles = await startProviderRig();
      const gateway = await startTestGateway({
        ...doubles.env,
        OPENVIDU_TIMEOUT_MS: String(deadlineMs),
        VIDEOSDK_TIMEOUT_MS: String(deadlineMs),
        PROVIDER_RETRY_BASE_DELAY_MS: RETRY_BASE_DELAY_MS,
        // Each case stands alone: the breaker (tested in provider-resilience) must not open in between.
        PROVIDER_BREAKER_THRESHOLD: '1000',
        // Every case calls the providers as one caller; rate limits are tested in rate-limit.e2e.
        POLICY_FILE: unlimitedPolicyFile(),
      });
      // One successful call per provider first, so no timed case pays for the gateway's first request.
      const setup = { gw: gateway, rig: doubles };
      for (const provider of ['openvidu', 'videosdk'] as const) expect((await operations[provider].create(setup)).body.errors).toBeUndefined();
      doubles.reset();
      return setup;
    };
    let main: Setup;
    [main, patient] = await Promise.all([start(DEADLINE_MS), start(PATIENT_DEADLINE_MS)]);
    ({ gw, rig } = main);
  });
  afterEach(() => {
    rig.reset();
    patient.rig.reset();
  });
  afterAll(async () => {
    await Promise.all([gw.close(), patient.gw.close()]);
    await Promise.all([rig.close(), patient.rig.close()]);
  });

  /** Asserts nothing secret or internal reached the client or the logs written since `logsFrom`. */
  function expectNothingLeaked(response: GraphQLResponse<unknown>, on: Setup, logsFrom: number, double: DoubleServer) {
    const managementTokens = on.rig.videosdk.requests.map((r) => r.headers.authorization).filter((v): v is string => Boolean(v));
    const logs = on.gw.logs.slice(logsFrom).join('\n');
    for (const secret of [...on.rig.canaries, ...managementTokens]) {
      expect(response.text).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
    for (const text of [response.text, logs]) {
      expect(text).not.toContain(double.url);
      expect(text).not.toContain('internal detail');
      expect(text).not.toMatch(/"stack(trace)?"/);
    }
  }

  for (const provider of ['openvidu', 'videosdk'] as const) {
    describe(provider, () => {
      const table = CASES.flatMap((c) =>
        (['repeatable', 'create'] as const).map((kind) => [`${c.name}: ${kind}`, c, kind] as const),
      );

      it.each(table)('%s', async (_label, fault, kind) => {
        const on = fault.patient ? patient : { gw, rig };
        const double = on.rig[provider];
        const expected = fault.expected[kind];
        for (const f of fault.faults) double.inject(f);
        const logsFrom = on.gw.logs.length;

        const started = Date.now();
        const response = await operations[provider][kind](on);
        const elapsed = Date.now() - started;

        const codes = (response.body.errors ?? []).map((e) => e.extensions?.code);
        expect(codes).toEqual(expected.code === 'OK' ? [] : [expected.code]);
        // Every provider failure is a whole-request failure with one status (docs/errors.md).
        expect(response.status).toBe(expected.code === 'OK' ? 200 : 503);
        if (expected.code === 'OK') expect(response.body.data).toBeTruthy();
        else expect(response.body.errors?.[0]?.extensions?.provider).toBe(provider);
        expect(double.requests).toHaveLength(expected.calls);
        expect(elapsed).toBeLessThan(expected.maxMs);
        if (expected.minMs !== undefined) expect(elapsed).toBeGreaterThanOrEqual(expected.minMs);
        expectNothingLeaked(response, on, logsFrom, double);
        // A hung or trickling exchange is torn down by the gateway, not left open on the provider.
        await waitFor(() => double.openConnectionCount <= 1, `${provider} sockets to close`);
        if (fault.name.startsWith('401')) {
          expect(on.gw.logRecords().slice(logsFrom).some((r) => r.alert === 'provider_credentials_rejected' && r.provider === provider)).toBe(true);
        }
      });
    });
  }

  describe('refused connection (nothing listening)', () => {
    let dead: TestGateway;
    beforeAll(async () => {
      dead = await startTestGateway({
        ...rig.env,
        OPENVIDU_URL: await unusedPortUrl(),
        VIDEOSDK_API_URL: await unusedPortUrl(),
        OPENVIDU_TIMEOUT_MS: String(DEADLINE_MS),
        VIDEOSDK_TIMEOUT_MS: String(DEADLINE_MS),
        PROVIDER_RETRY_BASE_DELAY_MS: RETRY_BASE_DELAY_MS,
        PROVIDER_BREAKER_THRESHOLD: '1000',
      });
    });
    afterAll(() => dead.close());

    it.each([
      ['openvidu', 'repeatable', 3, () => execute(dead.graphqlUrl, CreateSessionDocument, { input: { customSessionId: ROOM } }, { token })],
      ['openvidu', 'create', 1, () => execute(dead.graphqlUrl, CreateConnectionDocument, { input: { sessionId: ROOM } }, { token })],
      ['videosdk', 'repeatable', 3, () => execute(dead.graphqlUrl, ValidateMeetingDocument, { meetingId: ROOM }, { token })],
      ['videosdk', 'create', 1, () => execute(dead.graphqlUrl, CreateMeetingDocument, {}, { token })],
    ] as const)('%s %s: PROVIDER_ERROR quickly after %i attempt(s), none reaching a provider', async (provider, _kind, attempts, run) => {
      const logsFrom = dead.logs.length;
      const started = Date.now();
      const response = await run();
      expect(Date.now() - started).toBeLessThan(fast);
      expect(response.body.errors?.map((e) => e.extensions?.code)).toEqual(['PROVIDER_ERROR']);
      expect(response.status).toBe(503);
      const failures = dead.logRecords().slice(logsFrom).filter((r) => r.msg === 'provider call failed' && r.provider === provider);
      expect(failures.map((r) => r.errorCode)).toEqual(Array(attempts).fill('ECONNREFUSED'));
      expect(response.text).not.toContain('127.0.0.1');
    });
  });

  describe('dead provider, before and after its circuit opens', () => {
    const THRESHOLD = 2;
    let dead: TestGateway;
    beforeAll(async () => {
      dead = await startTestGateway({
        ...rig.env,
        OPENVIDU_URL: await unusedPortUrl(),
        OPENVIDU_TIMEOUT_MS: String(DEADLINE_MS),
        PROVIDER_BREAKER_THRESHOLD: String(THRESHOLD),
        // Long enough that no probe is let through during the test.
        PROVIDER_BREAKER_HALF_OPEN_MS: '60000',
      });
    });
    afterAll(() => dead.close());

    it('answers the same HTTP status (503) on the first call as once the circuit is open', async () => {
      const connect = () => execute(dead.graphqlUrl, CreateConnectionDocument, { input: { sessionId: ROOM } }, { token });
      const answers: Array<[number, unknown]> = [];
      for (let i = 0; i < THRESHOLD + 2; i++) {
        const response = await connect();
        answers.push([response.status, response.body.errors?.[0]?.extensions?.code]);
      }
      expect(answers).toEqual([
        ...Array(THRESHOLD).fill([503, 'PROVIDER_ERROR']),
        [503, 'PROVIDER_UNAVAILABLE'],
        [503, 'PROVIDER_UNAVAILABLE'],
      ]);
    });
  });
});
