/**
 * The GraphQL-over-HTTP audit published by `graphql-http` (serverAudits), run against the real gateway
 * on a real socket.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { serverAudits } from 'graphql-http';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.js';

async function failingAudits(url: string): Promise<Array<{ id: string; name: string; reason: string }>> {
  const failed: Array<{ id: string; name: string; reason: string }> = [];
  for (const audit of serverAudits({ url })) {
    const result = await audit.fn();
    if (result.status !== 'ok') failed.push({ id: audit.id, name: audit.name, reason: result.reason });
  }
  return failed;
}

describe('GraphQL over HTTP audit', () => {
  let dev: TestGateway;
  let prod: TestGateway;
  beforeAll(async () => {
    dev = await startTestGateway({ NODE_ENV: 'development' });
    prod = await startTestGateway({ NODE_ENV: 'production', LOG_LEVEL: 'info', LIVEKIT_API_KEY: 'prod-key', LIVEKIT_API_SECRET: 'lk-prod-secret-0123456789abcdef0123456789' });
  });
  afterAll(async () => {
    await dev.close();
    await prod.close();
  });
  it('production', async () => {
    const failed = await failingAudits(prod.graphqlUrl);
    console.log(JSON.stringify(failed, null, 1));
  });
  it('development', async () => {
    const failed = await failingAudits(dev.graphqlUrl);
    console.log(JSON.stringify(failed, null, 1));
  });
});
