import type { ConfigContext } from './config-rules.js';

/** GraphQL subscriptions over WebSocket (subscriptions-environment.ts has the variables' schema). */
export interface SubscriptionsConfig {
  maxPerConnection: number;
  maxPerCaller: number;
  maxConnectionsPerIp: number;
  maxMessageBytes: number;
  connectionInitTimeoutMs: number;
}

export function subscriptionsConfig(ctx: ConfigContext): SubscriptionsConfig {
  const { e, problems } = ctx;
  if (e.SUBSCRIPTIONS_MAX_PER_CONNECTION > e.SUBSCRIPTIONS_MAX_PER_CALLER) {
    problems.push('SUBSCRIPTIONS_MAX_PER_CONNECTION: must not exceed SUBSCRIPTIONS_MAX_PER_CALLER (one caller could never use it)');
  }
  return {
    maxPerConnection: e.SUBSCRIPTIONS_MAX_PER_CONNECTION,
    maxPerCaller: e.SUBSCRIPTIONS_MAX_PER_CALLER,
    maxConnectionsPerIp: e.SUBSCRIPTIONS_MAX_CONNECTIONS_PER_IP,
    maxMessageBytes: e.SUBSCRIPTIONS_MAX_MESSAGE_BYTES,
    connectionInitTimeoutMs: e.SUBSCRIPTIONS_CONNECTION_INIT_TIMEOUT_MS,
  };
}
