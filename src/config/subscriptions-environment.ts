import { z } from 'zod';

/**
 * Settings of GraphQL subscriptions over WebSocket (graphql-ws on /graphql), read with the rest of the
 * environment: `subscriptionsEnvironment` is part of the environment schema, `subscriptionsConfig`
 * (subscriptions-config.ts) turns it into the typed part of `Config`.
 */
export const subscriptionsEnvironment = {
  /** Subscriptions one WebSocket may hold at once. */
  SUBSCRIPTIONS_MAX_PER_CONNECTION: z.coerce.number().int().min(1).max(1000).default(10),
  /** Subscriptions one caller may hold at once on this replica, across all their connections. */
  SUBSCRIPTIONS_MAX_PER_CALLER: z.coerce.number().int().min(1).max(10_000).default(30),
  /** Open WebSockets from one client address (an IPv6 client counts by its /64) on this replica. */
  SUBSCRIPTIONS_MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(1).max(100_000).default(50),
  /** The largest WebSocket message the gateway reads; a bigger one closes the socket (1009). */
  SUBSCRIPTIONS_MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).max(1024 * 1024).default(16 * 1024),
  /** How long a new WebSocket may take to send connection_init before it is closed (4408). */
  SUBSCRIPTIONS_CONNECTION_INIT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
};
