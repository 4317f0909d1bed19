import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Context } from '../../context/context.js';

export const SUBSCRIPTION_OVER_HTTP_MESSAGE = 'Subscriptions run over WebSocket (the graphql-ws protocol) on /graphql, not over HTTP.';

/**
 * Refuses a subscription operation sent over HTTP (BAD_REQUEST, 400) before anything is charged or
 * run: executed as a query its resolver would have no event to answer with. The WebSocket server
 * (src/server/subscriptions/) serves subscriptions, and only them.
 */
export function subscriptionsOverHttpPlugin(): ApolloServerPlugin<Context> {
  const listener: GraphQLRequestListener<Context> = {
    async didResolveOperation({ operation }) {
      if (operation?.operation === 'subscription') throw new GraphQLError(SUBSCRIPTION_OVER_HTTP_MESSAGE, { extensions: { code: 'BAD_REQUEST' } });
    },
  };
  return {
    async requestDidStart() {
      return listener;
    },
  };
}
