import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { Context } from '../../context/context.js';
import { RateLimitedError } from '../../errors/gateway-errors.js';
import type { CredentialRateLimiter } from '../../rate-limit/credential-rate-limiter.js';
import { RATE_LIMITED_EXTENSION_KEY } from '../../rate-limit/rate-limited.decorator.js';

/**
 * How many `@RateLimited()` mutation fields the operation holds, counting each alias and each field inside
 * fragments separately. `@skip`/`@include` are ignored on purpose: a field that may run is counted.
 */
export function countRateLimitedFields(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): number {
  const mutationFields = schema.getMutationType()?.getFields();
  if (operation.operation !== 'mutation' || !mutationFields) return 0;
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [])),
  );
  const visiting = new Set<string>();
  const count = (selectionSet: SelectionSetNode): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (mutationFields[selection.name.value]?.extensions?.[RATE_LIMITED_EXTENSION_KEY] === true) total++;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += count(selection.selectionSet);
      } else {
        // Validation already refused fragment cycles; the guard only keeps this function total.
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || visiting.has(name)) continue;
        visiting.add(name);
        total += count(fragment);
        visiting.delete(name);
      }
    }
    return total;
  };
  return count(operation.selectionSet);
}

/**
 * Charges the caller's and the client IP's budgets before a mutation document executes: one point per
 * credential mutation field. A refusal (RATE_LIMITED, 429) or a store failure (STATE_UNAVAILABLE, 503)
 * stops the whole operation before any resolver, so no provider is called.
 */
export function rateLimitPlugin(limiter: CredentialRateLimiter): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, contextValue }) {
          if (!operation) return;
          const points = countRateLimitedFields(schema, document, operation);
          if (points === 0) return;
          try {
            await limiter.consume({ callerId: contextValue.user?.id ?? null, ip: contextValue.clientIp }, points);
          } catch (error) {
            if (error instanceof RateLimitedError) {
              contextValue.services.metrics.rateLimitRefusals.inc({ scope: String(error.extensions.limit) });
            }
            throw error;
          }
        },
      };
    },
  };
}
