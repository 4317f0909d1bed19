import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Context } from '../../context/context.js';
import { isExpectedError } from '../../errors/format-error.js';
import { GatewayError } from '../../errors/gateway-errors.js';

/**
 * Logs one line per operation (name, outcome code, duration) and the real cause of every masked
 * error, with the request id so an operator can find it. Never logs variables, headers or tokens.
 */
export function operationLogPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async didEncounterErrors({ errors, operationName }) {
          for (const error of errors) {
            if (isExpectedError(error)) continue;
            const original = unwrapResolverError(error);
            if (!(original instanceof Error) || original instanceof GatewayError) continue;
            contextValue.logger?.error(
              { err: { type: original.name, message: original.message, stack: original.stack }, operationName },
              'unexpected error (masked for the client)',
            );
          }
        },
        async willSendResponse({ response, errors, operationName }) {
          const first = errors?.[0];
          const code = first ? (first.extensions?.code ?? 'INTERNAL_SERVER_ERROR') : 'OK';
          contextValue.logger?.info(
            {
              operation: operationName ?? null,
              outcome: code,
              status: response.http.status ?? 200,
              durationMs: Math.round(performance.now() - started),
            },
            'graphql operation',
          );
        },
      };
    },
  };
}
