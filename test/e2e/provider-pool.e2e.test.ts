/**
 * The provider keep-alive pool under concurrency: sockets opened for a burst of parallel calls are
 * kept and reused by the next burst, instead of being closed as soon as they go idle.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateConnectionDocument } from '../../client/generated/graphql.js';
import { mintHs256CallerToken } from '../support/caller-tokens.js';
import { startOpenViduDouble, type OpenViduDouble } from '../support/doubles/openvidu-double.js';
import { execute, expectData } from '../support/graphql-client.js';
import { unlimitedPolicyFile } from '../support/policy-files.js';
import { startTestGateway, TEST_AUTH_SECRET, type TestGateway } from '../support/start-test-gateway.js';

const SECRET = 'pool-test-openvidu-secret';
const BURST = 30;

describe('provider connection pool', () => {
  let openvidu: OpenViduDouble;
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    openvidu = await startOpenViduDouble({ secret: SECRET, keepAliveTimeoutMs: 30_000 });
    gw = await startTestGateway({ OPENVIDU_URL: openvidu.url, OPENVIDU_SECRET: SECRET, LOG_LEVEL: 'warn', POLICY_FILE: unlimitedPolicyFile(), PROVIDER_MAX_IN_FLIGHT_PER_CALLER: String(BURST) });
    token = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'alice' });
    openvidu.addSession('pool-room');
  });
  afterAll(async () => {
    await gw.close();
    await openvidu.close();
  });

  const burst = () =>
    Promise.all(
      Array.from({ length: BURST }, () => execute(gw.graphqlUrl, CreateConnectionDocument, { input: { sessionId: 'pool-room' } }, { token })),
    );

  it('reuses every socket of a burst of parallel calls for the next burst', async () => {
    // Slow answers make the calls overlap, so the first burst needs many sockets at once.
    openvidu.injectAlways({ kind: 'delay', ms: 150 });
    const first = openvidu.connectionCount;
    for (const res of await burst()) expectData(res);
    const opened = openvidu.connectionCount - first;
    expect(opened).toBeGreaterThan(10);
    expect(opened).toBeLessThanOrEqual(BURST);

    // The second burst may overlap a little more than the first (a loaded machine), but it opens at
    // most the sockets the pool did not have yet: 60 calls never take more than BURST connections.
    for (const res of await burst()) expectData(res);
    expect(openvidu.connectionCount - first).toBeLessThanOrEqual(BURST);
  });
});
