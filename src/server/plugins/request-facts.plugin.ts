import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { Context } from '../../context/context.js';
import type { OperationSummaries } from './operation-summary.js';

/**
 * Notes in the request record what Apollo knows of the request: the operation (root-field label and the
 * client's operation name) once it is resolved, and the response it sends (whether it has data and the
 * error codes the client sees, which decide the HTTP status: errors/http-status.ts, applied by the
 * route). The listener is one shared object (its hooks read everything from the request context), so
 * a request allocates no closures here.
 */
export function requestFactsPlugin(summaries: OperationSummaries): ApolloServerPlugin<Context> {
  const listener: GraphQLRequestListener<Context> = {
    async didResolveOperation({ contextValue, operationName, operation, schema, document }) {
      if (!operation) return;
      contextValue.record.noteOperation(summaries(schema, document, operation).label, operationName);
    },
    async willSendResponse({ response, contextValue }) {
      // The formatted errors, as the client sees them: their codes come from the closed list.
      const result = response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult;
      const errorCodes = result.errors ? result.errors.map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR')) : [];
      contextValue.record.noteResponse({ hasData: result.data != null, errorCodes });
    },
  };
  return {
    async requestDidStart() {
      return listener;
    },
  };
}
