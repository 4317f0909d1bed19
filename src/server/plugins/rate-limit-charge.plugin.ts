import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import type { Context } from '../../context/context.js';
import type { CredentialRateLimiter } from '../../rate-limit/credential-rate-limiter.js';
import { distinctRootFields, fragmentsOf, rootSchemaFields, selectionFilterFor } from '../operation-facts.js';
import { rateLimitPoints } from '../../schema/credential-field.js';
import type { OperationSummaries, OperationSummary } from './operation-summary.js';

/**
 * Charges each operation to the rate-limit budgets before it executes:
 * - an authenticated caller's and the client IP's credential budgets: one point per distinct response
 *   key of a `@CredentialField()` root field (its points) (every field that reaches a provider or issues a credential),
 *   counted as the executor runs them (distinctRootFields: aliases count, a repeated field under one
 *   key runs once, `@skip`/`@include` follow the variables). A refusal (RATE_LIMITED, 429) or a store
 *   failure (STATE_UNAVAILABLE, 503) stops the operation before any resolver runs;
 * - an anonymous operation counts as one failed authentication of the client IP (its own budget,
 *   never the credential budgets); past that budget the answer is RATE_LIMITED (`limit: auth`).
 * Each refusal is counted in `rateLimitRefusals` by the limiter itself.
 */
export function rateLimitChargePlugin(
  limiter: CredentialRateLimiter,
  summaries: OperationSummaries,
): ApolloServerPlugin<Context> {
  /** The points of this request: the static count, or the count of what runs with these variables. */
  const pointsOf = (
    summary: OperationSummary,
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables?: Record<string, unknown>,
  ) => {
    if (!summary.conditional || summary.points === 0) return summary.points;
    const runs = selectionFilterFor(schema, operation, variables);
    // Variables that do not coerce fail the operation before anything executes.
    if (runs === null) return 0;
    return rateLimitPoints(rootSchemaFields(schema, operation, distinctRootFields(operation, fragmentsOf(document.definitions), runs)));
  };

  const listener: GraphQLRequestListener<Context> = {
    async didResolveOperation({ contextValue, operation, schema, document, request }) {
      if (!operation) return;
      const summary = summaries(schema, document, operation);
      const { user, clientIp } = contextValue;
      if (!user) {
        // Every root field needs a caller: an anonymous operation fails authentication.
        if (summary.label === 'none') return;
        const refusal = await limiter.recordAuthFailure(clientIp);
        if (refusal) throw refusal;
        return;
      }
      const points = pointsOf(summary, schema, document, operation, request.variables);
      if (points === 0) return;
      await limiter.consume({ callerId: user.id, ip: clientIp }, points);
    },
  };
  return {
    async requestDidStart() {
      return listener;
    },
  };
}
