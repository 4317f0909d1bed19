/**
 * A redis-server of the test's own (redis-server.ts) with the gateway's shared state connected to it
 * and ready: the set-up of the integration tests of the Redis stores. `stop()` closes both.
 */
import pino from 'pino';
import { createRedisState, type SharedState } from '../../src/state/shared-state.js';
import { startRedisServer, type TestRedisServer } from './redis-server.js';

export interface TestRedisState {
  server: TestRedisServer;
  state: SharedState;
  stop(): Promise<void>;
}

export async function startRedisState(): Promise<TestRedisState> {
  const server = await startRedisServer();
  const state = createRedisState(server.url, pino({ level: 'silent' }));
  if (!(await state.waitUntilReady())) {
    await state.close();
    await server.stop();
    throw new Error(`the shared state did not connect to the test's redis-server at ${server.url}`);
  }
  return {
    server,
    state,
    async stop() {
      await state.close();
      await server.stop();
    },
  };
}
