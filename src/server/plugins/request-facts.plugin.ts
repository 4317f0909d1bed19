import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import type { Context } from '../../context/context.js';
import { isExpectedError } from '../../errors/format-error.js';
import { GatewayError, RateLimitedError } from '../../errors/gateway-errors.js';
import type { CredentialRateLimiter } from '../../rate-limit/credential-rate-limiter.js';
import { countRateLimitedFields, rootFieldLabel } from '../operation-facts.js';

const MAX_OPERATION_NAME_LENGTH = 64;

/** What the gateway needs to know about one operation of a document; it depends on the document only. */
interface OperationFacts {
  /** The root-field label for logs and metrics (see rootFieldLabel). */
  label: string;
  /** Rate-limit points the operation costs (see countRateLimitedFields). */
  points: number;
}

/**
 * The gateway's one Apollo plugin with per-request hooks:
 * - notes the operation (root-field label), the client's operation name and the outcome code in the
 *   request record (the request log line and metrics are written from it when the response is sent);
 * - charges the caller's and the client IP's rate-limit budgets before a mutation executes: one point
 *   per `@RateLimited()` field, aliases and fragments counted. A refusal (RATE_LIMITED, 429) or a store
 *   failure (STATE_UNAVAILABLE, 503) stops the operation before any resolver runs;
 * - logs the real cause of every masked error with the request id. Never logs variables, headers or
 *   tokens.
 *
 * Label and points depend only on the operation, so they are computed once per operation node:
 * Apollo's document cache hands back the same parsed document for the same query text. The listener
 * is one shared object (its hooks read everything from the request context), so a request allocates
 * no closures here.
 */
export function requestFactsPlugin(limiter: CredentialRateLimiter): ApolloServerPlugin<Context> {
  const factsByOperation = new WeakMap<OperationDefinitionNode, OperationFacts>();

  const factsOf = (schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): OperationFacts => {
    let facts = factsByOperation.get(operation);
    if (!facts) {
      facts = { label: rootFieldLabel(operation, document), points: countRateLimitedFields(schema, document, operation) };
      factsByOperation.set(operation, facts);
    }
    return facts;
  };

  const listener: GraphQLRequestListener<Context> = {
    async didResolveOperation({ contextValue, operationName, operation, schema, document }) {
      if (!operation) return;
      const facts = factsOf(schema, document, operation);
      contextValue.record.operation = facts.label;
      if (operationName) contextValue.record.operationName = operationName.slice(0, MAX_OPERATION_NAME_LENGTH);
      if (facts.points === 0) return;
      try {
        await limiter.consume({ callerId: contextValue.user?.id ?? null, ip: contextValue.clientIp }, facts.points);
      } catch (error) {
        if (error instanceof RateLimitedError) {
          contextValue.services.metrics.rateLimitRefusals.inc({ scope: String(error.extensions.limit) });
        }
        throw error;
      }
    },
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
    async willSendResponse({ response, contextValue }) {
      // The formatted errors, as the client sees them: their codes come from the closed list. They and
      // the presence of data decide the HTTP status (errors/http-status.ts, applied by the route).
      const result = response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult;
      const sent = result.errors;
      const errorCodes = sent ? sent.map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR')) : [];
      contextValue.record.outcome = errorCodes.length ? errorCodes[0] : 'OK';
      contextValue.record.response = { hasData: result.data != null, errorCodes };
    },
  };

  return {
    async requestDidStart() {
      return listener;
    },
  };
}
