/** The subscription settings: defaults, bounds, and the per-connection limit within the per-caller one. */
import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../../src/config/load-config.js';
import { configProblems } from '../../support/config-problems.js';

describe('subscription configuration', () => {
  it('has defaults that bound every resource', () => {
    expect(loadConfig({}).subscriptions).toEqual({ maxPerConnection: 10, maxPerCaller: 30, maxConnectionsPerIp: 50, maxMessageBytes: 16384, connectionInitTimeoutMs: 3000 });
    expect(
      loadConfig({
        SUBSCRIPTIONS_MAX_PER_CONNECTION: '3',
        SUBSCRIPTIONS_MAX_PER_CALLER: '3',
        SUBSCRIPTIONS_MAX_CONNECTIONS_PER_IP: '7',
        SUBSCRIPTIONS_MAX_MESSAGE_BYTES: '4096',
        SUBSCRIPTIONS_CONNECTION_INIT_TIMEOUT_MS: '500',
      }).subscriptions,
    ).toEqual({ maxPerConnection: 3, maxPerCaller: 3, maxConnectionsPerIp: 7, maxMessageBytes: 4096, connectionInitTimeoutMs: 500 });
  });

  it('refuses values out of range and a per-connection limit above the per-caller one, naming each variable', () => {
    const problems = configProblems({
      SUBSCRIPTIONS_MAX_PER_CONNECTION: '0',
      SUBSCRIPTIONS_MAX_CONNECTIONS_PER_IP: 'many',
      SUBSCRIPTIONS_MAX_MESSAGE_BYTES: String(2 * 1024 * 1024),
      SUBSCRIPTIONS_CONNECTION_INIT_TIMEOUT_MS: '10',
    });
    for (const name of ['SUBSCRIPTIONS_MAX_PER_CONNECTION', 'SUBSCRIPTIONS_MAX_CONNECTIONS_PER_IP', 'SUBSCRIPTIONS_MAX_MESSAGE_BYTES', 'SUBSCRIPTIONS_CONNECTION_INIT_TIMEOUT_MS']) {
      expect(problems.some((p) => p.startsWith(`${name}:`))).toBe(true);
    }
    expect(configProblems({ SUBSCRIPTIONS_MAX_PER_CONNECTION: '20', SUBSCRIPTIONS_MAX_PER_CALLER: '5' })).toEqual([
      'SUBSCRIPTIONS_MAX_PER_CONNECTION: must not exceed SUBSCRIPTIONS_MAX_PER_CALLER (one caller could never use it)',
    ]);
  });
});
