/**
 * The per-request logging stays cheap (docs/performance.md, changes 10 and 13): issuing a token
 * writes its audit line and its request line through the root logger, with the request id and the
 * caller as fields, and builds no child logger on the way, including through Apollo's copy of the
 * context. A request that does log through its own logger (a provider call) still gets one bound to
 * its request id and caller.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { CreateSessionDocument, IssueLivekitTokenDocument } from '../../client/generated/graphql.js';
import { mintHs256CallerToken } from '../support/caller-tokens.js';
import { execute, expectData } from '../support/graphql-client.js';
import { startProviderRig, type ProviderRig } from '../support/provider-rig.js';
import { startTestGateway, TEST_AUTH_SECRET, type TestGateway } from '../support/start-test-gateway.js';

describe('logging on the hot path', () => {
  let rig: ProviderRig;
  let gw: TestGateway;
  let caller: string;
  let childCalls: Array<Record<string, unknown>>;

  beforeAll(async () => {
    rig = await startProviderRig();
    childCalls = [];
    gw = await startTestGateway({ ...rig.env, LOG_LEVEL: 'debug' }, (services) => {
      const child = services.logger.child.bind(services.logger);
      jest.spyOn(services.logger, 'child').mockImplementation((bindings, options) => {
        childCalls.push(bindings);
        return child(bindings, options);
      });
    });
    caller = await mintHs256CallerToken(TEST_AUTH_SECRET, { sub: 'hana', name: 'Hana' });
  });
  afterAll(async () => {
    await gw.close();
    await rig.close();
  });

  it('issues a LiveKit token without building a child logger, and logs audit and request lines with reqId and callerId', async () => {
    childCalls.length = 0;
    const res = await execute(gw.graphqlUrl, IssueLivekitTokenDocument, { input: { roomName: 'hot-path' } }, { token: caller });
    expectData(res);
    const requestId = res.headers.get('x-request-id');
    expect(childCalls).toEqual([]);
    const lines = gw.logRecords().filter((r) => r.reqId === requestId);
    expect(lines.map((r) => r.msg)).toEqual(['audit', 'graphql request']);
    for (const line of lines) expect(line.callerId).toBe('hana');
    expect(lines[0].audit).toMatchObject({ event: 'credential.issued', provider: 'livekit', room: 'hot-path', callerId: 'hana', requestId });
  });

  it('binds a request logger to reqId and callerId once something logs through it (a provider call at debug)', async () => {
    childCalls.length = 0;
    const res = await execute(gw.graphqlUrl, CreateSessionDocument, { input: { customSessionId: 'hot-path-session' } }, { token: caller });
    expectData(res);
    const requestId = res.headers.get('x-request-id');
    expect(childCalls).toEqual([{ reqId: requestId, callerId: 'hana' }]);
    const providerLine = gw.logRecords().find((r) => r.reqId === requestId && r.msg === 'provider call');
    expect(providerLine).toMatchObject({ callerId: 'hana', provider: 'openvidu', operation: 'createSession' });
  });

  it('writes the gateway\'s own request id on audit and request lines; a client x-request-id is only clientRequestId', async () => {
    const res = await execute(gw.graphqlUrl, IssueLivekitTokenDocument, { input: { roomName: 'forged-id' } }, { token: caller, headers: { 'x-request-id': 'forged' } });
    expectData(res);
    const gatewayId = res.headers.get('x-request-id');
    expect(gatewayId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const lines = gw.logRecords().filter((r) => r.clientRequestId === 'forged');
    expect(lines.map((r) => r.msg)).toEqual(['audit', 'graphql request']);
    for (const line of lines) expect(line.reqId).toBe(gatewayId);
    expect(lines[0].audit).toMatchObject({ room: 'forged-id', requestId: gatewayId, clientRequestId: 'forged' });
    expect(gw.logRecords().some((r) => r.reqId === 'forged')).toBe(false);
  });

  it('keeps a hostile x-request-id bounded and sanitized, and never as reqId', async () => {
    const hostile = `x"\t{"reqId": "victim"}${'y'.repeat(300)}`;
    const res = await execute(gw.graphqlUrl, IssueLivekitTokenDocument, { input: { roomName: 'hostile-id' } }, { token: caller, headers: { 'x-request-id': hostile } });
    expectData(res);
    const audit = gw.logRecords().find((r) => r.msg === 'audit' && r.reqId === res.headers.get('x-request-id'));
    expect(audit?.clientRequestId).toBe(`x____reqId_:__victim__${'y'.repeat(106)}`);
    expect(gw.logRecords().some((r) => r.reqId === 'victim')).toBe(false);
  });
});
