/**
 * The GraphQL-over-HTTP audit that `graphql-http` publishes (serverAudits), run against the real
 * gateway on a real socket. Every MUST passes in development. The audits the gateway fails on purpose
 * are listed below with the reason; the test fails when the set of failing audits differs from the
 * list in either direction, so a new failure and a fixed one both show up.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { serverAudits } from 'graphql-http';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.js';

/** Failing by design in every environment: audit id -> why. */
const BY_DESIGN: Record<string, string> = {
  // Apollo's CSRF prevention refuses a GET without a content type or a preflight header, and a
  // form-encoded content type (a "simple" request a browser sends cross-site without asking).
  '5A70': 'CSRF prevention: a GET with content-type application/x-www-form-urlencoded is refused (415)',
  D6D5: 'CSRF prevention: the audit\'s GET carries no content type or apollo-require-preflight header',
  '6A70': 'CSRF prevention: the audit\'s GET carries no content type or apollo-require-preflight header',
  // A whole-request failure is never a 200 (docs/errors.md, "HTTP status"), also for application/json.
  '572B': 'a document that does not parse is a 400 (GRAPHQL_PARSE_FAILED), not a 200',
  FDE2: 'a document that does not validate is a 400 (GRAPHQL_VALIDATION_FAILED), not a 200',
  '7B9B': 'a variable coercion failure is a 400 (BAD_USER_INPUT), not a 200',
};

/** Failing in production only: introspection is off there, and these audits query `__type`. */
const PRODUCTION_ONLY: Record<string, string> = {
  BF61: 'introspection is disabled in production; the audit queries __type',
  '2EA1': 'introspection is disabled in production; the audit queries __type',
  '28B9': 'introspection is disabled in production; the audit queries __type',
};

async function failingAudits(url: string): Promise<Record<string, string>> {
  const failed: Record<string, string> = {};
  for (const audit of serverAudits({ url })) {
    const result = await audit.fn();
    if (result.status !== 'ok') failed[audit.id] = `${audit.name}: ${result.reason}`;
  }
  return failed;
}

describe('GraphQL over HTTP (graphql-http server audits)', () => {
  let dev: TestGateway;
  let prod: TestGateway;
  beforeAll(async () => {
    dev = await startTestGateway({ NODE_ENV: 'development' });
    prod = await startTestGateway({
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      LIVEKIT_URL: 'wss://livekit.prod.test',
      LIVEKIT_API_KEY: 'prod-key',
      LIVEKIT_API_SECRET: 'lk-prod-secret-0123456789abcdef0123456789',
    });
  });
  afterAll(async () => {
    await dev.close();
    await prod.close();
  });

  it('development: every MUST passes; only the by-design audits fail', async () => {
    const failed = await failingAudits(dev.graphqlUrl);
    expect(Object.values(failed).filter((name) => name.startsWith('MUST'))).toEqual([]);
    expect(Object.keys(failed).sort()).toEqual(Object.keys(BY_DESIGN).sort());
  });

  it('production: only the by-design audits and the ones needing introspection fail', async () => {
    const failed = await failingAudits(prod.graphqlUrl);
    expect(Object.keys(failed).sort()).toEqual(Object.keys({ ...BY_DESIGN, ...PRODUCTION_ONLY }).sort());
  });
});
