import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { Context } from '../../context/context.js';
import { isExpectedError } from '../../errors/format-error.js';
import { ErrorCode } from '../../errors/error-codes.js';
import { GatewayError } from '../../errors/gateway-errors.js';
import type { GatewayMetrics } from '../../observability/metrics.js';
import type { CredentialRateLimiter } from '../../rate-limit/credential-rate-limiter.js';
import { rateLimitPoints } from '../../schema/credential-field.js';
import {
  distinctRootFields,
  fragmentsOf,
  hasConditionalRootSelections,
  rootFieldLabel,
  rootSchemaFields,
  selectionFilterFor,
} from '../operation-facts.js';

const MAX_OPERATION_NAME_LENGTH = 64;

/** What the gateway needs to know about one operation of a document; it depends on the document only. */
interface OperationFacts {
  /** The root-field label for logs and metrics (see rootFieldLabel). */
  label: string;
  /** Rate-limit points the operation costs when every selection runs (see rateLimitPoints). */
  points: number;
  /** Some root-level selection has `@skip`/`@include`: the points then depend on the variables. */
  conditional: boolean;
}

/**
 * The gateway's one Apollo plugin with per-request hooks:
 * - notes the operation (root-field label), the client's operation name and the outcome code in the
 *   request record (the request log line and metrics are written from it when the response is sent);
 * - charges an authenticated caller's and the client IP's rate-limit budgets before the operation
 *   executes: the points of each distinct response key of a `@CredentialField()` root field
 *   (every field that reaches a provider or issues a credential), counted as the executor runs them
 *   (distinctRootFields: aliases count, a repeated field under one key runs once, `@skip`/`@include`
 *   follow the variables). A refusal (RATE_LIMITED, 429) or a store failure (STATE_UNAVAILABLE, 503)
 *   stops the operation before any resolver runs;
 * - counts an anonymous operation as one failed authentication of the client IP (its own budget,
 *   never the credential budgets); past that budget the answer is RATE_LIMITED (`limit: auth`);
 * - logs the real cause of every masked error with the request id. Never logs variables, headers or
 *   tokens.
 *
 * Label and points depend only on the operation, so they are computed once per operation node:
 * Apollo's document cache hands back the same parsed document for the same query text. The listener
 * is one shared object (its hooks read everything from the request context), so a request allocates
 * no closures here.
 */
export function requestFactsPlugin(limiter: CredentialRateLimiter, metrics: Pick<GatewayMetrics, 'rateLimitRefusals'>): ApolloServerPlugin<Context> {
  const factsByOperation = new WeakMap<OperationDefinitionNode, OperationFacts>();

  const factsOf = (schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): OperationFacts => {
    let facts = factsByOperation.get(operation);
    if (!facts) {
      const fragments = fragmentsOf(document.definitions);
      const fields = distinctRootFields(operation, fragments);
      facts = {
        label: rootFieldLabel(fields),
        points: rateLimitPoints(rootSchemaFields(schema, operation, fields)),
        conditional: hasConditionalRootSelections(operation, fragments),
      };
      factsByOperation.set(operation, facts);
    }
    return facts;
  };

  /** The points of this request: the static count, or the count of what runs with these variables. */
  const pointsOf = (facts: OperationFacts, schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables?: Record<string, unknown>) => {
    if (!facts.conditional || facts.points === 0) return facts.points;
    const runs = selectionFilterFor(schema, operation, variables);
    // Variables that do not coerce fail the operation before anything executes.
    if (runs === null) return 0;
    return rateLimitPoints(rootSchemaFields(schema, operation, distinctRootFields(operation, fragmentsOf(document.definitions), runs)));
  };

  const refused = (error: unknown): never => {
    if (error instanceof GraphQLError && error.extensions.code === ErrorCode.RATE_LIMITED) {
      metrics.rateLimitRefusals.inc({ scope: String(error.extensions.limit) });
    }
    throw error;
  };

  const listener: GraphQLRequestListener<Context> = {
    async didResolveOperation({ contextValue, operationName, operation, schema, document, request }) {
      if (!operation) return;
      const facts = factsOf(schema, document, operation);
      contextValue.record.operation = facts.label;
      if (operationName) contextValue.record.operationName = operationName.slice(0, MAX_OPERATION_NAME_LENGTH);
      const { user, clientIp } = contextValue;
      if (!user) {
        // Every root field needs a caller: an anonymous operation fails authentication.
        if (facts.label === 'none') return;
        const refusal = await limiter.recordAuthFailure(clientIp);
        if (refusal) refused(refusal);
        return;
      }
      const points = pointsOf(facts, schema, document, operation, request.variables);
      if (points === 0) return;
      try {
        await limiter.consume({ callerId: user.id, ip: clientIp }, points);
      } catch (error) {
        refused(error);
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
