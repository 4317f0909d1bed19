/**
 * Starts the real gateway (Fastify + Apollo, the same `createGateway` as `npm start`) on 127.0.0.1:0
 * with a given environment, and captures every log line so tests can assert on logs and grep them
 * for secrets.
 */
import 'reflect-metadata';
import { loadConfig, type Config } from '../../src/config/load-config.js';
import { createLogger } from '../../src/logger.js';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/server/create-gateway.js';
import { createGatewayServices, type GatewayServices } from '../../src/server/gateway-services.js';

export const TEST_AUTH_SECRET = 'test-caller-secret-0123456789abcdef0123456789';

export interface TestGateway {
  url: string;
  graphqlUrl: string;
  /** ws://127.0.0.1:<port>/graphql, for graphql-ws clients ('' without listening). */
  wsUrl: string;
  /** The admin listener's base URL when ADMIN_PORT is set (use ADMIN_PORT=0 for a free port). */
  adminUrl?: string;
  config: Config;
  gateway: Gateway;
  /** Every log line the gateway wrote, raw JSON text, in order. */
  logs: string[];
  /** The parsed log records. */
  logRecords(): Record<string, unknown>[];
  close(): Promise<void>;
}

export interface StartOptions {
  /**
   * false: build the gateway without listening, for tests that only send requests in-process
   * (Fastify inject(), see graphql-client.ts); `url`, `graphqlUrl` and `adminUrl` are then unset ('').
   */
  listen?: boolean;
  /** Options of createGateway (e.g. the WebSocket server's clock). */
  gateway?: GatewayOptions;
}

/** `customize` may adjust the services before the gateway is built (e.g. add readiness checks). */
export async function startTestGateway(
  env: Record<string, string | undefined> = {},
  customize?: (services: GatewayServices) => void,
  options: StartOptions = {},
): Promise<TestGateway> {
  const config = loadConfig({ NODE_ENV: 'test', AUTH_JWT_SECRET: TEST_AUTH_SECRET, LOG_LEVEL: 'debug', ...env });
  const logs: string[] = [];
  const logger = createLogger(config.server.logLevel, { write: (line: string) => void logs.push(line) });
  const services = createGatewayServices(config, logger);
  customize?.(services);
  const gateway = await createGateway(services, options.gateway);
  const { port, adminPort } = options.listen === false ? { port: undefined, adminPort: undefined } : await gateway.listen(0, '127.0.0.1');
  const url = port === undefined ? '' : `http://127.0.0.1:${port}`;
  return {
    url,
    graphqlUrl: url && `${url}/graphql`,
    wsUrl: url && `${url.replace(/^http/, 'ws')}/graphql`,
    adminUrl: adminPort === undefined ? undefined : `http://127.0.0.1:${adminPort}`,
    config,
    gateway,
    logs,
    logRecords: () => logs.map((l) => JSON.parse(l) as Record<string, unknown>),
    close: () => gateway.close(),
  };
}
