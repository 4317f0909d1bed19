import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Context } from '../../context/context.js';
import { isExpectedError } from '../../errors/format-error.js';
import { GatewayError } from '../../errors/gateway-errors.js';

/**
 * Logs the real cause of every error the client sees masked (INTERNAL_SERVER_ERROR), with the request
 * id of the request's logger. Never logs variables, headers or tokens.
 */
export function maskedErrorLogPlugin(): ApolloServerPlugin<Context> {
  const listener: GraphQLRequestListener<Context> = {
    async didEncounterErrors({ errors, operationName, contextValue }) {
      for (const error of errors) {
        if (isExpectedError(error)) continue;
        const original = unwrapResolverError(error);
        if (!(original instanceof Error) || original instanceof GatewayError) continue;
        contextValue.logger.error(
          { err: { type: original.name, message: original.message, stack: original.stack }, operationName },
          'unexpected error (masked for the client)',
        );
      }
    },
  };
  return {
    async requestDidStart() {
      return listener;
    },
  };
}
